#!/bin/sh
# Traces each fidelity program under real CPython and runs the matching
# timeslice model, printing both, for docs/FIDELITY.md.
#   tools/fidelity/run.sh [TIMESLICE_BIN] [PYTHON]
set -eu
here=$(dirname "$0")
ts=${1:-build/timeslice}
py=${2:-python3}

trace() {	# trace LABEL PREFIXES -- ARGS...
	label=$1 prefixes=$2
	shift 3
	printf '%-28s CPython  ' "$label"
	"$ts" trace --format json -- "$py" "$@" 2>/tmp/fidelity.err |
		"$py" "$here/summarize.py" $prefixes
	grep -h 'convoy\|wall' /tmp/fidelity.err | sed 's/^/                             program  /' || true
}

model() {	# model LABEL SCENARIO ARGS...
	label=$1
	shift
	printf '%-28s model    ' "$label"
	"$ts" run "$@" --format json | "$py" -c '
import json, sys
j = json.load(sys.stdin)
ws = j["workers"]
life = sum(w["run_ms"] + w["wait_ms"] + w["io_ms"] + w["ready_ms"] for w in ws)
m = j["metrics"]
extra = ""
if "io_wait_p50_ms" in m:
    extra = "; io thread GIL wait p50 %.2f ms p99 %.2f ms" % (
        m["io_wait_p50_ms"], m["io_wait_p99_ms"])
print("wall %.0f ms; cores used %.2f; run %.0f%% wait %.0f%%; speedup %s%s" % (
    j["wall_ms"], j["cpu_ms"] / max(j["wall_ms"], 1e-9),
    100 * sum(w["run_ms"] for w in ws) / max(life, 1e-9),
    100 * sum(w["wait_ms"] for w in ws) / max(life, 1e-9),
    "%.2f" % j["speedup"] if j["speedup"] is not None else "-", extra))'
}

for n in 2 4; do
	trace "cpu threads x$n" "cpu" -- "$here/cpu_threads.py" $n
	model "cpu threads x$n" gil --workers $n --units $((n * 4)) --unit-ms 25
done
trace "io threads x8" "io" -- "$here/io_threads.py" 8
model "io threads x8" threads --workers 8 --work io --units 64 --unit-ms 25
for sw in 5 1; do
	for n in 1 3; do
		trace "convoy 1 io + $n cpu, ${sw} ms" "io cpu" -- \
			"$here/convoy.py" $n $sw 40 2
		model "convoy 1 io + $n cpu, ${sw} ms" convoy --workers $((n + 1)) \
			--switch-interval $sw --units 40 --unit-ms 2
	done
done
for n in 2 4; do
	trace "pool x$n" "ForkPoolWorker" -- "$here/pool.py" $n
	model "pool x$n" processes --workers $n --units $((n * 8)) --unit-ms 25
done
trace "asyncio gather x8" "task-" -- "$here/gather.py" 8
model "asyncio gather x8" coroutines --workers 8 --work io --units 64 \
	--unit-ms 25
