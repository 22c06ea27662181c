#!/bin/bash
# demo_small.sh - a 20x6 terminal shows the size needed; growing it shows
# the demo; q quits even while too small. TERM=dumb is refused with a
# message; the C locale with NO_COLOR draws distinct ASCII glyphs.
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
expect_exit 0
ok "q quits a too-small screen"
stop_all

# TERM=dumb: a clear message and status 1, not a broken screen.
E2E_ENV="TERM=dumb" start 80 24 demo threads --seed "$SEED"
wait_for 'cannot draw on TERM=dumb' || fail "no message for TERM=dumb"
expect_exit 1
ok "TERM=dumb is refused plainly"
stop_all

# No UTF-8 and NO_COLOR: ASCII glyphs, distinct per state.
# Long enough that both threads run and wait many times over, even when
# other programs keep the cores busy; holds of one 5 ms interval each span
# several columns, so each thread's waits show as waits.
E2E_ENV="LC_ALL=C NO_COLOR=1" start 80 24 demo gil \
    --workers 2 --units 24 --unit-ms 5 --seed "$SEED"
wait_for ' done *$' 20 || fail "ASCII run did not finish"
lanes=$(screen | grep -E '^[12] thread [12] ')
case $lanes in *'#'*) ;; *) fail "no ASCII running glyph (#)" ;; esac
# Either thread may be the one that waited (the other held the GIL).
case $lanes in *'-'*) ;; *) fail "no ASCII waiting glyph (-)" ;; esac
screen | grep -qE '^time +\|-' || fail "no ASCII axis"
screen | grep -q '[│─█]' && fail "Unicode drawn in the C locale"
ok "C locale and NO_COLOR give distinct ASCII glyphs"
keys q
expect_exit 0
exit 0
