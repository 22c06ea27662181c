# Three workers take jobs from a queue. The jobs all get done, but the
# program never ends: find out why, and make it end.
import queue
import threading
import time

jobs = queue.Queue()
done = []
done_lock = threading.Lock()


def worker():
    while True:
        job = jobs.get()
        time.sleep(0.05)  # stands for waiting on a disk or a network
        with done_lock:
            done.append(job * 2)


workers = [threading.Thread(target=worker, name=f"worker-{i}")
           for i in range(3)]
for w in workers:
    w.start()
for job in range(10):
    jobs.put(job)
for w in workers:
    w.join()
print(f"handled: {len(done)}, total: {sum(done)}")
