import multiprocessing
import time


def ocupada(n):
    total = 0
    for i in range(n):
        total += i * i
    return total


def trabajar(trabajos):
    for n in trabajos:
        ocupada(n)


if __name__ == "__main__":
    trabajos = [2_000_000] * 8

    inicio = time.perf_counter()
    procesos = [
        multiprocessing.Process(target=trabajar, args=(trabajos[i::2],),
                                name=f"calculador-{i + 1}")
        for i in range(2)
    ]
    for p in procesos:
        p.start()
    for p in procesos:
        p.join()
    print(f"2 procesos: {time.perf_counter() - inicio:.2f} s")
