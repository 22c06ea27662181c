# The cost of being traced: a CPU-bound Python program run alternately
# untraced and under `timeslice trace`, PAIRS times each; prints the best
# and the median wall time of each and their ratios.
#   python3 overhead.py TIMESLICE_BIN [PAIRS] [THREADS]
import statistics
import subprocess
import sys
import time

ts = sys.argv[1]
pairs = int(sys.argv[2]) if len(sys.argv) > 2 else 11
threads = sys.argv[3] if len(sys.argv) > 3 else "1"
prog = [sys.executable, __file__.replace("overhead.py", "cpu_threads.py"),
        threads]


def run(cmd):
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - t0


plain, traced = [], []
for _ in range(pairs):
    plain.append(run(prog))
    traced.append(run([ts, "trace", "--out", "/dev/null", "--"] + prog))
print("untraced best %.3f s median %.3f s; traced best %.3f s median %.3f s;"
      " ratio best %.3f median %.3f"
      % (min(plain), statistics.median(plain), min(traced),
         statistics.median(traced), min(traced) / min(plain),
         statistics.median(traced) / statistics.median(plain)))
