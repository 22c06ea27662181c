# Nueve descargas, todas a la vez. El servidor admite tres conexiones por
# cliente: cambia el programa para que descarguen como mucho tres a la vez.
import threading
import time

inside = 0          # descargas en curso ahora
most = 0            # el máximo que hubo a la vez
count_lock = threading.Lock()


def download(n):
    global inside, most
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
