# The convoy's I/O waits pooled over many runs, the model's and CPython's
# in turns, so both see the same machine:
#   python3 convoy_waits.py TIMESLICE PYTHON NCPU SWITCH_MS ROUNDS [UNITS UNIT_MS]
# Both sides count how late each sleep ended, as convoy.py does (see
# lateness below). A run's median (what convoy_rounds.py compares) jumps
# between modes: the I/O thread gets the GIL at the first forced switch
# after its wait began, or loses it to a CPU thread once, or twice.
# Pooling every wait shows how often each happens: the share of waits
# within 1.2 intervals ("first switch") and the quartiles, p90 and median
# of the pooled waits.
import json
import os
import statistics
import subprocess
import sys


def model(ts, ncpu, sw, units, unit_ms):
    out = subprocess.run(
        [ts, "run", "convoy", "--workers", str(ncpu + 1), "--units", units,
         "--unit-ms", unit_ms, "--switch-interval", sw, "--format", "chrome",
         "--no-baseline"], capture_output=True, text=True, check=True).stdout
    ev = json.loads(out)
    ev = ev["traceEvents"] if isinstance(ev, dict) else ev
    io = next(e["tid"] for e in ev if e.get("name") == "thread_name"
              and e["args"].get("lane") == 0)
    lane = sorted((e for e in ev if e.get("tid") == io and e.get("ph") == "X"
                   and e.get("cat") == "state"), key=lambda e: e["ts"])
    return lateness(lane, float(unit_ms))


def lateness(lane, unit_ms):
    """How late each I/O operation of the lane ended, in ms, as convoy.py
    measures CPython's: the sleep's own overshoot (the OS's timer slack
    and wake-up) plus the wait for the GIL after it, if any."""
    out = []
    for i, a in enumerate(lane):
        if a["name"] != "io":
            continue
        late = a["dur"] / 1000 - unit_ms
        if i + 1 < len(lane) and lane[i + 1]["name"] == "lock-wait":
            late += lane[i + 1]["dur"] / 1000
        out.append(late)
    return out


def cpython(py, ncpu, sw, units, unit_ms):
    here = os.path.dirname(os.path.abspath(__file__))
    out = subprocess.run(
        [py, os.path.join(here, "convoy.py"), str(ncpu), sw, units, unit_ms,
         "all"], capture_output=True, text=True, check=True).stdout
    return json.loads(out)


def cpu_times():
    """The machine's CPU time so far: all of it, and the part stolen."""
    with open("/proc/stat") as f:
        v = [int(x) for x in f.readline().split()[1:]]
    return sum(v[:8]), v[7] if len(v) > 7 else 0


def describe(name, waits, sw):
    waits = sorted(waits)
    n = len(waits)
    first = sum(w < 1.2 * sw for w in waits) / n
    q = [waits[int(n * f)] for f in (0.25, 0.5, 0.75, 0.9)]
    print("  %-8s %4d waits: first switch %3.0f%%, p25 %.2f p50 %.2f "
          "p75 %.2f p90 %.2f ms" % (name, n, 100 * first, *q))
    return q[1]


def main():
    ts, py, ncpu, sw, rounds = sys.argv[1:6]
    units = sys.argv[6] if len(sys.argv) > 6 else "40"
    unit_ms = sys.argv[7] if len(sys.argv) > 7 else "2"
    got = {"model": [], "cpython": []}
    loads = []
    t0, s0 = cpu_times()
    for _ in range(int(rounds)):
        got["model"] += model(ts, int(ncpu), sw, units, unit_ms)
        got["cpython"] += cpython(py, int(ncpu), sw, units, unit_ms)
        loads.append(os.getloadavg()[0])
    t1, s1 = cpu_times()
    # Steal: time the hypervisor gave this machine's CPUs to others.
    print("1 I/O + %s CPU threads, %s ms interval, %s rounds, load %.1f-%.1f,"
          " steal %.1f%%" % (ncpu, sw, rounds, min(loads), max(loads),
                             100 * (s1 - s0) / max(t1 - t0, 1)))
    m = describe("model", got["model"], float(sw))
    c = describe("cpython", got["cpython"], float(sw))
    print("  pooled median, model / cpython: %.2f" % (m / c))


if __name__ == "__main__":
    main()
