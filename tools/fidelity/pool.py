# A multiprocessing.Pool of N processes on CPU-bound items: pool.py N
import multiprocessing
import sys


def burn(count):
    x = 0
    for i in range(count):
        x += i
    return x


if __name__ == "__main__":
    n = int(sys.argv[1])
    with multiprocessing.Pool(n) as pool:
        pool.map(burn, [500_000] * 8 * n, chunksize=1)
