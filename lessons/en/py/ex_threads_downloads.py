# Eight downloads, one after another. Each one mostly waits.
import time


def download(n):
    time.sleep(0.2)  # stands for waiting on the network
    return n * n


total = 0
for n in range(8):
    total += download(n)
print(f"sum: {total}")
