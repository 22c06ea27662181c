# Reads `timeslice trace --format json` on stdin; prints one line of the
# figures docs/FIDELITY.md compares: wall, cores used, and per group of
# lanes (by name prefix) run/wait/io shares and lock-wait p50.
import json
import statistics
import sys

j = json.load(sys.stdin)
wall = j["wall_ms"]
out = ["wall %.0f ms" % wall, "cores used %.2f" % j["metrics"]["cores_used"],
       "free %.2f" % j["cores_free"]]
for prefix in sys.argv[1:]:
    ws = [w for w in j["workers"] if w["name"].startswith(prefix)]
    if not ws:
        continue
    life = [w["run_ms"] + w["wait_ms"] + w["io_ms"] + w["ready_ms"]
            for w in ws]
    run = sum(w["run_ms"] for w in ws) / max(sum(life), 1e-9)
    wait = sum(w["wait_ms"] for w in ws) / max(sum(life), 1e-9)
    p50 = statistics.median([w["wait_p50_ms"] for w in ws])
    out.append("%s x%d: run %.0f%% wait %.0f%% p50 %.1f ms"
               % (prefix, len(ws), 100 * run, 100 * wait, p50))
lock = j.get("lock") or {}
if lock:
    out.append("GIL hand-offs %d" % lock.get("holder_changes", 0))
print("; ".join(out))
