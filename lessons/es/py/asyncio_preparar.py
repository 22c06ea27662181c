import asyncio
import time

def remover(n):
    """Un poco de cálculo: mientras dura, el bucle no ejecuta nada más."""
    while n > 0:
        n -= 1

async def preparar(bebida, pasos):
    for _ in range(pasos):
        await asyncio.sleep(0.1)   # hervir: el bucle atiende a otras tareas
        remover(200_000)
    return bebida

async def main():
    t0 = time.perf_counter()
    bebidas = ["té", "café", "cacao", "mate", "chai"]
    tareas = [asyncio.create_task(preparar(b, 4), name=f"preparar-{b}")
              for b in bebidas]
    print(await asyncio.gather(*tareas))
    print(f"{time.perf_counter() - t0:.2f} s")

asyncio.run(main())
