# How far convoy_rounds.py's figure moves when nothing changes: CPython
# measured twice in every round, as two series A and B, beside the model:
#   python3 convoy_self.py TIMESLICE PYTHON NCPU SWITCH_MS ROUNDS SETS
# For each set: the median of A's runs and of B's, B/A, and the model's
# median against each. Where B/A itself strays from 1, a ratio of the
# model to CPython can stray as far without the model being wrong:
# docs/FIDELITY.md, "Like with like".
import statistics
import sys

import convoy_rounds


def main():
    ts, py, ncpu, sw, rounds, sets = sys.argv[1:7]
    ncpu, rounds = int(ncpu), int(rounds)
    for s in range(int(sets)):
        a, b, m = [], [], []
        for _ in range(rounds):
            a.append(convoy_rounds.cpython(py, ncpu, sw, "40", "2"))
            m.append(convoy_rounds.model(ts, ncpu, sw, "40", "2"))
            b.append(convoy_rounds.cpython(py, ncpu, sw, "40", "2"))
        ma, mb, mm = (statistics.median(x) for x in (a, b, m))
        print("%s ms, set %d: CPython A %.2f ms, B %.2f ms (B/A %.2f); "
              "model %.2f ms (/A %.2f, /B %.2f)"
              % (sw, s + 1, ma, mb, mb / ma, mm, mm / ma, mm / mb),
              flush=True)


if __name__ == "__main__":
    main()
