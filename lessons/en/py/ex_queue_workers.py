# Twelve jobs done one after another. Each one mostly waits.
import time


def handle(job):
    time.sleep(0.1)  # stands for waiting on a disk or a network
    return job * 2


done = []
for job in range(12):
    done.append(handle(job))
print(f"handled: {len(done)}, total: {sum(done)}")
