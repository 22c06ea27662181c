#!/bin/sh
# lesson_trace.sh - the GIL chapter's trace block runs the chapter's own
# Python program with the python3 on PATH: once its area is on screen the
# program runs, and full screen shows its threads by the names the
# program gives them, which only the running program can report (the
# code on the page says cruncher-{i}, never cruncher-1).
. "$(dirname "$0")/lesson_lib.sh"

command -v python3 >/dev/null || { echo "SKIP: no python3 on PATH"; exit 77; }
# The course itself, not the test lessons.
TIMESLICE_LESSONS="$TIMESLICE_SRCDIR/lessons"

start gil
wait_for "Chapter 3 · The GIL"
keys / "Now in real CPython" Enter
wait_for "» Now in real CPython"
# Half a page down: the trace block's area comes on screen and it starts.
keys d
wait_for "python3 py/gil_threads.py: Four CPU-bound threads in real CPython"
keys Enter
wait_for "cruncher-1"
wait_for "cruncher-4"
wait_for "cores used"
# Back in the lesson, at the block.
keys q
wait_for "enter: full screen r: run it again"
keys Q
expect_exit 0
echo "PASS"
