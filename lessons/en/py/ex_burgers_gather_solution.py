# All five orders on the grill at once: one cashier, five tasks.
import asyncio


async def cook(order):
    await asyncio.sleep(0.25)  # the grill does the work; we wait
    return f"burger {order}"


async def main():
    served = await asyncio.gather(*(cook(order) for order in range(1, 6)))
    print(f"served {len(served)}: {', '.join(served)}")


asyncio.run(main())
