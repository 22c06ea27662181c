# A pool of two processes sharing CPU-bound items.
import multiprocessing


def burn(n):
    x = 0
    for i in range(n):
        x += i
    return x


if __name__ == "__main__":
    with multiprocessing.Pool(2) as pool:
        pool.map(burn, [600_000] * 24, chunksize=1)
