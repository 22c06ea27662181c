# Six hundred threads alive at once, each asleep until the main thread
# lets them go: a trace must see them all or say how many it left out.
import threading
import time

go = threading.Event()
threads = [threading.Thread(target=go.wait, name=f"sleeper-{i}")
           for i in range(600)]
for t in threads:
    t.start()
time.sleep(1.0)
go.set()
for t in threads:
    t.join()
