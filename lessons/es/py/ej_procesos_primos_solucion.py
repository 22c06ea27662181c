# Los cuatro trozos contados en un grupo de procesos: cada uno tiene su
# intérprete y su GIL, así que dos calculan a la vez.
import math
from concurrent.futures import ProcessPoolExecutor


def is_prime(n):
    if n < 2:
        return False
    if n % 2 == 0:
        return n == 2
    for d in range(3, math.isqrt(n) + 1, 2):
        if n % d == 0:
            return False
    return True


def count_primes(lo, hi):
    return sum(1 for n in range(lo, hi) if is_prime(n))


if __name__ == "__main__":
    limit = 1_000_000
    step = limit // 4
    los = list(range(0, limit, step))
    with ProcessPoolExecutor(max_workers=2) as pool:
        total = sum(pool.map(count_primes, los, [lo + step for lo in los]))
    print(f"primes below {limit}: {total}")
