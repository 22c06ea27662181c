"""timeslice's hook for `timeslice trace`.

timeslice puts this folder first on PYTHONPATH of a Python program it
traces, and nothing else: the program's own environment is put back as
it was before any user code runs. Python imports this module at start-up
(the `site` machinery does); it

1. runs the sitecustomize the user already had, if any, further along
   sys.path, so tracing changes nothing the program relies on;
2. only when TIMESLICE_TRACE_FD names an open pipe, loads
   _timeslice_hook, which reports thread names, process names and
   asyncio task events over that pipe. Without the variable this module
   costs one dictionary lookup.
"""
import os as _os
import sys as _sys


def _restore_environment():
    """Removes what timeslice added; returns the hook's fd or None."""
    fd = _os.environ.pop("TIMESLICE_TRACE_FD", None)
    old = _os.environ.pop("TIMESLICE_TRACE_PYTHONPATH", None)
    unset = _os.environ.pop("TIMESLICE_TRACE_PYTHONPATH_UNSET", None)
    if fd is None:
        return None
    if old is not None:
        _os.environ["PYTHONPATH"] = old
    elif unset is not None:
        _os.environ.pop("PYTHONPATH", None)
    try:
        return int(fd)
    except ValueError:
        return None


def _run_user_sitecustomize():
    """Finds and runs the next sitecustomize on sys.path, if there is one."""
    import importlib.machinery
    import importlib.util

    here = _os.path.dirname(_os.path.abspath(__file__))
    rest = [p for p in _sys.path if _os.path.abspath(p or ".") != here]
    spec = importlib.machinery.PathFinder.find_spec("sitecustomize", rest)
    if spec is None or spec.loader is None:
        return
    module = importlib.util.module_from_spec(spec)
    _sys.modules["_timeslice_user_sitecustomize"] = module
    spec.loader.exec_module(module)


_fd = _restore_environment() if "TIMESLICE_TRACE_FD" in _os.environ else None
_run_user_sitecustomize()
if _fd is not None:
    try:
        _os.fstat(_fd)
    except OSError:
        _fd = None
if _fd is not None:
    import _timeslice_hook
    _timeslice_hook.install(_fd)
    _here = _os.path.dirname(_os.path.abspath(__file__))
    _sys.path[:] = [p for p in _sys.path
                    if _os.path.abspath(p or ".") != _here]
