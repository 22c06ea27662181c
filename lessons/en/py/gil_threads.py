import threading
import time

def count(n):
    while n > 0:
        n -= 1

N = 20_000_000

start = time.perf_counter()
threads = [
    threading.Thread(target=count, args=(N // 4,), name=f"cruncher-{i}")
    for i in range(1, 5)
]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(f"4 threads: {time.perf_counter() - start:.2f} s")
