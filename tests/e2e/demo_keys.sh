#!/bin/bash
# demo_keys.sh - keys change the experiment: workers change the lanes,
# pause freezes the picture, the help overlay opens and closes, g and tab
# switch scenarios, a scenario that cannot run says why without crashing.
. "$(dirname "$0")/lib.sh"

# About 15 s of work on two cores: the run is still going while we look,
# even when the machine ran slower while timeslice calibrated its work
# (an item then takes less than its 5 ms; CI saw one run end in 2 s).
start 100 30 demo threads --workers 2 --units 6000 --unit-ms 5 --seed "$SEED"
wait_for '^2 thread 2 ' || fail "no lane for thread 2"
screen | grep -qE '^3 thread 3' && fail "a third lane with --workers 2"

keys +
wait_for '^3 thread 3 ' || fail "+ did not add a lane"
wait_for 'workers: 3' || fail "no message for +"
keys - -
wait_for '^1 thread +[^0-9 ]' || fail "- - did not leave one lane"
screen | grep -qE '^2 thread 2' && fail "thread 2 still shown after - -"
ok "+ and - change the lanes"

keys +
wait_for '^2 thread 2 ' || fail "+ did not add a lane back"
sleep 0.4
a=$(screen); sleep 0.5; b=$(screen)
[ "$a" != "$b" ] || fail "the live picture does not move"
keys Space
wait_for 'paused *$' || fail "space did not pause"
sleep 0.2
a=$(screen); sleep 0.8; b=$(screen)
[ "$a" == "$b" ] || fail "the paused picture changed"
wait_for ' at [0-9.]+[mµ]?s: ' || fail "no cursor line while paused"
keys Left Left Up
sleep 0.2
screen | grep -qE 'thread 1 at [0-9.]+[mµ]?s: ' || fail "cursor line not for thread 1"
ok "space freezes the picture; the cursor describes a lane"
keys Space
wait_gone 'paused *$' || fail "space did not resume"

keys ?
wait_for 'press \? or esc to close' || fail "? did not open the help"
wait_for 'slow motion' || fail "help lacks keys"
keys Escape
wait_gone 'press \? or esc to close' || fail "esc did not close the help"
keys ?
wait_for 'press \? or esc to close' || fail "? did not reopen the help"
keys ?
wait_gone 'press \? or esc to close' || fail "? did not close the help"
ok "help opens and closes"

keys g
wait_for 'GIL on' || fail "g did not say GIL on"
wait_for '^gil ' || fail "g did not switch to the gil scenario"
wait_for 'GIL holder' || fail "no lock lane under the GIL"
keys Tab
wait_for '^processes ' || fail "tab did not go to processes"
wait_for '^2 process 2 ' || fail "no process lanes"
keys Tab
wait_for '^coroutines ' || fail "tab did not go to coroutines"
sleep 0.5
keys Tab
wait_for '^convoy ' || fail "tab after coroutines did not go on"
ok "g and tab switch scenarios"

keys w
wait_for 'work: io' || fail "w did not change the work"
keys q
expect_exit 0
[ -z "$(ours)" ] || fail "processes left behind: $(ours)"
ok "quit leaves nothing behind"
exit 0
