import multiprocessing
import time


def busy(n):
    total = 0
    for i in range(n):
        total += i * i
    return total


def work(jobs):
    for n in jobs:
        busy(n)


if __name__ == "__main__":
    jobs = [2_000_000] * 8

    start = time.perf_counter()
    procs = [
        multiprocessing.Process(target=work, args=(jobs[i::2],),
                                name=f"cruncher-{i + 1}")
        for i in range(2)
    ]
    for p in procs:
        p.start()
    for p in procs:
        p.join()
    print(f"2 processes: {time.perf_counter() - start:.2f} s")
