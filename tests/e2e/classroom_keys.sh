#!/bin/bash
# classroom_keys.sh - keys act where the reader is: one case per way a
# key used to land somewhere the reader could not see.
. "$(dirname "$0")/lib.sh"

LESSONS="$TIMESLICE_SRCDIR/tests/lessons"
ENVS="XDG_STATE_HOME=$WORK/state TIMESLICE_LESSONS=$LESSONS LANG=C.UTF-8 TERM=xterm-256color"

# A lesson long enough to scroll: a link at the top, a quiz, a link in
# the middle and one at the end, with filler between.
lesson="$WORK/focus.md"
filler() {
	for i in $(seq 1 "$1"); do echo "Filler line $2-$i."; echo; done
}
{
	printf '```lesson\nid: focus\nchapter: 7\ntitle: Focus test\nlang: en\n```\n\n'
	printf '# Focus test\n\nFirst see [the basics](lesson:basics).\n\n'
	filler 12 a
	printf '## The quiz\n\n```quiz\nid: focus-q\nquestion: Is this the question?\n'
	printf -- '- [x] Yes it is\n  why: It is.\n- [ ] No\n  why: It is not.\n```\n\n'
	filler 20 b
	printf 'The middle points at [the GIL](lesson:gil).\n\n'
	filler 20 c
	printf '## The end\n\nLast, [the basics again](lesson:basics). END MARKER\n'
} > "$lesson"

# quit: Q quits the program from a lesson page, which must exit 0.
quit() {
	keys Q
	expect_exit 0
	stop_all
}

open_focus() {
	E2E_ENV="$ENVS" start 100 24 --lang en "$lesson"
	wait_for 'Focus test' || fail "the focus lesson did not open"
	# Progress keeps the last place: start each case at the top.
	keys g
	wait_for 'First see' || fail "g did not go to the top"
}

# 1. Number keys never answer a quiz whose question scrolled away.
open_focus
keys / 'press 1-2 to answer' Enter
wait_for '^ *2\) No' || fail "the search did not reach the quiz"
screen | grep -q 'Is this the question' && fail "the question is still on screen"
keys 1
wait_for 'no quiz in view' 5 || fail "1 answered a quiz whose question is off screen"
screen | grep -q 'Right!' && fail "the hidden quiz was answered"
ok "number keys leave a quiz whose question scrolled away"
keys k k k
wait_for 'Is this the question' || fail "scrolling up did not show the question"
keys 1
wait_for 'Right!' || fail "1 did not answer the quiz in view"
ok "number keys answer the quiz in view"
quit

# 2. Shift-tab at the top does not wrap to the far end of the lesson.
open_focus
keys BTab
sleep 0.4
screen | grep -q 'END MARKER' && fail "shift-tab jumped to the end of the lesson"
screen | grep -q 'First see' || fail "shift-tab scrolled away from the top"
ok "shift-tab at the top stays at the top"

# 3. Tab starts from the reading position, not an old focus.
keys Tab
sleep 0.3
keys G
wait_for 'END MARKER' || fail "G did not reach the end"
keys Tab
sleep 0.3
screen | grep -q 'END MARKER' || fail "tab jumped away from the reading position"
keys Enter
wait_for 'Chapter 1 · Concurrency basics' || fail "enter did not follow the link on screen"
ok "tab starts from the screen, enter follows the link on it"
quit

# 4. Enter never follows a focused link that scrolled off screen.
open_focus
keys Tab
sleep 0.3
keys G
wait_for 'END MARKER' || fail "G did not reach the end"
screen | grep -q 'First see' && fail "the first link is still on screen"
keys Enter
sleep 0.6
screen | grep -q 'Chapter 7 · Focus test' || fail "enter followed a link off screen"
ok "enter ignores a focused link that scrolled away"
quit

# 5. Esc on a lesson demo's help box closes the box only; the box is
#    not left drawn over the lesson.
E2E_ENV="$ENVS" start 100 30 --lang en 'basics#watch-two-threads'
wait_for 'Two threads share the work' || fail "the demo section did not open"
wait_for 'workers · cpu' || fail "the demo did not start"
keys Enter
wait_gone 'Chapter 1 · Concurrency basics' 5 || fail "enter did not show the demo full screen"
keys '?'
wait_for 'esc closes it' || fail "? did not open the demo's help"
ok "the demo's help opens"
# 6. Every key the box lists works here: a lesson demo takes no
#    scenario keys, so the box does not list them.
screen | grep -q 'GIL on / off' && fail "the help lists g, which a lesson demo ignores"
screen | grep -q 'next scenario' && fail "the help lists tab, which a lesson demo ignores"
ok "the lesson demo's help lists only keys that work there"
keys Escape
wait_gone 'esc closes it' 5 || fail "esc did not close the help box"
screen | grep -q 'Chapter 1 · Concurrency basics' && fail "esc also left the demo"
ok "esc closes only the help box"
keys Escape
wait_for 'Chapter 1 · Concurrency basics' || fail "a second esc did not go back to the lesson"
screen | grep -q 'esc closes it' && fail "the help box is drawn over the lesson"
ok "a second esc goes back to the lesson, no box left"
quit
exit 0
