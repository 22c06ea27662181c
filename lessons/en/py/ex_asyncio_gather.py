# Six fetches, each awaited before the next one starts.
import asyncio


async def fetch(i):
    await asyncio.sleep(0.3)  # stands for waiting on the network
    return i * 10


async def main():
    total = 0
    for i in range(6):
        total += await fetch(i)
    print(f"total: {total}")


asyncio.run(main())
