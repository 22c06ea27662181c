# Reads tools/fidelity/condlog.c logs of convoy runs and shows, for each
# drop the holder made on request from another CPU, how soon after the
# asking waiter began to wait again the holder signalled, and how often
# the asker then took the GIL itself (it was not asleep yet, so the
# signal was its):
#   python3 steals.py LOG [LOG...]
# The share the asker takes at a given delay is glibc's and the kernel's,
# the same under CPython and the model; the delays are each program's.
# docs/FIDELITY.md, "Like with like".
import collections
import sys

from handoffs import is_take, load

EDGES = [0, 0.5, 1, 1.5, 2, 3, 4, 6, 10, float("inf")]


def main():
    total, taken = collections.Counter(), collections.Counter()
    for path in sys.argv[1:]:
        ev, gil, io = load(path)
        timeout = rewait = None
        for i, e in enumerate(ev):
            _ns, tid, what, cond, cpu = e
            if cond != gil:
                continue
            if what == "T":
                timeout, rewait = e, None
            elif (what == "W" and timeout is not None
                  and tid == timeout[1] and rewait is None):
                rewait = e
            elif (what == "G" and tid != io and timeout is not None
                  and rewait is not None and cpu != timeout[4]):
                d = (e[0] - rewait[0]) / 1e3
                if 0 <= d < 200:
                    b = next(k for k in range(len(EDGES) - 1)
                             if d < EDGES[k + 1])
                    win = next((y for y in ev[i + 1:i + 60]
                                if is_take(y, gil)), None)
                    total[b] += 1
                    taken[b] += win is not None and win[1] == timeout[1]
                timeout = None
    n = sum(total.values())
    if not n:
        sys.exit("no drop on request found")
    for b in sorted(total):
        hi = EDGES[b + 1]
        print("  signal %4.1f-%-4s us after the asker waits again: %3.0f%% "
              "of drops, the asker takes the GIL in %3.0f%%"
              % (EDGES[b], "" if hi == float("inf") else "%.1f" % hi,
                 100 * total[b] / n, 100 * taken[b] / total[b]))


if __name__ == "__main__":
    main()
