# What starting a worker process and handing it work cost CPython here,
# the figures the `processes` engine models (src/engine/engines.c):
#   python3 startup.py [ROUNDS]        (--json for one JSON object)
# start_ms: from Process.start() being called to the first line of the
#   target running in the child (fork and spawn start methods);
# start_call_ms: how long start() itself kept the parent busy;
# exit_ms: from the target returning to join() returning in the parent;
# pool_map_ms: a Pool.map of one tiny item on a warm pool of one, the cost
#   of handing work to a process and getting the answer back;
# pool_start_ms: Pool(1) created until its first map answered.
# start_cpu_ms: CPU time the child had used when the target began (its
#   own start-up work); start_call_cpu_ms: CPU time the parent spent in
#   start(); child_cpu_ms: the child's whole CPU time (getrusage of the
#   waited-for children). CPU times do not stretch with the machine's
#   load the way wall times do.
# Times are CLOCK_MONOTONIC (time.perf_counter_ns), the same clock in
# every process. Medians over ROUNDS, with the load average beside them.
import json
import multiprocessing as mp
import os
import resource
import statistics
import sys
import time


def first(w):
    w.send((time.perf_counter_ns(), time.process_time_ns()))


def tiny(x):
    return x + 1


def once(ctx):
    r, w = ctx.Pipe(duplex=False)
    p = ctx.Process(target=first, args=(w,))
    ru0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    c0 = time.thread_time_ns()
    t0 = time.perf_counter_ns()
    p.start()
    t1 = time.perf_counter_ns()
    c1 = time.thread_time_ns()
    w.close()
    got, cpu = r.recv()
    p.join()
    t2 = time.perf_counter_ns()
    ru1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    r.close()
    child = (ru1.ru_utime + ru1.ru_stime - ru0.ru_utime - ru0.ru_stime) * 1e3
    return ((got - t0) / 1e6, (t1 - t0) / 1e6, (t2 - got) / 1e6,
            cpu / 1e6, (c1 - c0) / 1e6, child)


def method(name, rounds):
    ctx = mp.get_context(name)
    once(ctx)  # warm up: imports and the first fork's page faults
    runs = [once(ctx) for _ in range(rounds)]
    return {k: round(statistics.median(r[i] for r in runs), 3)
            for i, k in enumerate(("start_ms", "start_call_ms", "exit_ms",
                                     "start_cpu_ms", "start_call_cpu_ms",
                                     "child_cpu_ms"))}


def pool(rounds):
    ctx = mp.get_context("fork")
    t0 = time.perf_counter_ns()
    with ctx.Pool(1) as p:
        p.map(tiny, [1])
        started = (time.perf_counter_ns() - t0) / 1e6
        trips = []
        for _ in range(rounds):
            a = time.perf_counter_ns()
            p.map(tiny, [1])
            trips.append((time.perf_counter_ns() - a) / 1e6)
    return {"pool_start_ms": round(started, 3),
            "pool_map_ms": round(statistics.median(trips), 3)}


def main():
    rounds = int(next((a for a in sys.argv[1:] if a.isdigit()), "20"))
    out = {"python": sys.version.split()[0], "cpus": os.cpu_count(),
           "load_before": os.getloadavg()[0]}
    out["fork"] = method("fork", rounds)
    out["spawn"] = method("spawn", max(3, rounds // 4))
    out.update(pool(rounds))
    out["load_after"] = os.getloadavg()[0]
    if "--json" in sys.argv:
        print(json.dumps(out))
    else:
        for k, v in out.items():
            print("%s: %s" % (k, v))


if __name__ == "__main__":
    main()
