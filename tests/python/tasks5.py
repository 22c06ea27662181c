# Five named asyncio tasks that sleep and compute in turns.
import asyncio
import time


async def worker():
    for _ in range(4):
        await asyncio.sleep(0.01)
        t = time.perf_counter()
        while time.perf_counter() - t < 0.001:
            pass


async def main():
    names = ["fetch-%d" % i for i in range(5)]
    await asyncio.gather(*(asyncio.create_task(worker(), name=n)
                           for n in names))


asyncio.run(main())
