# Doce trabajos hechos uno tras otro. Cada uno sobre todo espera.
import time


def handle(job):
    time.sleep(0.1)  # hace de espera a un disco o a la red
    return job * 2


done = []
for job in range(12):
    done.append(handle(job))
print(f"hechos: {len(done)}, total: {sum(done)}")
