#!/bin/bash
# trace_terminal.sh - a traced program and the terminal. Headless
# (--format), the program is the terminal's foreground job: it reads
# what is typed (input(), getpass), Ctrl-C goes to it, and `trace` ends
# with its status (128+N for signal N) while the report says how it
# ended; a stopped program is said, not waited on in silence. In the live
# view the terminal is the view's: the program's input is /dev/null, the
# screen says so, and a program stopped for reading the terminal is
# shown as stopped.
. "$(dirname "$0")/lib.sh"

command -v python3 >/dev/null || { echo "SKIP: no python3"; exit 77; }
PY=$(python3 -c "import sys; print(sys.executable)")

# wait_err REGEX [SECONDS]: until the run's standard error (a file, see
# start) matches; input()'s prompt goes there.
wait_err() {
	local end=$((SECONDS + ${2:-15}))
	while [ "$SECONDS" -lt "$end" ]; do
		grep -qE -- "$1" "$WORK/stderr.$NRUN" 2>/dev/null && return 0
		sleep 0.1
	done
	return 1
}

# input(): what is typed reaches the program.
start 100 30 trace --format text -- "$PY" -c "'print(\"got\", input(\"say: \"))'"
wait_err 'say: ' 20 || fail "input(): no prompt"
keys hello Enter
wait_for 'got hello' 10 || fail "input(): the program did not get the line"
expect_exit 0
wait_for 'the program exited with status 0' 5 || fail "input(): no ending"
stop_all
ok "input() reads the terminal under trace --format text"

# getpass: the program opens the terminal itself and turns echo off.
start 100 30 trace --format text -- "$PY" -c "'import getpass; print(\"secret\", len(getpass.getpass(\"pw: \")))'"
wait_for 'pw:' 20 || fail "getpass: no prompt"
keys abcd Enter
wait_for 'secret 4' 10 || fail "getpass: the program did not get the password"
screen | grep -q abcd && fail "getpass: the password was echoed"
expect_exit 0
stop_all
ok "getpass reads the terminal, unechoed, under trace --format text"

# Ctrl-C goes to the program, which dies of it; trace ends 130.
start 100 30 trace --format text -- "$PY" -c "'import time; print(\"sleeping\", flush=True); time.sleep(30)'"
wait_for 'sleeping' 20 || fail "ctrl-c: the program did not start"
keys C-c
expect_exit 130
wait_for 'was killed by signal 2 \(SIGINT\)' 5 || fail "ctrl-c: no ending"
stop_all
ok "Ctrl-C reaches the program; trace ends 130"

# Exit statuses: 3, and SIGSEGV as 139.
start 100 30 trace --format text -- "$PY" -c "'raise SystemExit(3)'"
expect_exit 3
wait_for 'the program exited with status 3' 5 || fail "exit 3: no ending"
stop_all
start 100 30 trace --format text -- "$PY" -c "'import os, signal; os.kill(os.getpid(), signal.SIGSEGV)'"
expect_exit 139
wait_for 'was killed by signal 11 \(SIGSEGV\)' 5 || fail "SIGSEGV: no ending"
stop_all
ok "trace ends 3 and 139 as the program did, and says so"

# A program that stops itself is said, and goes on when continued.
start 100 30 trace --format text -- "$PY" -c "'import os, signal; os.kill(os.getpid(), signal.SIGSTOP); print(\"continued\")'"
wait_err 'is stopped \(SIGSTOP, state T\)' 20 ||
    fail "a stopped program was not said"
pid=$(sed -n 's/.*kill -CONT \([0-9]*\).*/\1/p' "$WORK/stderr.$NRUN")
kill -CONT "$pid"
expect_exit 0
wait_for 'continued' 5 || fail "the program did not go on"
stop_all
ok "a stopped program is said, and continued it ends the trace"

# The live view: input is /dev/null, and the screen says so.
start 120 32 trace -- "$PY" -c "'import time; time.sleep(1); print(input())'"
wait_for '/dev/null' 20 || fail "live: the screen does not say input is /dev/null"
wait_for 'exited with status 1' 30 || fail "live: no ending (EOFError is 1)"
keys q
expect_exit 1
stop_all
ok "live view: input is /dev/null, said on screen; trace ends 1"

# getpass in the live view opens the terminal and is stopped: shown.
start 120 32 trace -- "$PY" -c "'import getpass; getpass.getpass()'"
wait_for 'is stopped \(SIGTT(IN|OU)' 20 || fail "live: a stopped program not shown"
keys q
expect_exit 0
stop_all
ok "live view: a program stopped at the terminal is shown as stopped"
exit 0
