import asyncio
import multiprocessing as mp
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

OUT = Path(tempfile.gettempdir())

async def fetch(page):
    """I/O: stands for an HTTP request that takes 200 ms."""
    await asyncio.sleep(0.2)
    return f"word{page} lorem ipsum dolor sit amet " * 20000

def analyse(text):
    """CPU: pure Python, runs in a worker process."""
    words = text.split()
    score = 0
    for word in words:
        for ch in word:
            score = (score * 31 + ord(ch)) % 1_000_003
    return len(words), score

def save(page, words, score):
    """Blocking file I/O: runs in a helper thread."""
    (OUT / f"page-{page}.txt").write_text(f"{words} {score}\n")

async def handle(page, pool):
    loop = asyncio.get_running_loop()
    # the loop serves others while the page arrives
    text = await fetch(page)
    # another core computes
    words, score = await loop.run_in_executor(pool, analyse, text)
    # a helper thread blocks in the file system, not the loop
    await asyncio.to_thread(save, page, words, score)
    return page, words, score

async def main():
    ctx = mp.get_context("spawn")
    with ProcessPoolExecutor(max_workers=2, mp_context=ctx) as pool:
        t0 = time.perf_counter()
        tasks = [asyncio.create_task(handle(p, pool), name=f"page-{p}")
                 for p in range(8)]
        results = await asyncio.gather(*tasks)
        print(f"{len(results)} pages in {time.perf_counter() - t0:.2f} s")

if __name__ == "__main__":
    asyncio.run(main())
