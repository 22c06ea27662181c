"""timeslice's hook for `timeslice trace`.

timeslice puts this folder first on PYTHONPATH of a Python program it
traces (never of one started with -I, -E or -S, which would not load it),
and nothing else. Python imports this module at start-up (the `site`
machinery does); before any of the program's code runs it

1. puts the program's environment back as it was: the TIMESLICE_TRACE_*
   variables removed, PYTHONPATH as the user had it (unset if unset);
2. when TIMESLICE_TRACE_FD named the pipe, loads _timeslice_hook, which
   reports thread names, process names and asyncio task events over it
   (and leaves sys.modules again);
3. takes this folder off sys.path;
4. runs the sitecustomize the user already had, if any, under that name,
   so that it becomes sys.modules["sitecustomize"] exactly as untraced;
   without one, this module leaves sys.modules at the program's first
   import, as if no sitecustomize had been found.
"""
import os as _os
import sys as _sys


def _restore_environment():
    """Removes what timeslice added; returns the hook's fd (or None) and
    the path of its C step recorder (or None)."""
    env = _os.environ
    fd = env.pop("TIMESLICE_TRACE_FD", None)
    old = env.pop("TIMESLICE_TRACE_PYTHONPATH", None)
    steps = env.pop("TIMESLICE_TRACE_STEPS", None)
    if fd is None:
        return None, None
    if old is None:
        env.pop("PYTHONPATH", None)
    else:
        env["PYTHONPATH"] = old
    try:
        return int(fd), steps
    except ValueError:
        return None, None


def _leave_path():
    """Takes this folder off sys.path and out of the importers' cache."""
    here = _os.path.dirname(_os.path.abspath(__file__))
    _sys.path[:] = [p for p in _sys.path
                    if _os.path.abspath(p or ".") != here]
    _sys.path_importer_cache.pop(here, None)


def _user_sitecustomize():
    """The next sitecustomize on sys.path as a module ready to run, or
    None."""
    bootstrap = _sys.modules["_frozen_importlib"]
    external = _sys.modules["_frozen_importlib_external"]
    spec = external.PathFinder.find_spec("sitecustomize")
    if spec is None or spec.loader is None:
        return None
    return bootstrap.module_from_spec(spec)


class _Leave:
    """Takes this module out of sys.modules at the first import after
    start-up, when the user has no sitecustomize of their own."""

    def find_spec(self, name, path=None, target=None):
        if _sys.modules.get("sitecustomize") is _this:
            del _sys.modules["sitecustomize"]
        # A new list: the import system is walking the old one.
        _sys.meta_path = [f for f in _sys.meta_path if f is not self]
        return None


def _start():
    global _this
    fd, steps = _restore_environment() \
        if "TIMESLICE_TRACE_FD" in _os.environ else (None, None)
    if fd is not None:
        import _timeslice_hook
        _timeslice_hook.install(fd, steps)
        del _sys.modules["_timeslice_hook"]
    _leave_path()
    user = _user_sitecustomize()
    if user is None:
        _this = _sys.modules.get("sitecustomize")
        _sys.meta_path.insert(0, _Leave())
        return
    # As the import system would: in sys.modules while it runs, and it
    # stays there; the import of this module then returns it.
    _sys.modules["sitecustomize"] = user
    try:
        user.__spec__.loader.exec_module(user)
    except BaseException:
        del _sys.modules["sitecustomize"]
        raise


_this = None
_start()
