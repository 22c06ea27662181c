# lesson_lib.sh - shared by the lesson end-to-end tests: a private tmux
# server, a private state folder, and waiting for text on the screen.
#
# Sourced, not run. Needs TIMESLICE_BIN and TIMESLICE_SRCDIR (meson sets
# both) and tmux.
#
# Every run must end with expect_exit STATUS: the pane's shell writes the
# program's exit status to a file, which expect_exit waits for (bounded)
# and compares. A run whose exit was not asserted fails the script, and a
# program still running at the end is killed by its pid, so a run that
# hangs on its way out fails instead of passing unseen.
set -eu

: "${TIMESLICE_BIN:?TIMESLICE_BIN must name the timeslice binary}"
: "${TIMESLICE_SRCDIR:?TIMESLICE_SRCDIR must name the source tree}"
command -v tmux >/dev/null || { echo "SKIP: tmux not installed"; exit 77; }

WORK=$(mktemp -d /tmp/ts-e2e-XXXXXX)
SOCK="ts-e2e-$$-0"
NSTART=0
EXITF=""	# the current run's exit status file
PIDF=""		# and the file with its pid
ASSERTED=1	# whether the current run's exit was asserted
export XDG_STATE_HOME="$WORK/state"
export TIMESLICE_LESSONS="$TIMESLICE_SRCDIR/tests/lessons"
export LANG=C.UTF-8 LC_ALL=C.UTF-8
unset LANGUAGE NO_COLOR

# Ends the current run's program if it has not exited.
kill_run() {
	if [ -n "$PIDF" ] && [ -s "$PIDF" ] && [ ! -e "$EXITF" ]; then
		kill -KILL "$(cat "$PIDF")" 2>/dev/null || true
	fi
}

cleanup() {
	rc=$?
	if [ "$rc" -eq 0 ] && [ "$ASSERTED" -eq 0 ]; then
		echo "FAIL: run $NSTART ended without expect_exit"
		rc=1
	fi
	kill_run
	i=0
	while [ $i -le $NSTART ]; do
		tmux -L "ts-e2e-$$-$i" kill-server 2>/dev/null || true
		i=$((i + 1))
	done
	rm -rf "$WORK"
	exit "$rc"
}
trap cleanup EXIT

fail() {
	echo "FAIL: $*"
	echo "--- screen ---"
	screen || true
	exit 1
}

# Starts timeslice with the given arguments in a 100x32 terminal; its
# pid goes to $PIDF (a shell that execs it), its exit status to $EXITF.
# Each start gets its own tmux server: reusing one just killed races.
start() {
	[ "$ASSERTED" -eq 1 ] || fail "run $NSTART ended without expect_exit"
	tmux -L "$SOCK" kill-server 2>/dev/null || true
	NSTART=$((NSTART + 1))
	SOCK="ts-e2e-$$-$NSTART"
	EXITF="$WORK/exit.$NSTART"
	PIDF="$WORK/pid.$NSTART"
	ASSERTED=0
	tmux -L "$SOCK" new-session -d -x 100 -y 32 -s t \
	    "env XDG_STATE_HOME='$XDG_STATE_HOME' TIMESLICE_LESSONS='$TIMESLICE_LESSONS' TERM=xterm-256color sh -c 'echo \$\$ > $PIDF; exec \"\$0\" \"\$@\"' $TIMESLICE_BIN $*; rc=\$?; echo exit=\$rc > '$EXITF'; echo EXITED \$rc; sleep 30"
}

# Waits up to 20 s for the current run to exit; fails unless it exited
# with the status given.
expect_exit() {
	i=0
	while [ ! -s "$EXITF" ]; do
		[ $i -lt 200 ] ||
		    fail "timeslice still running 20s after it should have exited with $1"
		sleep 0.1
		i=$((i + 1))
	done
	got=$(cat "$EXITF")
	ASSERTED=1
	[ "$got" = "exit=$1" ] ||
	    fail "timeslice exited with status ${got#exit=}, not $1"
}

screen() {
	tmux -L "$SOCK" capture-pane -p -t t
}

keys() {
	tmux -L "$SOCK" send-keys -t t "$@"
}

# Waits up to 10 s for a fixed string to be on the screen.
wait_for() {
	i=0
	while [ $i -lt 100 ]; do
		if screen | grep -qF -- "$1"; then
			return 0
		fi
		sleep 0.1
		i=$((i + 1))
	done
	fail "'$1' never appeared"
}

# Waits until a fixed string has left the screen.
wait_gone() {
	i=0
	while [ $i -lt 100 ]; do
		if ! screen | grep -qF -- "$1"; then
			return 0
		fi
		sleep 0.1
		i=$((i + 1))
	done
	fail "'$1' never went away"
}

# The screen row (1-based) where a string first appears, or 0.
row_of() {
	screen | grep -nF -- "$1" | head -1 | cut -d: -f1
}
