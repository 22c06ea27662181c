import queue
import threading
import time

orders = queue.Queue(maxsize=3)
STOP = None


def cashier(customers, cooks):
    for i in range(customers):
        time.sleep(0.05)             # the next customer orders
        orders.put(f"order {i}")     # waits while the queue is full
    for _ in range(cooks):
        orders.put(STOP)             # one sentinel for each cook


def cook():
    cooked = 0
    while (order := orders.get()) is not STOP:   # waits for an order
        sum(i * i for i in range(150_000))       # cooking: computing
        cooked += 1
    print(f"{threading.current_thread().name}: {cooked} orders")


cooks = [threading.Thread(target=cook, name=f"cook-{i}")
         for i in (1, 2, 3)]
till = threading.Thread(target=cashier, args=(20, 3), name="cashier")
start = time.perf_counter()
for t in cooks + [till]:
    t.start()
for t in cooks + [till]:
    t.join()
print(f"20 orders in {time.perf_counter() - start:.2f} s")
