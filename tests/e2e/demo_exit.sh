#!/bin/bash
# demo_exit.sh - q, Ctrl-C, SIGTERM and SIGHUP all restore the terminal
# (no alternate screen, canonical mode and echo back) and leave no child
# process behind, while a processes run is in full swing.
. "$(dirname "$0")/lib.sh"

# check_exit HOW STATUS: ends the demo with HOW, expects EXIT=STATUS.
check_exit() {
	local how=$1 want=$2 pid kids
	start 100 30 demo processes --workers 4 --units 4000 --unit-ms 5 \
	    --seed "$SEED"
	wait_for '^4 process 4 ' || fail "$how: no process lanes"
	pid=$(demo_pid)
	[ -n "$pid" ] || fail "$how: cannot find the demo process"
	kids=$(pgrep -P "$pid" | wc -l)
	[ "$kids" -ge 1 ] || fail "$how: no child processes while running"
	case $how in
	q) keys q ;;
	ctrl-c) keys C-c ;;
	term) kill -TERM "$pid" ;;
	hup) kill -HUP "$pid" ;;
	esac
	expect_exit "$want" 20
	# The pane prints the terminal modes just after EXIT=: wait for them.
	wait_for '(^| )-?icanon( |$)' 10 || fail "$how: no terminal modes"
	screen | grep -qE '(^| )icanon( |$)' ||
	    fail "$how: terminal not back in canonical mode"
	screen | grep -qE '(^| )-icanon( |$)|(^| )-echo( |$)' &&
	    fail "$how: terminal left raw"
	[ "$(t display -p -t "$SESSION" '#{alternate_on}')" = 0 ] ||
	    fail "$how: alternate screen still on"
	kill -0 "$pid" 2>/dev/null && fail "$how: demo still alive"
	[ -z "$(ours)" ] || fail "$how: left behind: $(ours)"
	stop_all
	ok "$how restores the terminal ($kids children reaped)"
}

check_exit q 0
check_exit ctrl-c 130
check_exit term 143
check_exit hup 129
exit 0
