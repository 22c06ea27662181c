#!/bin/bash
# demo_replay.sh - a recorded run replays in the live timeline on a
# terminal: its lanes and the GIL row come back, the experiment cannot be
# changed, and q quits with the terminal restored. A corrupt recording is
# reported with its line and column instead of a broken screen.
. "$(dirname "$0")/lib.sh"

rec="$WORK/recorded.json"
run_bounded 30 run gil --workers 3 --units 6 --unit-ms 10 --no-baseline \
    --format chrome --out "$rec" || fail "could not record a run"

start 100 30 replay "$rec"
wait_for '^3 thread 3 ' || fail "the recorded lanes did not come back"
wait_for '^GIL holder' || fail "no GIL row in the replay"
screen | grep -q 'recorded run of gil' || fail "the replay does not say what it is"
ok "a recording replays in the timeline"
keys +
sleep 0.3
screen | grep -q '^4 thread 4 ' && fail "+ added a lane to a recording"
ok "a recording cannot be changed"
keys q
expect_exit 0
wait_for 'icanon echo' || fail "terminal modes not restored"
ok "q quits and restores the terminal"
stop_all

printf '{"traceEvents": [\n  {"ph": "X",\n' > "$WORK/broken.json"
start 100 30 replay "$WORK/broken.json"
wait_for 'broken.json:3:1: unexpected end of file' || fail "no located error"
expect_exit 1
ok "a broken recording is reported with line and column"
exit 0
