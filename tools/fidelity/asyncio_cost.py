# The cost of the Python hook on asyncio: asyncio_steps.py (100,000 task
# steps) run in turns untraced, under `timeslice trace --no-hook` and
# under `timeslice trace`, PAIRS times each, in one series; prints the
# median wall time of the program in each (traced: the report's wall_ms,
# from exec to exit, so timeslice's own start and report are left out)
# and its ratio to untraced (the hook's budget is 1.25 for the traced
# run), then the median CPU time of the whole command (traced,
# timeslice's too), which a busy machine stretches less. The
# --no-hook run tells the sampler's share from the hook's; "traced, py"
# records the steps in Python (TIMESLICE_STEPS empty) where "traced"
# uses the C recorder when the build has one; OTHER_BIN, a second
# timeslice (an older build, say), is traced in the same turns.
#   python3 asyncio_cost.py TIMESLICE_BIN [PAIRS [OTHER_BIN]]
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time

ts = sys.argv[1]
pairs = int(sys.argv[2]) if len(sys.argv) > 2 else 11
prog = [sys.executable, __file__.replace("asyncio_cost.py",
                                         "asyncio_steps.py")]
report = os.path.join(tempfile.mkdtemp(), "trace.json")
series = {
    "untraced": prog,
    "no hook": [ts, "trace", "--no-hook", "--format", "json", "--out",
                report, "--"] + prog,
    "traced": [ts, "trace", "--format", "json", "--out", report,
               "--"] + prog,
    "traced, py": [ts, "trace", "--format", "json", "--out", report,
                   "--"] + prog,
}
if len(sys.argv) > 3:
    series["other"] = [sys.argv[3], "trace", "--format", "json", "--out",
                       report, "--"] + prog


def cpu():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def run(cmd, env=None):
    c0, t0 = cpu(), time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, env=env)
    wall, used = time.perf_counter() - t0, cpu() - c0
    if cmd is not prog:
        with open(report) as f:
            wall = json.load(f)["wall_ms"] / 1000
        os.unlink(report)
    return wall, used


times = {name: [] for name in series}
cpus = {name: [] for name in series}
for _ in range(pairs):
    for name, cmd in series.items():
        env = dict(os.environ, TIMESLICE_STEPS="") \
            if name == "traced, py" else None
        wall, used = run(cmd, env)
        times[name].append(wall)
        cpus[name].append(used)
for label, figures in (("wall", times), ("cpu", cpus)):
    base = statistics.median(figures["untraced"])
    print("asyncio 100,000 steps, %s, medians of %d: " % (label, pairs) +
          ", ".join("%s %.3f s (x%.2f)" % (name, statistics.median(t),
                                           statistics.median(t) / base)
                    for name, t in figures.items()))
