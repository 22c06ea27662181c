# What the hook's step recorders (in C, and in Python) must leave as they
# were: two event loops in two threads at once, a wakeup that passes a
# future, a callback of two arguments that raises (the loop's exception
# handler gets it), and a task whose step raises KeyboardInterrupt (it
# reaches the program). Writes what the program saw to argv[1]: traced,
# with either recorder, every line is as untraced but the last, which
# names the type of asyncio's Handle._run.
import asyncio
import asyncio.events
import sys
import threading
import time

seen = []


def spin(ms):
    t = time.perf_counter()
    while time.perf_counter() - t < ms / 1000:
        pass


async def worker(n):
    for _ in range(5):
        spin(1)
        await asyncio.sleep(0.001)
    loop = asyncio.get_running_loop()
    fut = loop.create_future()
    loop.call_soon(fut.set_result, n + 1)
    return await fut


async def loop_main(prefix):
    tasks = [asyncio.create_task(worker(i), name="%s-%d" % (prefix, i))
             for i in range(2)]
    return sum(await asyncio.gather(*tasks))


results = {}


def in_thread(prefix):
    results[prefix] = asyncio.run(loop_main(prefix))


threads = [threading.Thread(target=in_thread, args=(p,), name="loop-" + p)
           for p in ("a", "b")]
for t in threads:
    t.start()
for t in threads:
    t.join()
seen.append("two loops: %s" % sorted(results.items()))


async def raising():
    loop = asyncio.get_running_loop()
    handled = []
    loop.set_exception_handler(lambda _, ctx: handled.append(
        "%s %s" % (type(ctx["exception"]).__name__,
                   ctx["message"].split(" ")[0])))

    def bad(x, y):
        raise ValueError(x + y)
    loop.call_soon(bad, 1, 2)
    await asyncio.sleep(0.01)
    return handled


seen.append("handler: %s" % asyncio.run(raising()))


async def interrupted():
    async def boom():
        await asyncio.sleep(0)
        raise KeyboardInterrupt
    await asyncio.create_task(boom(), name="boom")


try:
    asyncio.run(interrupted())
    seen.append("not interrupted")
except KeyboardInterrupt:
    seen.append("interrupted")
seen.append("recorder=%s" % type(asyncio.events.Handle._run).__name__)
with open(sys.argv[1], "w") as out:
    out.write("\n".join(seen) + "\n")
