# Reads tools/fidelity/condlog.c logs taken with CONDLOG_MUTEX=1 (of
# CPython's convoy.py or `timeslice run convoy`) and times each drop the
# GIL's holder made on request, from the asking waiter's timeout:
#   python3 mutex_reach.py LOG [LOG...]
# when the holder called pthread_mutex_lock on the GIL's mutex, when the
# asker began to wait again (which lets that mutex go), when the holder
# signalled the release, and how often the holder slept on the mutex
# (over 2 us between calling and having it). docs/FIDELITY.md, "Like
# with like".
import collections
import sys


def load(path):
    ev = []
    with open(path) as f:
        for line in f:
            ns, tid, what, addr, _cpu = line.split()
            ev.append((int(ns), int(tid), what, addr))
    ev.sort()
    return ev


def quartiles(v):
    v = sorted(v)
    n = len(v)
    if not n:
        return "none"
    return "n %4d p10 %6.2f p25 %6.2f p50 %6.2f p75 %6.2f p90 %6.2f us" % (
        n, *(v[int(n * f)] for f in (0.1, 0.25, 0.5, 0.75, 0.9)))


def main():
    reach, again, signal = [], [], []
    slept = 0
    for path in sys.argv[1:]:
        ev = load(path)
        waits = collections.Counter(e[3] for e in ev if e[2] == "W")
        gil = waits.most_common(1)[0][0]
        # The GIL's mutex: the one its timed waits let go of (M after W).
        mutex = collections.Counter(
            b[3] for a, b in zip(ev, ev[1:])
            if a[2] == "W" and a[3] == gil and b[2] == "M" and b[1] == a[1])
        if not mutex:
            sys.exit("%s: no mutex events; log with CONDLOG_MUTEX=1" % path)
        mutex = mutex.most_common(1)[0][0]
        for i, e in enumerate(ev):
            if not (e[2] == "T" and e[3] == gil):
                continue
            asker = e[1]
            rewait = next((x for x in ev[i + 1:i + 50]
                           if x[1] == asker and x[2] == "W"), None)
            j = next((k for k in range(i + 1, min(i + 200, len(ev)))
                      if ev[k][2] == "G" and ev[k][3] == gil
                      and ev[k][1] != asker), None)
            if rewait is None or j is None or ev[j][0] - e[0] > 100000:
                continue
            holder = ev[j][1]
            calls = [x for x in ev[i:j] if x[1] == holder and x[3] == mutex
                     and x[2] == "L"]
            gots = [x for x in ev[i:j] if x[1] == holder and x[3] == mutex
                    and x[2] == "l"]
            if not calls or not gots:
                continue
            reach.append((calls[-1][0] - e[0]) / 1e3)
            again.append((rewait[0] - e[0]) / 1e3)
            signal.append((ev[j][0] - e[0]) / 1e3)
            slept += gots[-1][0] - calls[-1][0] > 2000
    if not reach:
        sys.exit("no drop on request found")
    print("from the asker's timeout:")
    print("  holder calls lock   ", quartiles(reach))
    print("  asker waits again   ", quartiles(again))
    print("  holder signals      ", quartiles(signal))
    print("holder slept on the mutex: %d of %d drops (%.0f%%)"
          % (slept, len(reach), 100 * slept / len(reach)))


if __name__ == "__main__":
    main()
