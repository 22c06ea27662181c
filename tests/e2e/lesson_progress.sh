#!/bin/sh
# lesson_progress.sh - open the course, enter a lesson, page through it,
# answer a quiz, quit; start again and land at the same place with the
# score kept. Then a damaged progress file is kept aside with a warning.
. "$(dirname "$0")/lesson_lib.sh"

start
wait_for "Concurrency basics"
wait_for "0/1"
keys Enter
wait_for "Chapter 1 · Concurrency basics"
keys Space
sleep 0.3
keys Space
sleep 0.3
keys g
wait_for "Two things are concurrent"
# Bring the quiz into view and answer it.
keys / "Which work" Enter
wait_for "Which work gains from more cores?"
keys 1
wait_for "Right!"
before=$(row_of "Which work gains from more cores?")
[ "$before" -gt 0 ] || fail "quiz row not found"
keys q
wait_for "Continue where you left off: Concurrency basics"
wait_for "1/1"
keys q
expect_exit 0
grep -q "^quiz basics basics-parallel 0 right$" \
    "$XDG_STATE_HOME/timeslice/progress" || fail "quiz not saved"
grep -q "^place basics " "$XDG_STATE_HOME/timeslice/progress" ||
    fail "place not saved"

# Start again: continue lands at the same place, the answer is kept.
start
wait_for "Continue where you left off: Concurrency basics"
wait_for "1/1"
keys c
wait_for "Which work gains from more cores?"
wait_for "Right!"
after=$(row_of "Which work gains from more cores?")
[ "$before" = "$after" ] || fail "place moved: row $before then $after"
keys Q
expect_exit 0

# A damaged progress file: kept aside, a warning, and the program goes on.
printf 'version 1\nlast basics\nthis is not progress\n' \
    > "$XDG_STATE_HOME/timeslice/progress"
start
wait_for "was damaged"
wait_for "Concurrency basics"
ls "$XDG_STATE_HOME"/timeslice/progress.corrupt-* >/dev/null 2>&1 ||
    fail "no backup of the damaged file"
keys q
expect_exit 0
echo "PASS"
