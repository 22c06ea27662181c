# Los cinco pedidos en la plancha a la vez: un cajero, cinco tareas.
import asyncio


async def cook(order):
    await asyncio.sleep(0.25)  # la plancha hace el trabajo; nosotros esperamos
    return f"hamburguesa {order}"


async def main():
    served = await asyncio.gather(*(cook(order) for order in range(1, 6)))
    print(f"servidas {len(served)}: {', '.join(served)}")


asyncio.run(main())
