# N CPU-bound threads under the GIL: python3 cpu_threads.py N [SWITCH_MS]
import sys
import threading

n = int(sys.argv[1])
if len(sys.argv) > 2:
    sys.setswitchinterval(float(sys.argv[2]) / 1000)


def spin(count):
    x = 0
    for i in range(count):
        x += i


threads = [threading.Thread(target=spin, args=(6_000_000 // n,),
                            name="cpu-%d" % i) for i in range(n)]
for t in threads:
    t.start()
for t in threads:
    t.join()
