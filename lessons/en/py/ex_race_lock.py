# Four threads add 1 to a shared counter 5,000 times each.
import threading
import time

counter = 0


def add_many():
    global counter
    for _ in range(5000):
        seen = counter
        time.sleep(0)  # stands for any work between reading and writing
        counter = seen + 1


threads = [threading.Thread(target=add_many, name=f"adder-{i}")
           for i in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(f"counter: {counter}")
