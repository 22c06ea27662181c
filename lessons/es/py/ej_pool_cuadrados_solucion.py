# Los mismos cuadrados con un grupo de dos procesos: Pool.map reparte
# los números y devuelve los resultados en orden.
from multiprocessing import Pool


def slow_square(n):
    total = 0
    for _ in range(4_000_000):  # hace de trabajo de verdad en la CPU
        total += 1
    return n * n + total - 4_000_000


if __name__ == "__main__":
    with Pool(2) as pool:
        squares = pool.map(slow_square, range(8))
    print(f"cuadrados: {squares}")
