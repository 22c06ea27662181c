#!/bin/bash
# classroom_nav.sh - going straight to a section: LESSON#SECTION on the
# command line and in links, the contents (every section, even in step
# mode, numbered: t then a digit), and a footer that never says 100%
# while part of the lesson is hidden.
. "$(dirname "$0")/lib.sh"

LESSONS="$TIMESLICE_SRCDIR/tests/lessons"
export XDG_STATE_HOME="$WORK/state" TIMESLICE_LESSONS="$LESSONS"
ENVS="XDG_STATE_HOME=$WORK/state TIMESLICE_LESSONS=$LESSONS TIMESLICE_PRESENTER=$WORK/place LANG=C.UTF-8 TERM=xterm-256color"

# quit: Q quits the program from a lesson page, which must exit 0.
quit() {
	keys Q
	expect_exit 0
	stop_all
}

# top_line: the first line under the header.
top_line() {
	screen | sed -n 2p
}

E2E_ENV="$ENVS" start 100 30 --lang en 'basics#watch-two-threads'
wait_for 'Watch two threads' || fail "basics#watch-two-threads did not open"
top_line | grep -q 'Watch two threads' || fail "the section is not at the top: $(top_line)"
ok "LESSON#SECTION opens at the section"
quit

E2E_ENV="$ENVS" start 100 30 --lang en 'basics#threads'
wait_for 'Watch two threads' || fail "basics#threads did not open"
top_line | grep -q 'Watch two threads' || fail "a word of the title does not find the section"
ok "a word of the section's title is enough"
quit

out=$("$BIN" --lang en 'basics#nowhere' 2>&1 </dev/null)
rc=$?
[ "$rc" -eq 2 ] || fail "an unknown section exited $rc, not 2"
echo "$out" | grep -q "no section 'nowhere'" || fail "no message for an unknown section: $out"
ok "an unknown section is a usage error"

# Step by step: the footer counts parts and never says 100% while more
# is hidden; the contents list the hidden section and go there.
E2E_ENV="$ENVS" start 100 30 --presenter --lang en basics
wait_for 'more: press space' || fail "presenter mode does not stop at the pause"
screen | tail -1 | grep -q '100%' && fail "the footer says 100% while more is hidden"
screen | tail -1 | grep -q 'part 1/2' || fail "the footer does not count the parts"
ok "the footer says part 1/2 and not 100% before the reveal"
keys t
wait_for 'Contents' || fail "t did not open the contents"
screen | grep -q '2 *Watch two threads' || fail "the hidden section is not in the contents"
ok "the contents list a section not revealed yet"
keys 2
wait_gone 'Contents' 5 || fail "2 did not close the contents"
wait_for 'Two threads share the work' || fail "t 2 did not reveal the section"
top_line | grep -q 'Watch two threads' || fail "t 2 did not go to section 2"
screen | tail -1 | grep -q 'part 2/2' || fail "the footer does not count the reveal"
ok "t then 2 reveals and goes to section 2"
quit

# A link to a section of another lesson.
lesson="$WORK/links.md"
printf '```lesson\nid: links\nchapter: 8\ntitle: Links\nlang: en\n```\n\n# Links\n\nSee [the demo](lesson:basics#watch-two-threads).\n' > "$lesson"
E2E_ENV="$ENVS" start 100 30 --lang en "$lesson"
wait_for 'See the demo' || fail "the links lesson did not open"
keys Tab
sleep 0.3
keys Enter
wait_for 'Chapter 1 · Concurrency basics' || fail "the link did not open the lesson"
top_line | grep -q 'Watch two threads' || fail "the link did not go to the section"
ok "a lesson:ID#SECTION link opens the section"
quit
exit 0
