# Tras los trabajos, un None por trabajador: el que toma un None sabe que
# no llegará más trabajo, y termina.
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
        time.sleep(0.05)  # hace de espera a un disco o a la red
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
print(f"atendidos: {len(done)}, total: {sum(done)}")
