# La lectura y la escritura bajo un cerrojo: no se pierde ningún incremento.
import threading
import time

counter = 0
lock = threading.Lock()


def add_many():
    global counter
    for _ in range(5000):
        with lock:
            seen = counter
            time.sleep(0)  # hace de cualquier trabajo entre leer y escribir
            counter = seen + 1


threads = [threading.Thread(target=add_many, name=f"adder-{i}")
           for i in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(f"contador: {counter}")
