"""What a traced Python program tells timeslice about itself.

Loaded by timeslice's sitecustomize only while `timeslice trace` watches
the program. Reports over a pipe (the format is described in timeslice's
src/sampler/hook.h):

- each thread's name and native id, as it starts and when renamed;
- each multiprocessing process's name, as it starts;
- each asyncio task: created, every step's start and end, done, renamed.

Nothing the program can see is wrapped: asyncio tasks keep the program's
own coroutines. A task's steps are seen from outside, as the event loop
runs the handles that step it (asyncio.events.Handle._run). When
timeslice built its step recorder in C (_timeslice_steps, one file for
every CPython 3.8 or later, loaded by the path timeslice gives), that
recorder becomes Handle._run, and a step costs a clock read and 24 bytes
in a buffer. Otherwise the recording is done here in Python: a clock
read and one list.extend of three integers (integers, not a tuple per
step: a growing list of tuples would wake the garbage collector over and
over), packed into the same binary records when the queue is written.
Either way the queue is written every few milliseconds and before the
loop waits, and a step that follows another of the same loop's turn
starts when that one ended (one clock read per step, not two: the loop's
hand-over between them, well under a microsecond, counts as the step's).

The hook writes nowhere but its pipe: before every write it checks that
its descriptor is still the pipe it was given (same device and inode), and
if the program has closed it or put a file of its own there, it stops
reporting for good. The descriptor is close-on-exec: a forked child (a
multiprocessing worker) keeps reporting, an exec'ed program does not.
Writes are whole chunks of at most PIPE_BUF bytes, so that processes
sharing the pipe never mix them; the pipe is non-blocking, so when
timeslice falls behind, chunks are dropped rather than the program slowed.
"""
import os
import stat
import struct
import sys
import threading
import time

_PIPE_BUF = 4096
_FLUSH_NS = 5_000_000          # the queue is written at least this often
_RENAME_NS = 100_000_000       # live tasks' names are compared this often
_STEP_SIZE = 24                # id << 2 | how, start, end: 64-bit each
_STEPS_PER_CHUNK = (_PIPE_BUF - 64) // _STEP_SIZE
_HOW_READY, _HOW_WAIT, _HOW_DONE = 0, 1, 2     # how a step ended

_fd = -1
_ident = None                  # (st_dev, st_ino) of the pipe at start-up
_pid = 0
_lines = []                    # text lines waiting to be written
_steps = []                    # id << 2 | how, start, end, ... waiting
_tasks = {}                    # id(task) -> our task id << 2, while it runs
_names = {}                    # our task id -> [weakref to task, name]
_created = []                  # (task id, thread, time) not yet told
_ended = []                    # (id(task), task id, last name or None)
_clock = {"flush": 0, "rename": 0}
_flush_lock = threading.Lock()
_next_id = iter(range(1, 1 << 62)).__next__
_accel = None                  # the C step recorder, once loaded


def _clean(name):
    return str(name).replace("\n", " ").replace("\r", " ")[:200]


def _stop():
    """Stops reporting for good and forgets everything queued."""
    global _fd
    _fd = -1
    del _lines[:]
    del _steps[:]
    del _created[:]
    del _ended[:]
    _tasks.clear()
    _names.clear()
    if _accel is not None:
        _accel.clear()


def _write(data):
    """Writes one chunk if fd is still our pipe. False once it is not."""
    try:
        st = os.fstat(_fd)
        if (st.st_dev, st.st_ino) != _ident:
            _stop()
            return False
        os.write(_fd, data)
    except BlockingIOError:
        pass                   # timeslice is behind: this chunk is lost
    except OSError:
        _stop()
        return False
    return True


def _line_chunks(lines):
    """Groups text lines into chunks of at most PIPE_BUF bytes."""
    chunk = b""
    for line in lines:
        data = line.encode("utf-8", "replace")
        if chunk and len(chunk) + len(data) > _PIPE_BUF:
            yield chunk
            chunk = b""
        chunk += data
    if chunk:
        yield chunk


def _take_steps():
    """The queued steps as little-endian records (whole records only:
    extend adds three integers at a time)."""
    n = len(_steps)
    n -= n % 3
    part = _steps[:n]
    del _steps[:n]
    data = struct.pack("<%dq" % n, *part)
    if _accel is not None:
        data = _accel.take() + data
    return data


def _step_chunks(data):
    """Cuts the steps' records into chunks: a "B pid count" line, then
    count records."""
    size = _STEPS_PER_CHUNK * _STEP_SIZE
    for i in range(0, len(data), size):
        part = data[i:i + size]
        yield b"B %d %d\n" % (_pid, len(part) // _STEP_SIZE) + part


def _creations(created):
    """Lines for tasks created since the last write, under the names they
    have now: asyncio.create_task names a task only after the loop has
    made it."""
    lines = []
    for tid, thread, when in created:
        entry = _names.get(tid)
        task = entry[0]() if entry is not None else None
        name = task.get_name() if task is not None else "task %d" % tid
        if entry is not None:
            entry[1] = name
        lines.append("C %d %d %d %d %s\n" % (_pid, thread, tid, when,
                                             _clean(name)))
    return lines


def _renames(now, ended):
    """Lines for tasks renamed since last told: those that just finished
    (under their last name), and every _RENAME_NS all that run."""
    found = []
    for key, tid, name in ended:
        entry = _names.pop(tid, None)
        if _tasks.get(key) == tid << 2:
            del _tasks[key]
        if entry is not None and name is not None and name != entry[1]:
            found.append("N %d %d %s\n" % (_pid, tid, _clean(name)))
    if now - _clock["rename"] < _RENAME_NS:
        return found
    _clock["rename"] = now
    for tid, entry in list(_names.items()):
        task = entry[0]()
        if task is not None and task.get_name() != entry[1]:
            entry[1] = task.get_name()
            found.append("N %d %d %s\n" % (_pid, tid, _clean(entry[1])))
    return found


def _flush():
    """Writes what is queued: lines, then steps, then renames."""
    def take(queue):
        n = len(queue)
        part = queue[:n]
        del queue[:n]
        return part

    if _fd < 0 or not _flush_lock.acquire(blocking=False):
        return
    try:
        now = time.monotonic_ns()
        _clock["flush"] = now
        # Steps first: a step taken is then never written before the
        # line that created its task, which was queued before it.
        steps = _take_steps()
        lines = _creations(take(_created)) + take(_lines)
        renamed = _renames(now, take(_ended))
        for part in (_line_chunks(lines), _step_chunks(steps),
                     _line_chunks(renamed)):
            for chunk in part:
                if not _write(chunk):
                    return
    finally:
        _flush_lock.release()


def _emit(line):
    """Queues one line and writes the queue (threads and processes are
    rare events, and timeslice wants their names early)."""
    if _fd >= 0:
        _lines.append(line)
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
        try:
            return bootstrap(self, *args, **kwargs)
        finally:
            _flush()           # the child ends in os._exit: no atexit

    base._bootstrap = _bootstrap


def _patch_asyncio(base_events):
    import weakref

    events = sys.modules["asyncio.events"]
    loop_class = base_events.BaseEventLoop
    create_task = loop_class.create_task
    run_once = loop_class._run_once
    run_handle = events.Handle._run
    tasks = _tasks
    task_of = tasks.get            # bound once: _run is the hot path
    record = _steps.extend
    now = time.monotonic_ns
    attr, ident = getattr, id
    last = None

    def forget(ref, key=None, tid=None):
        # The task is gone (garbage, finished or not): forget its ids.
        if _fd >= 0:
            _ended.append((key, tid, None))

    def traced_create_task(self, coro, *args, **kwargs):
        task = create_task(self, coro, *args, **kwargs)
        if _fd >= 0:
            tid = _next_id()
            key = id(task)
            tasks[key] = tid << 2
            _names[tid] = [weakref.ref(task, lambda r, k=key, t=tid:
                                       forget(r, k, t)), None]
            _created.append((tid, threading.get_native_id(), now()))
        return task

    def failed(handle, exc):
        # What Handle._run does when a callback raises; a task's step
        # never does (the task keeps the exception), so this is for form.
        context = {"message": "Exception in callback %r" % (handle,),
                   "exception": exc, "handle": handle}
        if handle._source_traceback:
            context["source_traceback"] = handle._source_traceback
        handle._loop.call_exception_handler(context)

    def ended(task):
        # The C recorder saw the task's last step.
        tid = task_of(ident(task))
        if tid is not None:
            _ended.append((ident(task), tid >> 2, task.get_name()))

    def step(task, tid, start, end):
        # Queues a step, with how it ended.
        if task._fut_waiter is not None:
            record((tid | 1, start, end))        # _HOW_WAIT
        elif task.done():
            record((tid | 2, start, end))        # _HOW_DONE
            _ended.append((id(task), tid >> 2, task.get_name()))
        else:
            record((tid, start, end))

    def _run(self):
        # Every handle the loop runs comes here: only a step of a task
        # we know (its callback is a method of the task) costs more than
        # a lookup, and runs here rather than through one more call.
        nonlocal last
        callback = self._callback
        task = attr(callback, "__self__", None)
        tid = task_of(ident(task))
        if tid is None:
            last = None
            return run_handle(self)
        loop = self._loop
        before = last
        if before is not None and before[0] is loop:
            start = before[1]
        else:
            start = now()
        try:
            self._context.run(callback, *self._args)
        except (SystemExit, KeyboardInterrupt):
            # The step ran, and ended the loop: told, then passed on.
            last = None
            step(task, tid, start, now())
            raise
        except BaseException as exc:
            end = now()
            failed(self, exc)
        else:
            end = now()
        last = (loop, end)
        step(task, tid, start, end)

    def _traced_run_once(self):
        # Before the loop may wait (nothing ready), and every few ms.
        nonlocal last
        last = None
        if _steps and (not self._ready or
                       now() - _clock["flush"] > _FLUSH_NS):
            _flush()
        run_once(self)

    def _c_run_once(self):
        # The same, with the steps queued in C.
        if turn() and (not self._ready or
                       now() - _clock["flush"] > _FLUSH_NS):
            _flush()
        run_once(self)

    fast = None
    if _accel is not None:
        try:
            fast = _accel.patch(events.Handle, tasks, ended, run_handle,
                                failed)
            turn = _accel.turn
        except Exception:
            fast = None
    if fast is not None:
        _run, _traced_run_once = fast, _c_run_once
    for new, old in ((traced_create_task, create_task), (_run, run_handle),
                     (_traced_run_once, run_once)):
        if new is not fast:
            new.__name__, new.__qualname__ = old.__name__, old.__qualname__
            new.__doc__ = old.__doc__
    loop_class.create_task = traced_create_task
    loop_class._run_once = _traced_run_once
    events.Handle._run = _run


_WATCH = {
    "multiprocessing.process": _patch_multiprocessing,
    "asyncio.base_events": _patch_asyncio,
}


class _ImportWatch:
    """Patches a module right after the program first imports it, and
    leaves sys.meta_path once every watched module is patched."""

    def find_spec(self, name, path=None, target=None):
        patch = _WATCH.pop(name, None)
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
            del loader.exec_module
            if not _WATCH:      # a new list: imports may be walking it
                sys.meta_path = [f for f in sys.meta_path if f is not self]
            try:
                patch(module)
            except Exception:   # never break the program for a report
                pass
        loader.exec_module = patched_exec
        return spec


def _after_fork():
    """A forked child: its own pid, empty queues, a fresh lock."""
    global _pid, _flush_lock
    _pid = os.getpid()
    del _lines[:]
    del _steps[:]
    del _created[:]
    del _ended[:]
    if _accel is not None:
        _accel.clear()
    _flush_lock = threading.Lock()
    _emit("T %d %d %s\n" % (_pid, threading.get_native_id(),
                            _clean(threading.current_thread().name)))


def _load_steps(path):
    """The C step recorder at path, or None when this interpreter cannot
    load it (not a CPython that takes abi3 modules, say). Loaded as the
    import system would, but by path, and taken out of sys.modules."""
    bootstrap = sys.modules["_frozen_importlib"]
    external = sys.modules["_frozen_importlib_external"]
    name = "_timeslice_steps"
    try:
        if not any(path.endswith(suffix)
                   for suffix in external.EXTENSION_SUFFIXES):
            return None
        loader = external.ExtensionFileLoader(name, path)
        spec = bootstrap.spec_from_loader(name, loader)
        module = bootstrap.module_from_spec(spec)
        loader.exec_module(module)
        return module
    except Exception:
        return None
    finally:
        sys.modules.pop(name, None)


def install(fd, steps=None):
    """Starts reporting over fd, when fd is a pipe; `steps` is the path of
    the C step recorder, when timeslice has one."""
    global _fd, _pid, _ident, _accel
    try:
        st = os.fstat(fd)
    except OSError:
        return
    if not stat.S_ISFIFO(st.st_mode):
        return
    if steps:
        _accel = _load_steps(steps)
    _fd = fd
    _ident = (st.st_dev, st.st_ino)
    _pid = os.getpid()
    os.set_blocking(fd, False)
    os.set_inheritable(fd, False)
    _patch_threading()
    for name in list(_WATCH):
        if name in sys.modules:
            _WATCH.pop(name)(sys.modules[name])
    if _WATCH:
        sys.meta_path.insert(0, _ImportWatch())
    os.register_at_fork(after_in_child=_after_fork)
    import atexit
    atexit.register(_flush)
    _report_thread(threading.current_thread())
