#!/bin/bash
# trace_output.sh - a traced program's output in the live view: never
# written onto the screen, shown on o while the program runs, and in a
# pane that opens by itself when it ends, its last output and the
# traceback's last line in view at 80x24, in English and in Spanish, with
# the terminal back as it was afterwards.
. "$(dirname "$0")/lib.sh"

command -v python3 >/dev/null || { echo "SKIP: no python3"; exit 77; }
PY=$(python3 -c "import sys; print(sys.executable)")
SRC=${TIMESLICE_SRCDIR:?}

# check LANG SOFAR ENDED OUTHEAD ERRHEAD: one run in that language.
check() {
	local lang=$1 sofar=$2 ended=$3 outhead=$4 errhead=$5
	rm -f "$WORK/go"
	start 80 24 --lang "$lang" trace -- "$PY" \
	    "$SRC/tests/python/output_fail.py" "$WORK/go"
	# While it waits: its output is nowhere on the screen...
	wait_for ' (running|en marcha) *$' 15 ||
	    fail "$lang: not shown as running"
	sleep 0.5
	screen | grep -q 'out line' && fail "$lang: output written on the screen"
	# ...until o shows it, escaped, and o hides it again.
	keys o
	wait_for "$sofar" 5 || fail "$lang: o did not show the output"
	screen | grep -q 'out line 29' || fail "$lang: no last line so far"
	screen | grep -qF 'clear \x1b[2J here' ||
	    fail "$lang: a terminal sequence was not escaped"
	screen | grep -q "$errhead" || fail "$lang: no stderr heading"
	screen | grep -q 'a warning first' || fail "$lang: no stderr so far"
	keys o
	wait_gone "$sofar" 5 || fail "$lang: o did not hide the output"
	# It ends: the pane opens by itself on its last lines.
	touch "$WORK/go"
	wait_for "$ended" 20 || fail "$lang: the pane did not open at the end"
	screen | grep -q 'out last line' || fail "$lang: no last stdout line"
	screen | grep -q 'ValueError: the last straw' ||
	    fail "$lang: the traceback's last line is not in view"
	screen | grep -q "$errhead" || fail "$lang: no stderr heading"
	# 80x24: the whole frame is on screen, its keys in its foot.
	screen | grep -q '^┌─.*┐$' || fail "$lang: no top of the frame"
	screen | grep -q '^└─.*o .*┘$' || fail "$lang: no foot of the frame"
	# Scrolled to its first rows: the stdout heading.
	keys Home
	wait_for "$outhead" 5 || fail "$lang: home did not scroll back"
	screen | grep -qE 'out line 0( |$)' || fail "$lang: no first line"
	keys q
	expect_exit 1
	wait_for '(^| )-?icanon( |$)' 10 || fail "$lang: no terminal modes"
	screen | grep -qE '(^| )-icanon( |$)|(^| )-echo( |$)' &&
	    fail "$lang: terminal left raw"
	[ "$(t display -p -t "$SESSION" '#{alternate_on}')" = 0 ] ||
	    fail "$lang: alternate screen still on"
	stop_all
	ok "$lang: output shown on o, and by itself at the end with the traceback"
}

check en "the program's output so far" \
    "the program's output \\(it exited with status 1\\)" \
    'standard output:' 'standard error:'
check es 'la salida del programa hasta ahora' \
    'la salida del programa \(terminó con estado 1\)' \
    'salida estándar:' 'salida de errores:'
exit 0
