#!/bin/bash
# demo_small.sh - a 20x6 terminal shows the size needed; growing it shows
# the demo; q quits even while too small.
. "$(dirname "$0")/lib.sh"

start 20 6 demo threads --workers 2 --seed "$SEED"
wait_for 'too small' || fail "no size message at 20x6"
wait_for 'need 50x14' || fail "the message does not say the size needed"
ok "20x6 says what size is needed"
t resize-window -t "$SESSION" -x 100 -y 30
wait_for '^2 thread 2 ' || fail "no lanes after growing to 100x30"
ok "growing the terminal redraws the demo"
t resize-window -t "$SESSION" -x 20 -y 6
wait_for 'too small' || fail "no size message after shrinking"
keys q
wait_for '^EXIT=0' || fail "q did not quit while too small"
ok "q quits a too-small screen"
exit 0
