# The cost of the Python hook on asyncio: asyncio_steps.py (100,000 task
# steps) run in turns untraced, under `timeslice trace --no-hook` and
# under `timeslice trace`, PAIRS times each, in one series; prints the
# median wall time of each and the ratios to untraced (the hook's budget
# is 1.25 for the traced run). The --no-hook run tells the sampler's
# share from the hook's on a busy machine.
#   python3 asyncio_cost.py TIMESLICE_BIN [PAIRS]
import statistics
import subprocess
import sys
import time

ts = sys.argv[1]
pairs = int(sys.argv[2]) if len(sys.argv) > 2 else 11
prog = [sys.executable, __file__.replace("asyncio_cost.py",
                                         "asyncio_steps.py")]
series = {
    "untraced": prog,
    "no hook": [ts, "trace", "--no-hook", "--out", "/dev/null", "--"] + prog,
    "traced": [ts, "trace", "--out", "/dev/null", "--"] + prog,
}


def run(cmd):
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - t0


times = {name: [] for name in series}
for _ in range(pairs):
    for name, cmd in series.items():
        times[name].append(run(cmd))
base = statistics.median(times["untraced"])
print("asyncio 100,000 steps, medians of %d: " % pairs + ", ".join(
    "%s %.3f s (x%.2f)" % (name, statistics.median(t),
                           statistics.median(t) / base)
    for name, t in times.items()))
