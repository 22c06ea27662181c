# Nine downloads, at most three at once: a semaphore with three permits
# lets three threads in and makes the others wait for a free one.
import threading
import time

inside = 0          # downloads in progress now
most = 0            # the most there ever were at once
count_lock = threading.Lock()
connections = threading.Semaphore(3)


def download(n):
    global inside, most
    with connections:
        with count_lock:
            inside += 1
            most = max(most, inside)
        time.sleep(0.3)  # stands for waiting on the network
        with count_lock:
            inside -= 1


threads = [threading.Thread(target=download, args=(n,), name=f"download-{n}")
           for n in range(9)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(f"downloads: 9, most at once: {most}")
