# Ocho cuadrados lentos, uno tras otro, en un solo proceso.


def slow_square(n):
    total = 0
    for _ in range(4_000_000):  # hace de trabajo de verdad en la CPU
        total += 1
    return n * n + total - 4_000_000


if __name__ == "__main__":
    squares = [slow_square(n) for n in range(8)]
    print(f"cuadrados: {squares}")
