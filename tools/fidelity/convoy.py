# The convoy effect: one I/O thread beside N CPU threads.
#   python3 convoy.py NCPU SWITCH_MS [UNITS] [UNIT_MS] [all]
# The I/O thread sleeps UNIT_MS, UNITS times; each time it needs the GIL
# back, and prints how much longer than UNIT_MS each sleep took (the wait
# for the GIL, plus timer slack); with "all", also every wait, in ms, as
# a JSON list on standard output.
import json
import statistics
import sys
import threading
import time

ncpu = int(sys.argv[1])
sys.setswitchinterval(float(sys.argv[2]) / 1000)
units = int(sys.argv[3]) if len(sys.argv) > 3 else 40
unit = (float(sys.argv[4]) if len(sys.argv) > 4 else 2.0) / 1000
done = False
extra = []


def io():
    global done
    for _ in range(units):
        t0 = time.perf_counter()
        time.sleep(unit)
        extra.append((time.perf_counter() - t0 - unit) * 1e3)
    done = True


def cpu():
    x = 0
    while not done:
        x += 1


threads = [threading.Thread(target=io, name="io")]
threads += [threading.Thread(target=cpu, name="cpu-%d" % i)
            for i in range(ncpu)]
for t in threads:
    t.start()
for t in threads:
    t.join()
extra.sort()
print("convoy ncpu=%d switch=%s ms: io extra p50 %.2f ms p90 %.2f ms"
      % (ncpu, sys.argv[2], statistics.median(extra),
         extra[int(len(extra) * 0.9)]), file=sys.stderr)
if sys.argv[5:6] == ["all"]:
    print(json.dumps(extra))
