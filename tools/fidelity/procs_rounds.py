# CPU-bound processes in the model and in CPython, run in turns so both
# see the same machine:
#   python3 procs_rounds.py TIMESLICE NPROC ROUNDS [WORK_MS]
# Each round runs `timeslice run processes --workers NPROC --work cpu`
# (8 units sharing WORK_MS of CPU work, its own sequential baseline) and
# then the same shape in CPython, in the interpreter running this script:
# WORK_MS of counting done by one forked multiprocessing.Process, then
# split over NPROC of them (as
# /work/shared/reference/cpython_probe.py does). The CPython work is
# sized by CPU time, so the two do the same amount. Prints each round's
# speedups, the medians, and the load average meanwhile.
import json
import multiprocessing as mp
import os
import statistics
import subprocess
import sys
import time


def count(n):
    while n > 0:
        n -= 1


def per_ms():
    """Counting steps per ms of CPU time, best of three."""
    best = 0.0
    for _ in range(3):
        c = time.thread_time()
        count(1_000_000)
        best = max(best, 1_000_000 / ((time.thread_time() - c) * 1e3))
    return best


def procs(k, n):
    ps = [mp.get_context("fork").Process(target=count, args=(n // k,))
          for _ in range(k)]
    t = time.perf_counter()
    for p in ps:
        p.start()
    for p in ps:
        p.join()
    return time.perf_counter() - t


def model(ts, k, work_ms):
    out = subprocess.run(
        [ts, "run", "processes", "--workers", str(k), "--work", "cpu",
         "--units", "8", "--unit-ms", "%g" % (work_ms / 8), "--format",
         "json"], capture_output=True, text=True, check=True).stdout
    d = json.loads(out)
    return d["speedup"], d.get("metrics", {}).get("startup_ms", 0.0)


def main():
    ts, k, rounds = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    work_ms = float(sys.argv[4]) if len(sys.argv) > 4 else 200.0
    n = int(per_ms() * work_ms)
    procs(k, n)  # warm up
    got = {"model": [], "cpython": []}
    loads = []
    for _ in range(rounds):
        m, startup = model(ts, k, work_ms)
        base = procs(1, n)
        par = procs(k, n)
        got["model"].append(m)
        got["cpython"].append(base / par)
        loads.append(os.getloadavg()[0])
        print("model %5.2fx (start-up %.2f ms)   cpython %5.2fx"
              % (m, startup, got["cpython"][-1]))
    print("%d CPU processes, %g ms of work, %d rounds, load %.1f-%.1f"
          % (k, work_ms, rounds, min(loads), max(loads)))
    for key, v in got.items():
        print("  %-8s median %5.2fx, range %.2f-%.2f"
              % (key, statistics.median(v), min(v), max(v)))
    print("  model / cpython %.2f" % (statistics.median(got["model"]) /
                                      statistics.median(got["cpython"])))


if __name__ == "__main__":
    main()
