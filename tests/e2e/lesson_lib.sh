# lesson_lib.sh - shared by the lesson end-to-end tests: a private tmux
# server, a private state folder, and waiting for text on the screen.
#
# Sourced, not run. Needs TIMESLICE_BIN and TIMESLICE_SRCDIR (meson sets
# both) and tmux.
set -eu

: "${TIMESLICE_BIN:?TIMESLICE_BIN must name the timeslice binary}"
: "${TIMESLICE_SRCDIR:?TIMESLICE_SRCDIR must name the source tree}"
command -v tmux >/dev/null || { echo "SKIP: tmux not installed"; exit 77; }

WORK=$(mktemp -d /tmp/ts-e2e-XXXXXX)
SOCK="ts-e2e-$$-0"
NSTART=0
export XDG_STATE_HOME="$WORK/state"
export TIMESLICE_LESSONS="$TIMESLICE_SRCDIR/tests/lessons"
export LANG=C.UTF-8 LC_ALL=C.UTF-8
unset LANGUAGE NO_COLOR

cleanup() {
	i=0
	while [ $i -le $NSTART ]; do
		tmux -L "ts-e2e-$$-$i" kill-server 2>/dev/null || true
		i=$((i + 1))
	done
	rm -rf "$WORK"
}
trap cleanup EXIT

fail() {
	echo "FAIL: $*"
	echo "--- screen ---"
	screen || true
	exit 1
}

# Starts timeslice with the given arguments in a 100x32 terminal.
# Each start gets its own tmux server: reusing one just killed races.
start() {
	tmux -L "$SOCK" kill-server 2>/dev/null || true
	NSTART=$((NSTART + 1))
	SOCK="ts-e2e-$$-$NSTART"
	tmux -L "$SOCK" new-session -d -x 100 -y 32 -s t \
	    "env XDG_STATE_HOME='$XDG_STATE_HOME' TIMESLICE_LESSONS='$TIMESLICE_LESSONS' TERM=xterm-256color $TIMESLICE_BIN $*; echo EXITED \$?; sleep 30"
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
