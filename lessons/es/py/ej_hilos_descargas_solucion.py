# Ocho descargas en un grupo de hilos: sus esperas se solapan.
import time
from concurrent.futures import ThreadPoolExecutor


def download(n):
    time.sleep(0.2)  # hace de espera a la red
    return n * n


with ThreadPoolExecutor(max_workers=8, thread_name_prefix="download") as pool:
    total = sum(pool.map(download, range(8)))
print(f"sum: {total}")
