# Eight downloads on a pool of threads: their waits overlap.
import time
from concurrent.futures import ThreadPoolExecutor


def download(n):
    time.sleep(0.2)  # stands for waiting on the network
    return n * n


with ThreadPoolExecutor(max_workers=8, thread_name_prefix="download") as pool:
    total = sum(pool.map(download, range(8)))
print(f"sum: {total}")
