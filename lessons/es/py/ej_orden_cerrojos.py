# Dos hilos toman los mismos dos cerrojos, en órdenes opuestos.
import threading
import time

a = threading.Lock()
b = threading.Lock()
rounds = 0


def forward():
    global rounds
    for _ in range(1000):
        with a:
            time.sleep(0)  # hace de trabajo hecho con un cerrojo tomado
            with b:
                rounds += 1


def backward():
    global rounds
    for _ in range(1000):
        with b:
            time.sleep(0)
            with a:
                rounds += 1


threads = [threading.Thread(target=forward, name="forward"),
           threading.Thread(target=backward, name="backward")]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(f"rondas: {rounds}")
