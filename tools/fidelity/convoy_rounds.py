# The convoy in the model and in CPython, run in turns so both see the
# same machine, as docs/FIDELITY.md compares them:
#   python3 convoy_rounds.py TIMESLICE PYTHON NCPU SWITCH_MS ROUNDS [UNITS UNIT_MS]
# Each round runs `timeslice run convoy` (NCPU + 1 workers) and then
# convoy.py once; prints the I/O thread's median wait of each run, the
# median and range over the rounds, and the load average meanwhile. Both
# figures are how late each sleep ended, as convoy.py measures CPython's:
# the sleep's own overshoot (timer slack and wake-up, about 0.1 ms here)
# plus the wait for the GIL after it. The model's `io_wait_p50_ms` leaves
# the overshoot out, and with a run's waits bunched at whole switch
# intervals that 0.1 ms moved its median by a whole interval at times
# (docs/FIDELITY.md), so the model's figure is taken from its trace.
import os
import re
import statistics
import subprocess
import sys

import convoy_waits


def model(ts, ncpu, sw, units, unit_ms):
    return statistics.median(convoy_waits.model(ts, ncpu, sw, units, unit_ms))


def cpython(py, ncpu, sw, units, unit_ms):
    here = os.path.dirname(os.path.abspath(__file__))
    err = subprocess.run(
        [py, os.path.join(here, "convoy.py"), str(ncpu), sw, units, unit_ms],
        capture_output=True, text=True, check=True).stderr
    return float(re.search(r"p50 ([0-9.]+) ms", err).group(1))


def main():
    ts, py, ncpu, sw, rounds = sys.argv[1:6]
    units = sys.argv[6] if len(sys.argv) > 6 else "40"
    unit_ms = sys.argv[7] if len(sys.argv) > 7 else "2"
    ncpu, rounds = int(ncpu), int(rounds)
    got = {"model": [], "cpython": []}
    loads = []
    for _ in range(rounds):
        got["model"].append(model(ts, ncpu, sw, units, unit_ms))
        got["cpython"].append(cpython(py, ncpu, sw, units, unit_ms))
        loads.append(os.getloadavg()[0])
        print("model %6.2f ms   cpython %6.2f ms" % (got["model"][-1],
                                                   got["cpython"][-1]))
    print("1 I/O + %d CPU threads, %s ms interval, %d rounds, load %.1f-%.1f"
          % (ncpu, sw, rounds, min(loads), max(loads)))
    for k, v in got.items():
        print("  %-8s median %6.2f ms, range %.2f-%.2f" %
              (k, statistics.median(v), min(v), max(v)))


if __name__ == "__main__":
    main()
