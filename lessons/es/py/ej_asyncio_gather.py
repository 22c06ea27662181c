# Seis peticiones, cada una esperada antes de empezar la siguiente.
import asyncio


async def fetch(i):
    await asyncio.sleep(0.3)  # hace de espera a la red
    return i * 10


async def main():
    total = 0
    for i in range(6):
        total += await fetch(i)
    print(f"total: {total}")


asyncio.run(main())
