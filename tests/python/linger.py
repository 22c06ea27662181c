# A program that would never end by itself: a thread, a child process in
# its process group and a grandchild that leaves it (a new session). It
# writes every pid to the file named on the command line, then waits.
import multiprocessing
import os
import sys
import threading
import time


def child(path):
    pid = os.fork()
    if pid == 0:
        os.setsid()
        while True:
            time.sleep(1)
    with open(path + ".tmp", "w") as f:
        f.write("%d %d %d\n" % (os.getppid(), os.getpid(), pid))
    os.rename(path + ".tmp", path)
    while True:
        time.sleep(1)


if __name__ == "__main__":
    threading.Thread(target=lambda: time.sleep(3600), daemon=True).start()
    p = multiprocessing.Process(target=child, args=(sys.argv[1],))
    p.start()
    p.join()
