import queue
import threading
import time

pedidos = queue.Queue(maxsize=3)
FIN = None


def cajero(clientes, cocineros):
    for i in range(clientes):
        time.sleep(0.05)             # el siguiente cliente pide
        pedidos.put(f"pedido {i}")   # espera si la cola está llena
    for _ in range(cocineros):
        pedidos.put(FIN)             # un centinela para cada cocinero


def cocinero():
    hechos = 0
    while (pedido := pedidos.get()) is not FIN:   # espera un pedido
        sum(i * i for i in range(150_000))        # cocinar: calcular
        hechos += 1
    print(f"{threading.current_thread().name}: {hechos} pedidos")


cocineros = [threading.Thread(target=cocinero, name=f"cocinero-{i}")
             for i in (1, 2, 3)]
caja = threading.Thread(target=cajero, args=(20, 3), name="cajero")
inicio = time.perf_counter()
for h in cocineros + [caja]:
    h.start()
for h in cocineros + [caja]:
    h.join()
print(f"20 pedidos en {time.perf_counter() - inicio:.2f} s")
