# Both threads take the locks in one order, a then b: neither can hold
# one lock while the other holds the second.
import threading
import time

a = threading.Lock()
b = threading.Lock()
rounds = 0


def forward():
    global rounds
    for _ in range(1000):
        with a:
            time.sleep(0)  # stands for work done holding one lock
            with b:
                rounds += 1


def backward():
    global rounds
    for _ in range(1000):
        with a:
            time.sleep(0)
            with b:
                rounds += 1


threads = [threading.Thread(target=forward, name="forward"),
           threading.Thread(target=backward, name="backward")]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(f"rounds: {rounds}")
