# A program that writes to both streams and fails: 30 numbered lines
# on stdout (one carrying a terminal sequence that would clear the
# screen), a warning on stderr, then it waits for the file named on the
# command line (at most 20 s), writes its last line and raises.
import os
import sys
import threading
import time

for i in range(30):
    print("out line %d" % i)
print("clear \x1b[2J here")
print("a warning first", file=sys.stderr)
go = sys.argv[1]
end = time.monotonic() + 20
while not os.path.exists(go) and time.monotonic() < end:
    time.sleep(0.05)
t = threading.Thread(target=sum, args=(range(100000),), name="adder")
t.start()
t.join()
print("out last line")
raise ValueError("the last straw")
