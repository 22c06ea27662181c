# The same squares from a pool of two processes: Pool.map hands the
# numbers out and gives the results back in order.
from multiprocessing import Pool


def slow_square(n):
    total = 0
    for _ in range(4_000_000):  # stands for real work on the CPU
        total += 1
    return n * n + total - 4_000_000


if __name__ == "__main__":
    with Pool(2) as pool:
        squares = pool.map(slow_square, range(8))
    print(f"squares: {squares}")
