#!/bin/bash
# trace_live.sh - `timeslice trace` on a terminal: a real Python program's
# threads drawn live under their Python names, the keys of a recording
# (nothing that would change an experiment), and q, Ctrl-C and SIGTERM
# ending the program and everything it started, with the terminal back
# as it was.
. "$(dirname "$0")/lib.sh"

command -v python3 >/dev/null || { echo "SKIP: no python3"; exit 77; }
# The interpreter itself, past any wrapper script on PATH (pyenv's).
PY=$(python3 -c "import sys; print(sys.executable)")
SRC=${TIMESLICE_SRCDIR:?}

# A program that ends by itself: two named threads take turns.
start 120 32 trace -- "$PY" "$SRC/tests/python/two_threads.py"
wait_for 'cruncher-a' 20 || fail "no lane named cruncher-a"
wait_for 'cruncher-b' 20 || fail "no lane named cruncher-b"
# The GIL's lane (a second lock seen, CPython's switch_cond on a busy
# machine, makes it the lanes of every lock).
wait_for '(GIL|lock) holder' 20 || fail "no lock lane"
wait_for ' done *$' 30 || fail "the trace did not end with the program"
screen | grep -q 'cores used' || fail "no cores used figure"
screen | grep -q 'workers' && fail "the hint bar offers to change workers"
keys +
wait_for 'cannot be changed' 5 || fail "+ did not say a program cannot change"
keys q
expect_exit 0
stop_all
ok "two named threads drawn live; the screen stays once the program ends"

# check_end HOW STATUS: a program with a thread, a child and a grandchild
# that leaves the process group; ending the trace leaves none of them.
check_end() {
	local how=$1 want=$2 pids pid
	rm -f "$WORK/pids"
	start 120 32 trace -- "$PY" "$SRC/tests/python/linger.py" "$WORK/pids"
	for _ in $(seq 1 100); do
		[ -s "$WORK/pids" ] && break
		sleep 0.1
	done
	[ -s "$WORK/pids" ] || fail "$how: the program never wrote its pids"
	pids=$(cat "$WORK/pids")
	wait_for 'running *$' 10 || fail "$how: not shown as running"
	pid=$(demo_pid)
	case $how in
	q) keys q ;;
	ctrl-c) keys C-c ;;
	term) kill -TERM "$pid" ;;
	esac
	expect_exit "$want" 20
	wait_for '(^| )-?icanon( |$)' 10 || fail "$how: no terminal modes"
	screen | grep -qE '(^| )-icanon( |$)|(^| )-echo( |$)' &&
	    fail "$how: terminal left raw"
	[ "$(t display -p -t "$SESSION" '#{alternate_on}')" = 0 ] ||
	    fail "$how: alternate screen still on"
	for p in $pids; do
		kill -0 "$p" 2>/dev/null && fail "$how: process $p outlived the trace"
	done
	stop_all
	ok "$how ends the program and its descendants ($pids)"
}

check_end q 0
check_end ctrl-c 130
check_end term 143
exit 0
