# Cinco pedidos en la hamburguesería, cada uno cocinado antes de tomar el siguiente.
import asyncio


async def cook(order):
    await asyncio.sleep(0.25)  # la plancha hace el trabajo; nosotros esperamos
    return f"hamburguesa {order}"


async def main():
    served = []
    for order in range(1, 6):
        served.append(await cook(order))
    print(f"servidas {len(served)}: {', '.join(served)}")


asyncio.run(main())
