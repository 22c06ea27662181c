import threading
import time
from concurrent.futures import ThreadPoolExecutor


def descargar(pagina):
    # como una petición de red: mientras espera, el GIL queda libre
    time.sleep(0.25)
    return f"página {pagina}, de {threading.current_thread().name}"


inicio = time.perf_counter()
with ThreadPoolExecutor(max_workers=4,
                        thread_name_prefix="descargador") as pool:
    for linea in pool.map(descargar, range(8)):
        print(linea)
print(f"8 descargas de 0,25 s: {time.perf_counter() - inicio:.2f} s")
