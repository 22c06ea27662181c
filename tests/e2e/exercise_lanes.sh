#!/bin/bash
# exercise_lanes.sh - the exercise screen draws the learner's program as
# lanes while it runs, and keeps them above the verdict once it is over,
# at 80x24 in English and in Spanish: a saved program whose four threads
# have names of their own shows those names beside the "running" line
# (live), then beside the verdict with the time axis and the legend, with
# the hint bar still on the last row and every condition accounted for
# (shown, or counted on a "more conditions" line).
. "$(dirname "$0")/lib.sh"

command -v python3 >/dev/null || { echo "SKIP: no python3"; exit 77; }
export XDG_DATA_HOME="$WORK/data" XDG_STATE_HOME="$WORK/state"
export XDG_CACHE_HOME="$WORK/cache"
E2E_ENV="XDG_DATA_HOME=$XDG_DATA_HOME XDG_STATE_HOME=$XDG_STATE_HOME XDG_CACHE_HOME=$XDG_CACHE_HOME LANG=C.UTF-8 LC_ALL=C.UTF-8"
E2E_LIMIT=110

# lanes LANG RUNNING VERDICT AXIS RUNNING_STATE HINT: one language's run.
lanes() {
	local lang=$1 running=$2 verdict=$3 axis=$4 state=$5 hint=$6
	local ws="$XDG_DATA_HOME/timeslice/exercises/$lang/threads-downloads.py"
	local s c

	start 80 24 exercise threads-downloads --lang "$lang"
	wait_for 'threads-downloads' 15 || fail "$lang: no exercise screen"
	[ -f "$ws" ] || fail "$lang: no workspace file at $ws"
	# Four named threads that wait long enough to be seen waiting.
	cat > "$ws.new" <<'PY'
import threading
import time

results = [0] * 7


def fetch(k):
    for n in range(k, 7, 4):
        time.sleep(0.6)
        results[n] = n * n


threads = [threading.Thread(target=fetch, args=(k,), name=f"fetch-{k}")
           for k in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(f"sum: {sum(results)}")
PY
	mv "$ws.new" "$ws"
	# Live: the threads' names beside the running line (the starter is
	# measured first, so they come once the learner's program runs).
	local end=$((SECONDS + 60)) live=0
	while [ "$SECONDS" -lt "$end" ]; do
		s=$(screen)
		if echo "$s" | grep -q "$running" &&
		    echo "$s" | grep -q 'fetch-[0-3]'; then
			live=1
			break
		fi
		echo "$s" | grep -q "$verdict" && break
		sleep 0.1
	done
	[ "$live" -eq 1 ] || fail "$lang: no lane of the running program while it ran"
	echo "$s" | grep -q "^ *$axis " ||
	    fail "$lang: the live lanes have no time axis"
	[ -n "${E2E_SHOW:-}" ] && { echo "--- $lang, running ---"; echo "$s"; }
	wait_for "$verdict" 60 || fail "$lang: no verdict"
	s=$(screen)
	[ -n "${E2E_SHOW:-}" ] && { echo "--- $lang, graded ---"; echo "$s"; }
	# The whole run stays above the verdict.
	echo "$s" | grep -q 'fetch-[0-3]' ||
	    fail "$lang: the lanes are gone once the run is over"
	echo "$s" | grep -q "^ *$axis " ||
	    fail "$lang: the finished lanes have no time axis"
	echo "$s" | grep -q "$state" ||
	    fail "$lang: no legend under the lanes"
	[ "$(echo "$s" | grep -n 'fetch-[0-3]' | head -1 | cut -d: -f1)" -lt \
	    "$(echo "$s" | grep -n "$verdict" | cut -d: -f1)" ] ||
	    fail "$lang: the lanes are not above the verdict"
	# Nothing pushed off: the hint bar is the last row, and each of the
	# five conditions is on screen (those that hold may share a line) or
	# counted on a line that says more are left out.
	echo "$s" | sed -n 24p | grep -q "$hint" ||
	    fail "$lang: the hint bar is not on the last row"
	if ! echo "$s" | grep -qE '… [0-9]+ (more conditions|condiciones más)'; then
		for c in 'exit_status == 0' 'output == starter.output' \
		    'wall_ms <= 0.4' 'threads >= 4' 'processes == 1'; do
			echo "$s" | grep -qF "$c" ||
			    fail "$lang: condition '$c' is neither shown nor counted"
		done
	fi
	keys q
	expect_exit 0
	stop_all
}

lanes en 'running…' 'Verdict: ' time 'running' 'e edit'
lanes es 'ejecutando…' 'Veredicto: ' tiempo 'ejecutándose' 'e editar'
ok "the program's lanes are drawn live and kept above the verdict (en, es)"
