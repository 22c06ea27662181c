# lib.sh - helpers for the end-to-end tests: the real timeslice binary in
# a private tmux server, driven with send-keys and read with capture-pane.
#
# Every wait polls with a deadline; a watchdog ends the whole script after
# E2E_LIMIT seconds so a test can fail but never hang. The tmux server is
# private to the script (its own socket) and is killed on exit.

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

cleanup() {
	t kill-server 2>/dev/null
	[ -n "${WATCHDOG:-}" ] && kill "$WATCHDOG" 2>/dev/null
	rm -rf "$WORK"
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
# variables in E2E_ENV, e.g. E2E_ENV="TERM=dumb"); when it exits, the
# pane prints EXIT=<status> and the terminal modes, then waits.
start() {
	local w=$1 h=$2 try
	shift 2
	local cmd="cd '$WORK' && env ${E2E_ENV:-} '$BIN' $*; echo EXIT=\$?; stty -a | tr ' ;' '\n\n' | grep -x -e icanon -e -icanon -e echo -e -echo | tr '\n' ' '; echo; sleep 120"
	# A server that was just killed may still be going away: retry.
	for try in 1 2 3 4 5; do
		t new-session -d -s "$SESSION" -x "$w" -y "$h" "$cmd" \
		    2>/dev/null && return 0
		sleep 0.3
	done
	fail "cannot start tmux"
}

# stop_all: ends the tmux server (and so the pane's shell).
stop_all() {
	t kill-server 2>/dev/null
	sleep 0.2
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

# demo_pid: the timeslice process in the pane (child of the pane's shell).
demo_pid() {
	local sh
	sh=$(t display -p -t "$SESSION" '#{pane_pid}')
	pgrep -P "$sh" -f "seed $SEED" | head -1
}

# ours: every timeslice process (or forked child) still alive with our
# seed; the pane's shell has the seed in its command line too, but does
# not start with the binary.
ours() {
	pgrep -f -- "^$BIN demo .*--seed $SEED( |\$)" || true
}
