import threading
import time
from concurrent.futures import ThreadPoolExecutor


def download(page):
    # stands for a network request: the GIL is free while it waits
    time.sleep(0.25)
    return f"page {page}, by {threading.current_thread().name}"


start = time.perf_counter()
with ThreadPoolExecutor(max_workers=4,
                        thread_name_prefix="downloader") as pool:
    for line in pool.map(download, range(8)):
        print(line)
print(f"8 downloads of 0.25 s: {time.perf_counter() - start:.2f} s")
