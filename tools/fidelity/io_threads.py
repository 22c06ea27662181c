# N I/O-bound threads (blocking sleeps release the GIL): io_threads.py N
import sys
import threading
import time

n = int(sys.argv[1])


def wait_a_lot():
    for _ in range(8):
        time.sleep(0.025)


threads = [threading.Thread(target=wait_a_lot, name="io-%d" % i)
           for i in range(n)]
start = time.perf_counter()
for t in threads:
    t.start()
for t in threads:
    t.join()
print("io_threads wall %.1f ms (one thread alone: 200 ms)"
      % ((time.perf_counter() - start) * 1e3), file=sys.stderr)
