# Counts the primes below 1,000,000 in four chunks, one after another.
import math


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
    total = 0
    for lo in range(0, limit, step):
        total += count_primes(lo, lo + step)
    print(f"primes below {limit}: {total}")
