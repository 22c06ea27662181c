# Writes what the program sees of its environment and path to argv[1].
import os
import sys

with open(sys.argv[1], "w") as f:
    f.write("PYTHONPATH=%s\n" % os.environ.get("PYTHONPATH", "<unset>"))
    for k in sorted(os.environ):
        if k.startswith("TIMESLICE_TRACE"):
            f.write("leak %s\n" % k)
    for p in sys.path:
        if p.endswith("assets/python"):
            f.write("path %s\n" % p)
    f.write("user_site=%s\n" % os.environ.get("USER_SITE_RAN", "no"))
