# The hook's asyncio step recorder in C (src/pystep/steps.c), driven
# directly: handles of a stand-in class with the attributes asyncio's
# Handle has, whose callbacks are methods of stand-in tasks. Checks the
# records it queues (id and how, start, end), the chaining of back-to-back
# steps within one thread and never across threads, and what it does with
# a callback that raises.
#   python3 pystep.py PATH_OF_THE_MODULE
import contextvars
import struct
import sys
import threading

external = sys.modules["_frozen_importlib_external"]
bootstrap = sys.modules["_frozen_importlib"]
loader = external.ExtensionFileLoader("_timeslice_steps", sys.argv[1])
steps = bootstrap.module_from_spec(bootstrap.spec_from_loader(
    "_timeslice_steps", loader))
loader.exec_module(steps)
failures = []


def check(cond, what):
    if not cond:
        failures.append(what)


class Task:
    def __init__(self):
        self._fut_waiter = None
        self.finished = False
        self.raises = None

    def step(self, *args):
        self.args = args
        if self.raises is not None:
            raise self.raises

    def done(self):
        return self.finished


class Handle:
    __slots__ = ("_callback", "_args", "_context", "_loop")

    def __init__(self, callback, *args):
        self._callback = callback
        self._args = args
        self._context = contextvars.copy_context()
        self._loop = None


plain_runs, ended, failed = [], [], []


def run_handle(handle):
    plain_runs.append(handle)
    handle._context.run(handle._callback, *handle._args)


tasks = {}
Handle._run = steps.patch(Handle, tasks, ended.append, run_handle,
                          lambda h, e: failed.append((h, e)))


def task(tid):
    t = Task()
    tasks[id(t)] = tid << 2
    return t


def records():
    data = steps.take()
    check(len(data) % 24 == 0, "take() gives whole records")
    return [struct.unpack_from("<3q", data, i)
            for i in range(0, len(data), 24)]


# Back to back in one thread: the second starts when the first ended.
a, b = task(1), task(2)
Handle(a.step)._run()
Handle(b.step, "future")._run()
check(b.args == ("future",), "a wakeup gets its argument")
r = records()
check([x[0] for x in r] == [4, 8], "ids and how: %r" % r)
check(r[0][1] <= r[0][2] and r[1][1] <= r[1][2], "steps end after start")
check(r[1][1] == r[0][2], "a step right after another starts at its end")

# A handle that is no step, or a turn of the loop, breaks the chain.
Handle(a.step)._run()
Handle(lambda: None)._run()
Handle(b.step)._run()
check(steps.turn() == 2, "turn() counts the queued steps")
Handle(a.step)._run()
r = records()
check(len(plain_runs) == 1, "a handle that is no step runs as asyncio's")
check(r[1][1] > r[0][2], "after another handle a step reads the clock")
check(r[2][1] > r[1][2], "after a turn a step reads the clock")

# Never chained across threads: a step in another thread reads the clock.
Handle(a.step)._run()
other = []
th = threading.Thread(target=lambda: other.append(Handle(b.step)._run()))
th.start()
th.join()
r = records()
check(r[1][1] != r[0][2] and r[1][1] > r[0][2],
      "a step in another thread does not start at this one's end")

# How a step ended: awaiting, done (and told), ready.
a._fut_waiter = object()
Handle(a.step)._run()
a._fut_waiter = None
b.finished = True
Handle(b.step)._run()
r = records()
check([x[0] for x in r] == [4 | 1, 8 | 2], "how: %r" % r)
check(ended == [b], "the done task is told: %r" % ended)

# A step that raises: to the handler, or on up (recorded first).
a.raises = ValueError("x")
Handle(a.step)._run()
check(len(failed) == 1 and isinstance(failed[0][1], ValueError),
      "a ValueError goes to the handler")
a.raises = KeyboardInterrupt()
try:
    Handle(a.step)._run()
    check(False, "KeyboardInterrupt goes on up")
except KeyboardInterrupt:
    pass
check(len(records()) == 2, "both raising steps are recorded")

# An object not in the table runs as asyncio's, unrecorded.
stranger = Task()
Handle(stranger.step)._run()
check(records() == [], "a task not in the table is not recorded")
steps.clear()
check(steps.turn() == 0, "clear() forgets the queue")

if failures:
    print("\n".join(failures))
    sys.exit(1)
print("pystep: all checks hold")
