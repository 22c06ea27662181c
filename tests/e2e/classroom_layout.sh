#!/bin/bash
# classroom_layout.sh - screens that use the room they have: inline demos
# as wide as the terminal, no worker table that is only a heading, list
# columns that never run together, map titles cut with an ellipsis.
. "$(dirname "$0")/lib.sh"

cp -r "$TIMESLICE_SRCDIR/tests/lessons" "$WORK/lessons"
long='A very long lesson title that goes on and on past its column'
sed -i "s/^title: Concurrency basics/title: $long/" "$WORK/lessons/en/01-basics.md"
export XDG_STATE_HOME="$WORK/state" TIMESLICE_LESSONS="$WORK/lessons"
ENVS="XDG_STATE_HOME=$WORK/state TIMESLICE_LESSONS=$WORK/lessons LANG=C.UTF-8 TERM=xterm-256color"

# list: the title is cut to its column with an ellipsis, and a blank
# always parts it from the progress column.
LANG=C.UTF-8 "$BIN" --lang en list > "$WORK/list" || fail "list failed"
grep -q 'A very long lesson title.*… not started' "$WORK/list" ||
    fail "the long title is not cut with an ellipsis: $(cat "$WORK/list")"
grep -q 'titlenot\|[^ ]not started' "$WORK/list" && fail "columns run together: $(cat "$WORK/list")"
ok "list cuts a long title with … before the next column"

# The map at 80 columns: the long title ends in an ellipsis.
E2E_ENV="$ENVS" start 80 24 --lang en
wait_for 'q quit' || fail "the map did not open"
screen | grep -q 'A very long lesson title.*…' || fail "the map cuts the title without …"
ok "the map ends a cut title with …"
keys q
expect_exit 0
stop_all

# At 160 columns an inline demo uses the width beyond the prose's 100.
E2E_ENV="$ENVS" start 160 45 --lang en 'basics#watch-two-threads'
wait_for 'workers · cpu' || fail "the demo did not start"
wait_for 'done' 20 || fail "the demo did not finish"
line=$(screen | grep 'threads  2 workers' | sed 's/ *$//')
w=$(LC_ALL=C.UTF-8 bash -c 'printf %s "${#1}"' _ "$line")
[ "${w:-0}" -gt 120 ] || fail "the demo's header is only ${w:-0} columns wide at 160"
ok "an inline demo is as wide as the terminal (header $w columns of 160)"
keys Q
expect_exit 0
stop_all

# At 100x30 a worker table either has rows under its heading or is not
# there at all.
E2E_ENV="$ENVS" start 100 30 --lang en 'basics#watch-two-threads'
wait_for 'workers · cpu' || fail "the demo did not start"
wait_for 'done' 20 || fail "the demo did not finish"
screen > "$WORK/screen"
if grep -q 'worker  *run wait' "$WORK/screen"; then
	grep -A1 'worker  *run wait' "$WORK/screen" | tail -1 | grep -q 'thread' ||
	    fail "the worker table is a heading with no rows"
fi
ok "no worker table is only a heading"
keys Q
expect_exit 0
stop_all
exit 0
