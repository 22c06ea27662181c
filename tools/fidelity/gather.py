# asyncio.gather of N tasks, each awaiting sleeps: gather.py N
import asyncio
import sys
import time


async def fetch():
    for _ in range(8):
        await asyncio.sleep(0.025)


async def main(n):
    start = time.perf_counter()
    await asyncio.gather(*(asyncio.create_task(fetch(), name="task-%d" % i)
                           for i in range(n)))
    print("gather wall %.1f ms (one task alone: 200 ms)"
          % ((time.perf_counter() - start) * 1e3), file=sys.stderr)


asyncio.run(main(int(sys.argv[1])))
