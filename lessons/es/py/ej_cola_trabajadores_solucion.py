# Cuatro hilos trabajadores toman trabajos de una queue.Queue hasta que
# reciben un None, la señal de que no queda trabajo.
import queue
import threading
import time


def handle(job):
    time.sleep(0.1)  # hace de espera a un disco o a la red
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
print(f"hechos: {len(done)}, total: {sum(done)}")
