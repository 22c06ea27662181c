# The convoy in the model and in CPython, run in turns so both see the
# same machine, as docs/FIDELITY.md compares them:
#   python3 convoy_rounds.py TIMESLICE PYTHON NCPU SWITCH_MS ROUNDS [UNITS UNIT_MS]
# Each round runs `timeslice run convoy` (NCPU + 1 workers) and then
# convoy.py once; prints the I/O thread's median wait of each run, the
# median and range over the rounds, and the load average meanwhile. The
# model's figure is the wait for the GIL from the end of the sleep;
# CPython's is how late the sleep ended, which adds the OS's wake-up.
import json
import os
import re
import statistics
import subprocess
import sys


def model(ts, ncpu, sw, units, unit_ms):
    out = subprocess.run(
        [ts, "run", "convoy", "--workers", str(ncpu + 1), "--units", units,
         "--unit-ms", unit_ms, "--switch-interval", sw, "--format", "json",
         "--no-baseline"], capture_output=True, text=True, check=True).stdout
    return json.loads(out)["metrics"]["io_wait_p50_ms"]


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
