# Tres trabajadores toman trabajos de una cola. Todos los trabajos se hacen,
# pero el programa no termina nunca: averigua por qué y haz que termine.
import queue
import threading
import time

jobs = queue.Queue()
done = []
done_lock = threading.Lock()


def worker():
    while True:
        job = jobs.get()
        time.sleep(0.05)  # hace de espera a un disco o a la red
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
print(f"atendidos: {len(done)}, total: {sum(done)}")
