# Two computing threads share the GIL while three consumers sit idle in
# queue.Queue.get() and a producer sleeps between rare items: the
# consumers wait for another thread, not for the GIL.
import queue
import threading
import time

q = queue.Queue()


def spin(n):
    x = 0
    for i in range(n):
        x += i


def consume():
    while q.get() is not None:
        pass


def produce():
    for i in range(3):
        time.sleep(0.25)
        q.put(i)


consumers = [threading.Thread(target=consume, name=f"consumer-{i}")
             for i in range(3)]
workers = [threading.Thread(target=spin, args=(3_000_000,), name=name)
           for name in ("compute-a", "compute-b")]
producer = threading.Thread(target=produce, name="producer")
for t in consumers + workers + [producer]:
    t.start()
for t in workers + [producer]:
    t.join()
for t in consumers:
    q.put(None)
for t in consumers:
    t.join()
