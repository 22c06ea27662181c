# Reads tools/fidelity/condlog.c logs of convoy runs (CPython's convoy.py
# or `timeslice run convoy`) and follows, after each take of the GIL by
# the I/O thread, the holder it replaced: how long it took to be woken
# from switch_cond, and whether it took the GIL back itself ("retook",
# the I/O thread having dropped it already), came back to wait before
# the next take ("before") or after it ("after"). Which of the three
# happens decides whether the I/O thread's next wait is about one
# interval or more (docs/FIDELITY.md, the convoy):
#   python3 replaced.py LOG [LOG...]
import statistics
import sys

from handoffs import is_take, load


def follow(path):
    ev, gil, io = load(path)
    kinds = {"retook": 0, "before": 0, "after": 0, "unclear": 0}
    woken = []
    for i, e in enumerate(ev):
        if e[1] != io or not is_take(e, gil):
            continue
        replaced = back = nxt = nxt_by = None
        for f in ev[i + 1:i + 200]:
            if f[0] - e[0] > 20_000_000:
                break
            # Woken from switch_cond within 2 ms: the holder that waited
            # for this take (one that had not waited has nothing to wake).
            if replaced is None and f[1] != io and f[3] != gil and \
                    f[2] in "sS" and f[0] - e[0] < 2_000_000:
                replaced = f[1]
                woken.append((f[0] - e[0]) / 1000)
            if nxt is None and f[1] != io and is_take(f, gil):
                nxt, nxt_by = f[0], f[1]
            if replaced is not None and back is None and \
                    f[1] == replaced and f[3] == gil and f[2] == "W":
                back = f[0]
            if nxt is not None and (back is not None or nxt_by == replaced):
                break
        if nxt is None:
            kinds["unclear"] += 1
        elif nxt_by == replaced:
            kinds["retook"] += 1
        elif back is not None:
            kinds["before" if back < nxt else "after"] += 1
        else:
            kinds["unclear"] += 1
    woken.sort()
    print("%s: %s; replaced holder woken from switch_cond after "
          "p25 %.1f p50 %.1f p75 %.1f us" % (
              path, ", ".join("%s %d" % kv for kv in kinds.items()),
              woken[len(woken) // 4], statistics.median(woken),
              woken[3 * len(woken) // 4]))


for log in sys.argv[1:]:
    follow(log)
