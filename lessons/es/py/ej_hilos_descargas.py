# Ocho descargas, una tras otra. Cada una sobre todo espera.
import time


def download(n):
    time.sleep(0.2)  # hace de espera a la red
    return n * n


total = 0
for n in range(8):
    total += download(n)
print(f"sum: {total}")
