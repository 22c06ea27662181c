# Two named CPU-bound threads: under the GIL they take turns.
import threading


def spin(n):
    x = 0
    for i in range(n):
        x += i


threads = [threading.Thread(target=spin, args=(2_500_000,), name=name)
           for name in ("cruncher-a", "cruncher-b")]
for t in threads:
    t.start()
for t in threads:
    t.join()
