import asyncio
import multiprocessing as mp
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

SALIDA = Path(tempfile.gettempdir())

async def traer(pagina):
    """E/S: hace las veces de una petición HTTP de 200 ms."""
    await asyncio.sleep(0.2)
    return f"palabra{pagina} lorem ipsum dolor sit amet " * 20000

def analizar(texto):
    """Cálculo: Python puro, se ejecuta en un proceso trabajador."""
    palabras = texto.split()
    puntos = 0
    for palabra in palabras:
        for c in palabra:
            puntos = (puntos * 31 + ord(c)) % 1_000_003
    return len(palabras), puntos

def guardar(pagina, palabras, puntos):
    """E/S de fichero bloqueante: se ejecuta en un hilo ayudante."""
    (SALIDA / f"pagina-{pagina}.txt").write_text(f"{palabras} {puntos}\n")

async def atender(pagina, pool):
    loop = asyncio.get_running_loop()
    # el bucle atiende a otros mientras llega la página
    texto = await traer(pagina)
    # otro núcleo calcula
    palabras, puntos = await loop.run_in_executor(pool, analizar, texto)
    # se bloquea un hilo auxiliar en el sistema de ficheros, no el bucle
    await asyncio.to_thread(guardar, pagina, palabras, puntos)
    return pagina, palabras, puntos

async def main():
    ctx = mp.get_context("spawn")
    with ProcessPoolExecutor(max_workers=2, mp_context=ctx) as pool:
        t0 = time.perf_counter()
        tareas = [asyncio.create_task(atender(p, pool), name=f"pagina-{p}")
                  for p in range(8)]
        resultados = await asyncio.gather(*tareas)
        print(f"{len(resultados)} páginas en {time.perf_counter() - t0:.2f} s")

if __name__ == "__main__":
    asyncio.run(main())
