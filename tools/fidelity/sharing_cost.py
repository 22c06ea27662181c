# What sharing data between workers costs CPython on this machine, the
# figures chapter 10 (lessons/*/10-coordinating.md) quotes:
#   python3 sharing_cost.py [ROUNDS]      (--json for one JSON object)
# thread_queue_us: one small item through a queue.Queue, from a producer
#   thread to the main thread (put + get), per item;
# mp_queue_us: one small item through a multiprocessing.Queue, from a
#   child process to the parent (pickled, written to a pipe by the
#   queue's feeder thread, read and unpickled), per item;
# manager_list_us, manager_dict_us: one lst.append(i) or d[i] = i on a
#   Manager().list() or .dict() proxy, a round trip to the manager's
#   server process, per update;
# local_list_us: the same append on a plain list, for scale;
# mp_queue_8mb_ms: one 8 MiB bytes object through a multiprocessing.Queue
#   from a child to the parent;
# shm_8mb_ms: the same 8 MiB written by a child into a
#   multiprocessing.shared_memory block and copied out by the parent,
#   signal included.
# Every figure is the median of ROUNDS rounds (default 5), timed with
# time.perf_counter_ns and without the processes' start-up, which
# startup.py measures. The load average is printed beside them: on a busy
# machine every figure grows.
import json
import multiprocessing as mp
import os
import queue
import statistics
import sys
import threading
import time
from multiprocessing import shared_memory

N_ITEMS = 20_000
N_UPDATES = 2_000
BIG = 8 * 1024 * 1024


def thread_queue_round():
    q = queue.Queue()

    def produce():
        for i in range(N_ITEMS):
            q.put(i)

    t = threading.Thread(target=produce)
    t0 = time.perf_counter_ns()
    t.start()
    for _ in range(N_ITEMS):
        q.get()
    t1 = time.perf_counter_ns()
    t.join()
    return (t1 - t0) / 1e3 / N_ITEMS


def put_items(q, n):
    q.put("go")
    for i in range(n):
        q.put(i)


def mp_queue_round():
    q = mp.Queue()
    p = mp.Process(target=put_items, args=(q, N_ITEMS))
    p.start()
    q.get()  # the child is running: start-up is not counted
    t0 = time.perf_counter_ns()
    for _ in range(N_ITEMS):
        q.get()
    t1 = time.perf_counter_ns()
    p.join()
    return (t1 - t0) / 1e3 / N_ITEMS


def put_big(q, go):
    data = bytes(BIG)
    q.put("ready")
    go.wait()
    q.put(data)


def mp_queue_big_round():
    q = mp.Queue()
    go = mp.Event()
    p = mp.Process(target=put_big, args=(q, go))
    p.start()
    q.get()
    t0 = time.perf_counter_ns()
    go.set()
    got = q.get()
    t1 = time.perf_counter_ns()
    p.join()
    assert len(got) == BIG
    return (t1 - t0) / 1e6


def write_shm(name, ready, go, done):
    shm = shared_memory.SharedMemory(name=name)
    data = bytes(BIG)
    ready.set()
    go.wait()
    shm.buf[:BIG] = data
    done.set()
    shm.close()


def shm_big_round():
    shm = shared_memory.SharedMemory(create=True, size=BIG)
    ready, go, done = mp.Event(), mp.Event(), mp.Event()
    p = mp.Process(target=write_shm, args=(shm.name, ready, go, done))
    p.start()
    ready.wait()
    t0 = time.perf_counter_ns()
    go.set()
    done.wait()
    got = bytes(shm.buf[:BIG])
    t1 = time.perf_counter_ns()
    p.join()
    shm.close()
    shm.unlink()
    assert len(got) == BIG
    return (t1 - t0) / 1e6


def manager_rounds(rounds):
    with mp.Manager() as m:
        lists, dicts = [], []
        for _ in range(rounds):
            lst, d = m.list(), m.dict()
            t0 = time.perf_counter_ns()
            for i in range(N_UPDATES):
                lst.append(i)
            t1 = time.perf_counter_ns()
            for i in range(N_UPDATES):
                d[i] = i
            t2 = time.perf_counter_ns()
            lists.append((t1 - t0) / 1e3 / N_UPDATES)
            dicts.append((t2 - t1) / 1e3 / N_UPDATES)
        return statistics.median(lists), statistics.median(dicts)


def local_list_round():
    lst = []
    t0 = time.perf_counter_ns()
    for i in range(N_ITEMS):
        lst.append(i)
    t1 = time.perf_counter_ns()
    return (t1 - t0) / 1e3 / N_ITEMS


def median_of(fn, rounds):
    fn()  # warm up: imports, the first fork's page faults
    return statistics.median(fn() for _ in range(rounds))


def main():
    args = [a for a in sys.argv[1:] if a != "--json"]
    rounds = int(args[0]) if args else 5
    fig = {
        "local_list_us": median_of(local_list_round, rounds),
        "thread_queue_us": median_of(thread_queue_round, rounds),
        "mp_queue_us": median_of(mp_queue_round, rounds),
    }
    fig["manager_list_us"], fig["manager_dict_us"] = manager_rounds(rounds)
    fig["mp_queue_8mb_ms"] = median_of(mp_queue_big_round, rounds)
    fig["shm_8mb_ms"] = median_of(shm_big_round, rounds)
    fig = {k: round(v, 3) for k, v in fig.items()}
    fig["rounds"] = rounds
    fig["cpus"] = os.cpu_count()
    fig["loadavg"] = os.getloadavg()[0]
    fig["python"] = sys.version.split()[0]
    fig["start_method"] = mp.get_start_method()
    if "--json" in sys.argv:
        print(json.dumps(fig))
        return
    for k, v in fig.items():
        print(f"{k:18} {v}")


if __name__ == "__main__":
    main()
