# Four worker threads take jobs from one queue.Queue until they get a
# None, the sign that there is no more work.
import queue
import threading
import time


def handle(job):
    time.sleep(0.1)  # stands for waiting on a disk or a network
    return job * 2


jobs = queue.Queue()
done = []
done_lock = threading.Lock()


def worker():
    while (job := jobs.get()) is not None:
        result = handle(job)
        with done_lock:
            done.append(result)


workers = [threading.Thread(target=worker, name=f"worker-{i}")
           for i in range(4)]
for w in workers:
    w.start()
for job in range(12):
    jobs.put(job)
for _ in workers:
    jobs.put(None)
for w in workers:
    w.join()
print(f"handled: {len(done)}, total: {sum(done)}")
