# 100,000 asyncio task steps and little else: 100 tasks that each give
# the loop back 1,000 times (await asyncio.sleep(0)). What the hook costs
# per step is what stands out when this runs traced.
#   python3 asyncio_steps.py [TASKS [STEPS]]
import asyncio
import sys

TASKS = int(sys.argv[1]) if len(sys.argv) > 1 else 100
STEPS = int(sys.argv[2]) if len(sys.argv) > 2 else 1000


async def stepper():
    for _ in range(STEPS):
        await asyncio.sleep(0)


async def main():
    await asyncio.gather(*(asyncio.create_task(stepper())
                           for _ in range(TASKS)))


asyncio.run(main())
