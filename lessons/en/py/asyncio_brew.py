import asyncio
import time

def stir(n):
    """A little computing: while it runs, the loop runs nothing else."""
    while n > 0:
        n -= 1

async def brew(drink, steps):
    for _ in range(steps):
        await asyncio.sleep(0.1)   # the kettle: the loop runs other tasks
        stir(200_000)
    return drink

async def main():
    t0 = time.perf_counter()
    drinks = ["tea", "coffee", "cocoa", "mate", "chai"]
    tasks = [asyncio.create_task(brew(d, 4), name=f"brew-{d}")
             for d in drinks]
    print(await asyncio.gather(*tasks))
    print(f"{time.perf_counter() - t0:.2f} s")

asyncio.run(main())
