# Reads tools/fidelity/condlog.c logs of convoy runs (CPython's convoy.py
# or `timeslice run convoy`) and says how each take of the GIL came about,
# from the taker's previous logged event: woken from its wait on the GIL,
# straight after its wait on switch_cond (the holder the last taker
# replaced, taking it back), after a timed-out wait that found the GIL
# free, or right after its own drop. docs/FIDELITY.md, "The cause, found":
#   python3 takes.py LOG [LOG...]
import collections
import sys

from handoffs import is_take, load


def how(prev, gil):
    if prev is None:
        return "first take"
    what, cond = prev[2], prev[3]
    if what in "sS":
        return ("woken from its wait on the GIL" if cond == gil
                else "straight after its wait on switch_cond")
    if what == "T" and cond == gil:
        return "its wait timed out, the GIL was free"
    if what == "G" and cond == gil:
        return "right after its own drop"
    return "other"


def main():
    for path in sys.argv[1:]:
        ev, gil, io = load(path)
        last, count = {}, collections.Counter()
        for e in ev:
            if is_take(e, gil):
                count[("I/O" if e[1] == io else "CPU",
                       how(last.get(e[1]), gil))] += 1
            last[e[1]] = e
        total = sum(count.values())
        print("%s: %d takes" % (path, total))
        for (who, kind), n in sorted(count.items()):
            print("  %-3s %-42s %4d %3.0f%%" % (who, kind, n, 100 * n / total))


if __name__ == "__main__":
    main()
