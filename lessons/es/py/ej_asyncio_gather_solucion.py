# Las seis peticiones como tareas en un bucle de eventos: sus esperas se solapan.
import asyncio


async def fetch(i):
    await asyncio.sleep(0.3)  # hace de espera a la red
    return i * 10


async def main():
    results = await asyncio.gather(*(fetch(i) for i in range(6)))
    print(f"total: {sum(results)}")


asyncio.run(main())
