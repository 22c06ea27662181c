# Five orders at the burger counter, each cooked before the next is taken.
import asyncio


async def cook(order):
    await asyncio.sleep(0.25)  # the grill does the work; we wait
    return f"burger {order}"


async def main():
    served = []
    for order in range(1, 6):
        served.append(await cook(order))
    print(f"served {len(served)}: {', '.join(served)}")


asyncio.run(main())
