# After the jobs, one None per worker: a worker that takes a None knows
# no more work will come, and returns.
import queue
import threading
import time

jobs = queue.Queue()
done = []
done_lock = threading.Lock()
STOP = None


def worker():
    while True:
        job = jobs.get()
        if job is STOP:
            return
        time.sleep(0.05)  # stands for waiting on a disk or a network
        with done_lock:
            done.append(job * 2)


workers = [threading.Thread(target=worker, name=f"worker-{i}")
           for i in range(3)]
for w in workers:
    w.start()
for job in range(10):
    jobs.put(job)
for _ in workers:
    jobs.put(STOP)
for w in workers:
    w.join()
print(f"handled: {len(done)}, total: {sum(done)}")
