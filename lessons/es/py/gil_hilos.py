import threading
import time

def contar(n):
    while n > 0:
        n -= 1

N = 20_000_000

inicio = time.perf_counter()
hilos = [
    threading.Thread(target=contar, args=(N // 4,), name=f"calculador-{i}")
    for i in range(1, 5)
]
for h in hilos:
    h.start()
for h in hilos:
    h.join()
print(f"4 hilos: {time.perf_counter() - inicio:.2f} s")
