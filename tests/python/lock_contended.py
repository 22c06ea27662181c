# Three threads wait on one threading.Lock that a fourth holds while it
# sleeps, and two computing threads share the GIL meanwhile: the three
# wait for another thread (untimed, on one lock's word), not for the GIL.
import threading
import time

lock = threading.Lock()
held = threading.Event()


def holder():
    with lock:
        held.set()
        time.sleep(0.8)


def waiter():
    held.wait()
    with lock:
        pass


def spin(n):
    x = 0
    for i in range(n):
        x += i


threads = [threading.Thread(target=holder, name="holder")]
threads += [threading.Thread(target=waiter, name=f"waiter-{i}")
            for i in range(3)]
threads += [threading.Thread(target=spin, args=(3_000_000,), name=name)
            for name in ("compute-a", "compute-b")]
for t in threads:
    t.start()
for t in threads:
    t.join()
