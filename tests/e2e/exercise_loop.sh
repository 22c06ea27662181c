#!/bin/bash
# exercise_loop.sh - `timeslice exercise ID` on a terminal: the goal and
# the learner's file on screen, a wrong solution saved from outside
# graded as failing with its reason, a right one as passing (or
# undecided on a busy machine, never failing), q quitting, and the pass
# recorded: `exercise --list` says done.
. "$(dirname "$0")/lib.sh"

command -v python3 >/dev/null || { echo "SKIP: no python3"; exit 77; }
SRC=${TIMESLICE_SRCDIR:?}
export XDG_DATA_HOME="$WORK/data" XDG_STATE_HOME="$WORK/state"
export XDG_CACHE_HOME="$WORK/cache"
E2E_ENV="XDG_DATA_HOME=$XDG_DATA_HOME XDG_STATE_HOME=$XDG_STATE_HOME XDG_CACHE_HOME=$XDG_CACHE_HOME LANG=C.UTF-8 LC_ALL=C.UTF-8"
ws="$XDG_DATA_HOME/timeslice/exercises/en/threads-downloads.py"

start 80 24 exercise threads-downloads --lang en
wait_for 'Exercise threads-downloads' 15 || fail "no exercise screen"
wait_for 'Your file:' 5 || fail "no workspace path on screen"
[ -f "$ws" ] || fail "no workspace file at $ws"
screen | grep -q 'e edit' || fail "no 'e edit' on the hint bar"
[ -n "${E2E_SHOW:-}" ] && { echo "--- before a save ---"; screen; }
# No solution before the learner has tried.
keys s
wait_for 'try first' 5 || fail "s showed a solution before any attempt"
screen | grep -q 'ThreadPoolExecutor' && fail "the solution was shown unasked"

# A wrong solution, saved from outside: the downloads one after another,
# printing the wrong sum too.
cat > "$ws.new" <<'PY'
import time


def download(n):
    time.sleep(0.2)
    return n * n


print(f"sum: {sum(download(n) for n in range(7))}")
PY
mv "$ws.new" "$ws"
wait_for 'running' 10 || fail "a save did not start a run"
wait_for 'Verdict: fails' 60 || fail "the wrong solution was not graded as failing"
screen | grep -q 'sum: 91' || fail "the program's output is not on screen"
[ -n "${E2E_SHOW:-}" ] && { echo "--- after a wrong save ---"; screen; }
# After a failed attempt, s shows a solution and s again hides it.
keys s
wait_for 'ThreadPoolExecutor' 5 || fail "s after a failure showed no solution"
keys s
wait_for 'Verdict: fails' 5 || fail "s again did not bring the verdict back"
# A failing attempt is recorded, but not as done.
list=$(run_bounded 20 exercise --list --format json --lang en)
echo "$list" | grep -q '"id":"threads-downloads"[^}]*"status":"started"' ||
    fail "after a failing attempt, --list does not say started: $list"
grep -q '^exercise threads-downloads 1 1 open$' \
    "$XDG_STATE_HOME/timeslice/progress" ||
    fail "the failing attempt is not in progress: $(cat "$XDG_STATE_HOME/timeslice/progress")"

# The right one, written in place.
cp "$SRC/lessons/en/py/ex_threads_downloads_solution.py" "$ws"
wait_for 'attempt 2' 60 || fail "the second save was not graded"
screen | grep -q 'Verdict: fails' && fail "the right solution was graded as failing"
passed=0
screen | grep -q 'Verdict: passes' && passed=1
[ -n "${E2E_SHOW:-}" ] && { echo "--- after a right save ---"; screen; }
keys q
expect_exit 0
stop_all

list=$(run_bounded 20 exercise --list --format json --lang en)
if [ "$passed" -eq 1 ]; then
	echo "$list" | grep -q '"id":"threads-downloads"[^}]*"status":"done"' ||
	    fail "a pass was not recorded as done: $list"
else
	echo "$list" | grep -q '"id":"threads-downloads"[^}]*"status":"started"' ||
	    fail "an undecided grade was recorded as something else: $list"
fi
ok "a wrong save fails, a right one passes (passed=$passed), q quits, --list says so"
