# lib.sh - helpers for the end-to-end tests: the real timeslice binary in
# a private tmux server, driven with send-keys and read with capture-pane.
#
# Every wait polls with a deadline; a watchdog ends the whole script after
# E2E_LIMIT seconds so a test can fail but never hang. The tmux server is
# private to the script (its own socket) and is killed on exit.
#
# Every run must end with expect_exit STATUS: the pane's shell writes the
# program's exit status to a file, and expect_exit waits for that file
# (bounded) and compares. A run whose exit was not asserted fails the
# script (at the next start, or at the end), and a program still running
# at the end is killed by its pid, so a run that hangs on its way out
# (in a leak checker, say) fails instead of passing unseen.

set -u
BIN=${TIMESLICE_BIN:?TIMESLICE_BIN must name the timeslice binary}
E2E_LIMIT=${E2E_LIMIT:-60}
SOCK="ts-e2e-$$"
SESSION="main"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/ts-e2e.XXXXXX")
# A seed no other test uses, so pgrep can find our processes (forked
# children keep the command line) and only ours.
SEED=$(( ($$ * 7919 + RANDOM) % 1000000 + 1000 ))

t() {
	tmux -L "$SOCK" "$@"
}

NRUN=0			# runs started so far
EXITF=""		# the current run's exit status file
PIDF=""			# and the file with its pid
ASSERTED=1		# whether the current run's exit was asserted

# kill_run: ends the current run's program if it is still there.
kill_run() {
	local pid
	[ -n "$PIDF" ] && [ -s "$PIDF" ] && [ ! -e "$EXITF" ] || return 0
	pid=$(cat "$PIDF")
	kill -KILL "$pid" 2>/dev/null
}

cleanup() {
	local rc=$?
	if [ "$rc" -eq 0 ] && [ "$ASSERTED" -eq 0 ]; then
		echo "FAIL: run $NRUN ended without expect_exit"
		rc=1
	fi
	kill_run
	t kill-server 2>/dev/null
	[ -n "${WATCHDOG:-}" ] && kill "$WATCHDOG" 2>/dev/null
	rm -rf "$WORK"
	exit "$rc"
}
trap cleanup EXIT

trap 'echo "FAIL: $0 took longer than ${E2E_LIMIT}s"; exit 1' TERM
( sleep "$E2E_LIMIT" && kill -TERM $$ ) </dev/null >/dev/null 2>&1 &
WATCHDOG=$!

screen() {
	t capture-pane -p -t "$SESSION" 2>/dev/null
}

fail() {
	echo "FAIL: $*"
	echo "--- screen ---"
	screen
	echo "--------------"
	exit 1
}

ok() {
	echo "ok: $*"
}

# start W H ARGS...: runs `timeslice ARGS` in a W x H pane (with the
# variables in E2E_ENV, e.g. E2E_ENV="TERM=dumb"); its pid goes to $PIDF
# (a shell that execs it); when it exits, its status goes to $EXITF and
# the pane prints EXIT=<status> and the terminal modes, then waits.
start() {
	local w=$1 h=$2 try
	shift 2
	[ "$ASSERTED" -eq 1 ] || fail "run $NRUN ended without expect_exit"
	NRUN=$((NRUN + 1))
	EXITF="$WORK/exit.$NRUN"
	PIDF="$WORK/pid.$NRUN"
	ASSERTED=0
	# Standard error goes to a file, shown in the pane once the program
	# has exited: a line written on top of the screen while it draws (a
	# sanitizer's warning) would garble what capture-pane reads.
	local errf="$WORK/stderr.$NRUN"
	local cmd="cd '$WORK' && env ${E2E_ENV:-} sh -c 'echo \$\$ > $PIDF; exec \"\$0\" \"\$@\" 2>$errf' '$BIN' $*; rc=\$?; cat '$errf'; echo exit=\$rc > '$EXITF'; echo EXIT=\$rc; stty -a | tr ' ;' '\n\n' | grep -x -e icanon -e -icanon -e echo -e -echo | tr '\n' ' '; echo; sleep 120"
	# A server that was just killed may still be going away: retry.
	for try in 1 2 3 4 5; do
		t new-session -d -s "$SESSION" -x "$w" -y "$h" "$cmd" \
		    2>/dev/null && return 0
		sleep 0.3
	done
	fail "cannot start tmux"
}

# expect_exit STATUS [SECONDS]: waits (default 20 s) for the current run
# to exit, and fails unless it exited with STATUS.
expect_exit() {
	local want=$1 limit=${2:-20} end got
	end=$((SECONDS + limit))
	while [ ! -s "$EXITF" ]; do
		[ "$SECONDS" -lt "$end" ] ||
		    fail "timeslice still running ${limit}s after it should have exited with $want"
		sleep 0.1
	done
	got=$(cat "$EXITF")
	ASSERTED=1
	[ "$got" = "exit=$want" ] ||
	    fail "timeslice exited with status ${got#exit=}, not $want"
}

# stop_all: ends the tmux server (and so the pane's shell).
stop_all() {
	kill_run
	PIDF=""
	t kill-server 2>/dev/null
	sleep 0.2
}

# run_bounded SECONDS ARGS...: runs `timeslice ARGS` outside tmux, killed
# if it takes longer than SECONDS; returns its exit status.
run_bounded() {
	local limit=$1
	shift
	timeout -k 5 "$limit" "$BIN" "$@"
}

# wait_for REGEX [SECONDS]: until the screen matches.
wait_for() {
	local end=$((SECONDS + ${2:-15}))
	while [ "$SECONDS" -lt "$end" ]; do
		screen | grep -qE -- "$1" && return 0
		sleep 0.1
	done
	return 1
}

# wait_gone REGEX [SECONDS]: until the screen no longer matches.
wait_gone() {
	local end=$((SECONDS + ${2:-15}))
	while [ "$SECONDS" -lt "$end" ]; do
		screen | grep -qE -- "$1" || return 0
		sleep 0.1
	done
	return 1
}

# keys KEY...: sends keys to the pane.
keys() {
	t send-keys -t "$SESSION" "$@"
}

# demo_pid: the timeslice process in the pane (its pid, as it wrote it).
demo_pid() {
	local i
	for i in $(seq 1 50); do
		[ -s "$PIDF" ] && break
		sleep 0.1
	done
	cat "$PIDF" 2>/dev/null
}

# ours: every timeslice process (or forked child) still alive with our
# seed; the pane's shell has the seed in its command line too, but does
# not start with the binary.
ours() {
	pgrep -f -- "^$BIN demo .*--seed $SEED( |\$)" || true
}
