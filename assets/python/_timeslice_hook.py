"""What a traced Python program tells timeslice about itself.

Loaded by timeslice's sitecustomize only while `timeslice trace` watches
the program. Reports, one line each over a pipe (the format is described
in timeslice's src/sampler/hook.h):

- each thread's name and native id, as it starts and when renamed;
- each multiprocessing process's name, as it starts;
- each asyncio task: created, every step's start and end, done.

Lines carry CLOCK_MONOTONIC timestamps (time.monotonic_ns) and are
buffered, then written in whole lines of at most PIPE_BUF bytes so that
processes sharing the pipe never mix their lines. The pipe is
non-blocking: when timeslice falls behind, lines are dropped rather than
the program slowed down. asyncio and multiprocessing are patched only if
the program imports them.
"""
import os
import sys
import threading
import time

_PIPE_BUF = 4096
_FLUSH_NS = 5_000_000

_fd = -1
_buf = []
_size = 0
_last_flush = 0
_lock = threading.Lock()
_pid = 0
_task_ids = iter(range(1, 1 << 62))
_dropped = 0


def _clean(name):
    return str(name).replace("\n", " ").replace("\r", " ")[:200]


def _flush():
    """Writes the buffered lines in chunks of whole lines."""
    global _buf, _size, _last_flush, _dropped, _fd
    with _lock:
        lines, _buf, _size = _buf, [], 0
        _last_flush = time.monotonic_ns()
    chunk = ""
    for line in lines + [""]:
        if chunk and (not line or len(chunk) + len(line) > _PIPE_BUF):
            try:
                os.write(_fd, chunk.encode("utf-8", "replace"))
            except BlockingIOError:
                _dropped += 1
            except OSError:
                _fd = -1
                return
            chunk = ""
        chunk += line


def _emit(line, now=None):
    """Queues one line; writes the queue when it is big or old enough."""
    global _size
    if _fd < 0:
        return
    with _lock:
        _buf.append(line)
        _size += len(line)
    if now is None or _size > _PIPE_BUF or now - _last_flush > _FLUSH_NS:
        _flush()


def _report_thread(thread):
    _emit("T %d %d %s\n" % (_pid, threading.get_native_id(),
                            _clean(thread.name)))


def _patch_threading():
    bootstrap = threading.Thread._bootstrap_inner
    name_prop = threading.Thread.name

    def _bootstrap_inner(self):
        _report_thread(self)
        bootstrap(self)

    def _set_name(self, value):
        name_prop.fset(self, value)
        native = getattr(self, "_native_id", None)
        if native is not None and _fd >= 0:
            _emit("T %d %d %s\n" % (_pid, native, _clean(self.name)))

    threading.Thread._bootstrap_inner = _bootstrap_inner
    threading.Thread.name = property(name_prop.fget, _set_name)


def _patch_multiprocessing(process_module):
    base = process_module.BaseProcess
    bootstrap = base._bootstrap

    def _bootstrap(self, *args, **kwargs):
        _emit("P %d %s\n" % (_pid, _clean(self.name)))
        return bootstrap(self, *args, **kwargs)

    base._bootstrap = _bootstrap


def _patch_asyncio(base_events):
    import types
    from collections.abc import Coroutine

    class _Traced(Coroutine):
        """A coroutine that reports each step the task gives it."""
        __slots__ = ("_coro", "_id")

        def __init__(self, coro, task_id):
            self._coro = coro
            self._id = task_id

        def _step(self, call, arg):
            _emit("S %d %d %d\n" % (_pid, self._id, time.monotonic_ns()))
            try:
                result = call(arg)
            except BaseException:
                now = time.monotonic_ns()
                _emit("D %d %d %d\n" % (_pid, self._id, now), now)
                raise
            now = time.monotonic_ns()
            _emit("%s %d %d %d\n" % ("Y" if result is None else "W", _pid,
                                     self._id, now), now)
            return result

        def send(self, value):
            return self._step(self._coro.send, value)

        def throw(self, *exc):
            return self._step(lambda e: self._coro.throw(*e), exc)

        def close(self):
            return self._coro.close()

        def __await__(self):
            return self._coro.__await__()

        def __getattr__(self, name):
            return getattr(self._coro, name)

    create_task = base_events.BaseEventLoop.create_task

    def traced_create_task(self, coro, *args, **kwargs):
        if _fd < 0 or not isinstance(coro, types.CoroutineType):
            return create_task(self, coro, *args, **kwargs)
        task_id = next(_task_ids)
        now = time.monotonic_ns()
        task = create_task(self, _Traced(coro, task_id), *args, **kwargs)
        _emit("C %d %d %d %d %s\n" % (_pid, threading.get_native_id(),
                                      task_id, now,
                                      _clean(task.get_name())), now)
        set_name = getattr(task, "set_name", None)
        if set_name is not None:
            def renamed(value, _set=set_name, _id=task_id):
                _set(value)
                _emit("N %d %d %s\n" % (_pid, _id, _clean(value)))
            try:
                task.set_name = renamed
            except AttributeError:
                pass
        return task

    base_events.BaseEventLoop.create_task = traced_create_task


_WATCH = {
    "multiprocessing.process": _patch_multiprocessing,
    "asyncio.base_events": _patch_asyncio,
}


class _ImportWatch:
    """Patches a module right after the program first imports it."""

    def find_spec(self, name, path=None, target=None):
        patch = _WATCH.get(name)
        if patch is None:
            return None
        for finder in sys.meta_path:
            if finder is self or not hasattr(finder, "find_spec"):
                continue
            spec = finder.find_spec(name, path, target)
            if spec is not None:
                break
        else:
            return None
        loader = spec.loader
        exec_module = loader.exec_module

        def patched_exec(module):
            exec_module(module)
            try:
                patch(module)
            except Exception:   # never break the program for a report
                pass
        loader.exec_module = patched_exec
        return spec


def _after_fork():
    """A forked child: its own pid, an empty queue, a fresh lock."""
    global _pid, _buf, _size, _lock
    _pid = os.getpid()
    _buf, _size = [], 0
    _lock = threading.Lock()
    _emit("T %d %d %s\n" % (_pid, threading.get_native_id(),
                            _clean(threading.current_thread().name)))


def install(fd):
    """Starts reporting over fd."""
    global _fd, _pid
    _fd = fd
    _pid = os.getpid()
    os.set_blocking(fd, False)
    os.set_inheritable(fd, True)
    _patch_threading()
    for name, patch in _WATCH.items():
        if name in sys.modules:
            patch(sys.modules[name])
    sys.meta_path.insert(0, _ImportWatch())
    os.register_at_fork(after_in_child=_after_fork)
    import atexit
    atexit.register(_flush)
    _report_thread(threading.current_thread())
