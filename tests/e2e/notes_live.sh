#!/bin/bash
# notes_live.sh - the speaker-notes terminal keeps up with the presenter
# in the same tmux server: each reveal, the language switch, a lesson
# file saved by its author; `notes --lang en` is accepted after the
# subcommand, and ? shows the keys.
. "$(dirname "$0")/lib.sh"

cp -r "$TIMESLICE_SRCDIR/tests/lessons" "$WORK/lessons"
place="$WORK/place"
ENVS="XDG_STATE_HOME=$WORK/state TIMESLICE_LESSONS=$WORK/lessons TIMESLICE_PRESENTER=$place LANG=C.UTF-8 TERM=xterm-256color"

# The notes in a second session of the same server.
notes_screen() {
	t capture-pane -p -t notes 2>/dev/null
}
notes_wait() {
	local end=$((SECONDS + ${2:-10}))
	while [ "$SECONDS" -lt "$end" ]; do
		notes_screen | grep -qE -- "$1" && return 0
		sleep 0.05
	done
	echo "--- notes ---"; notes_screen
	return 1
}
# The heading the notes show for the part on the projector (line 3).
notes_part() {
	notes_screen | sed -n 3p
}

out=$("$BIN" notes --lang xx 2>&1 </dev/null)
[ $? -eq 2 ] || fail "notes --lang xx was not a usage error"
echo "$out" | grep -q "'xx' is not a course language" || fail "no message: $out"
ok "notes checks options given after it"

E2E_ENV="$ENVS" start 100 30 --presenter --lang en basics
wait_for 'more: press space' || fail "the presenter did not stop at the pause"
t new-session -d -s notes -x 100 -y 30 "env $ENVS '$BIN' notes --lang en; echo NOTES_EXIT=\$?; sleep 60"
notes_wait 'speaker notes · 1. Concurrency basics' || fail "notes --lang en did not follow the presenter"
notes_part | grep -q 'Concurrency basics' || fail "the notes are not on the first part: $(notes_part)"
ok "notes --lang en follows the presenter"

start_ns=$(date +%s%N)
keys Space
notes_wait '^  Watch two threads' 5 || fail "the notes did not follow the reveal"
ms=$(( ($(date +%s%N) - start_ns) / 1000000 ))
notes_screen | grep -q 'progress bar stuck' || fail "the revealed part's notes are not shown"
ok "the notes follow a reveal (seen after ${ms} ms, polling included)"

keys L
# Labels included: the notes speak the presenter's language.
notes_wait 'notas del ponente · 1. Conceptos de concurrencia' 5 || fail "the notes did not follow L"
ok "the notes follow the language switch, labels included"
keys L
notes_wait 'speaker notes · 1. Concurrency basics' 5 || fail "the notes did not follow L back"

# The author saves the lesson: the notes show the new text.
sed -i 's/Ask who has seen a progress bar stuck at 99%./Ask about the kettle that never boils./' \
    "$WORK/lessons/en/01-basics.md"
notes_wait 'kettle that never boils' 5 || fail "the notes did not reload the saved lesson"
ok "the notes reload a lesson saved meanwhile"

t send-keys -t notes '?'
notes_wait 'Keys' 3 || fail "? shows no help in the notes"
notes_screen | grep -q 'q esc' || fail "the notes' help lists no keys"
ok "? shows the notes' keys"
t send-keys -t notes x
sleep 0.3
notes_screen | grep -q 'q esc' && fail "a key did not close the help"
t send-keys -t notes q
notes_wait '^NOTES_EXIT=0' 5 || fail "q did not quit the notes"
ok "any key closes the help, q quits"

# Last, Q quits the presenter.
keys Q
expect_exit 0
stop_all
exit 0
