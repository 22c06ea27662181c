# Nueve descargas, como mucho tres a la vez: un semáforo con tres permisos
# deja pasar a tres hilos y hace que los demás esperen a que quede uno libre.
import threading
import time

inside = 0          # descargas en curso ahora
most = 0            # el máximo que hubo a la vez
count_lock = threading.Lock()
connections = threading.Semaphore(3)


def download(n):
    global inside, most
    with connections:
        with count_lock:
            inside += 1
            most = max(most, inside)
        time.sleep(0.3)  # hace de espera a la red
        with count_lock:
            inside -= 1


threads = [threading.Thread(target=download, args=(n,), name=f"download-{n}")
           for n in range(9)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(f"descargas: 9, a la vez como mucho: {most}")
