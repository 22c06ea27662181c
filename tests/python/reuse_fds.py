# Closes every descriptor it did not open (the hook's pipe among them),
# opens 64 files of its own (one lands where the pipe was), then does
# what makes the hook report: a named thread, a renamed one, asyncio
# tasks. Each file must hold only the program's own lines. argv[1]: the
# folder for them.
import asyncio
import os
import sys
import threading

os.closerange(3, 1024)
paths = [os.path.join(sys.argv[1], "own-%d.txt" % i) for i in range(64)]
files = [open(p, "w") for p in paths]


def work():
    threading.current_thread().name = "renamed-worker"
    for f in files:
        f.write("own line from a thread\n")
        f.flush()


async def step():
    for f in files:
        await asyncio.sleep(0)
        f.write("own line from a task\n")
        f.flush()


async def main():
    await asyncio.gather(*(asyncio.create_task(step()) for _ in range(3)))

t = threading.Thread(target=work, name="worker")
t.start()
t.join()
asyncio.run(main())
for f in files:
    f.write("own last line\n")
    f.close()
