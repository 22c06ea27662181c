# The six fetches as tasks on one event loop: their waits overlap.
import asyncio


async def fetch(i):
    await asyncio.sleep(0.3)  # stands for waiting on the network
    return i * 10


async def main():
    results = await asyncio.gather(*(fetch(i) for i in range(6)))
    print(f"total: {sum(results)}")


asyncio.run(main())
