# Reads a tools/fidelity/condlog.c log of a convoy run (CPython's
# convoy.py or `timeslice run convoy`) and says how the I/O thread fared
# at each GIL hand-off:
#   python3 handoffs.py LOG
# The GIL's condition variable is the one with the most timed waits; the
# worker threads are those that waited on it at least 20 times, and the
# I/O thread is the first of them started (both programs start it first).
# A take is a worker signalling the other condition variable (switch_cond),
# a drop is a worker signalling the GIL's.
import collections
import statistics
import sys


def load(path):
    ev = []
    with open(path) as f:
        for line in f:
            ns, tid, what, cond, cpu = line.split()
            ev.append((int(ns), int(tid), what, cond, int(cpu)))
    ev.sort()
    gil = collections.Counter(e[3] for e in ev if e[2] == "W").most_common(1)[0][0]
    waits = collections.Counter(e[1] for e in ev if e[3] == gil and e[2] == "W")
    workers = sorted(t for t, n in waits.items() if n >= 20)
    return [e for e in ev if e[1] in workers], gil, workers[0]


def is_take(e, gil):
    return e[2] in "GB" and e[3] != gil


def io_waits(ev, gil, io):
    """Per wait of the I/O thread: ms, its own timeouts, takes by others."""
    out, start, timeouts, lost = [], None, 0, 0
    for e in ev:
        if e[1] == io and e[3] == gil and e[2] == "W" and start is None:
            start, timeouts, lost = e[0], 0, 0
        elif start is None:
            continue
        elif e[1] == io and e[3] == gil and e[2] == "T":
            timeouts += 1
        elif is_take(e, gil):
            if e[1] == io:
                out.append(((e[0] - start) / 1e6, timeouts, lost))
                start = None
            else:
                lost += 1
    return out


def dropper_race(ev, gil, io):
    """After each take by the I/O thread, what the holder it replaced did."""
    res = collections.Counter()
    for i, e in enumerate(ev):
        if not (e[1] == io and is_take(e, gil)):
            continue
        dropper = None
        for x in ev[i + 1:i + 40]:
            if x[1] == io and is_take(x, gil):
                break
            if x[1] != io and x[3] != gil and x[2] in "sS":
                dropper = x[1]
                break
        if dropper is None:
            res["old holder did not wait for the switch"] += 1
            continue
        for x in ev[i + 1:]:
            if x[1] == dropper and x[3] == gil and x[2] == "W":
                res["old holder waits again before the next take"] += 1
                break
            if x[1] != io and is_take(x, gil):
                res["old holder takes the GIL back" if x[1] == dropper
                    else "old holder waits again after another took it"] += 1
                break
    return res


def same_cpu(ev, gil):
    """Hand-offs whose taker ran on the CPU its dropper signalled from."""
    same = total = 0
    drop = None
    for e in ev:
        if e[2] == "G" and e[3] == gil:
            drop = e
        elif is_take(e, gil) and drop is not None and e[1] != drop[1]:
            total += 1
            same += e[4] == drop[4]
            drop = None
    return same, total


def main():
    ev, gil, io = load(sys.argv[1])
    w = io_waits(ev, gil, io)
    if not w:
        sys.exit("no waits of the I/O thread in the log")
    ms = [x[0] for x in w]
    lost = collections.Counter(min(x[2], 3) for x in w)
    print("I/O thread: %d waits, median %.2f ms, %.1f own timeouts per wait"
          % (len(w), statistics.median(ms),
             sum(x[1] for x in w) / len(w)))
    print("  hand-offs lost to CPU threads before its own: " + ", ".join(
        "%s: %d" % ("3+" if k == 3 else k, lost[k]) for k in sorted(lost)))
    same, total = same_cpu(ev, gil)
    if total:
        print("  hand-offs taken on the dropper's CPU: %d of %d (%.0f%%)"
              % (same, total, 100 * same / total))
    race = dropper_race(ev, gil, io)
    n = sum(race.values())
    for k, v in race.most_common():
        print("  %-46s %3d (%2.0f%%)" % (k, v, 100 * v / n))


if __name__ == "__main__":
    main()
