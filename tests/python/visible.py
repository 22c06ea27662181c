# Writes to argv[1] what a program could notice of timeslice's hook: its
# whole environment, sys.path, the sitecustomize module, modules named
# after timeslice, and whether a task keeps the coroutine it was given.
# Traced, the file must be the same as untraced.
import asyncio
import inspect
import os
import sys

out = open(sys.argv[1], "w")
for k in sorted(os.environ):
    out.write("env %s=%s\n" % (k, os.environ[k]))
for p in sys.path:
    out.write("path %s\n" % p)
site = sys.modules.get("sitecustomize")
out.write("sitecustomize=%s\n" % getattr(site, "USER_MARK", site and "other"))
for name in sys.modules:
    if "timeslice" in name:
        out.write("module %s\n" % name)


async def job():
    await asyncio.sleep(0)


async def main():
    coro = job()
    task = asyncio.create_task(coro)
    out.write("same_coro=%s iscoroutine=%s\n" % (
        task.get_coro() is coro, inspect.iscoroutine(task.get_coro())))
    await task

asyncio.run(main())
out.close()
