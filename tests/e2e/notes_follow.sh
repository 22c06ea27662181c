#!/bin/bash
# notes_follow.sh - the speaker-notes terminal waits for a presenter,
# then follows the place file: the notes of the section on screen, the
# next section's heading below, and a garbled place file changes nothing.
. "$(dirname "$0")/lib.sh"

place="$WORK/presenter"
E2E_ENV="TIMESLICE_PRESENTER=$place LANG=C.UTF-8" start 100 30 notes
wait_for 'waiting for a presenter' || fail "no waiting message"
ok "notes wait for a presenter"

printf 'lesson gil\nlang en\nblock 12\n' > "$place.tmp" && mv "$place.tmp" "$place"
wait_for 'The GIL' || fail "the lesson title did not appear"
wait_for 'next: First experiment' || fail "the next section is not shown"
ok "notes follow the presenter's place"

printf 'lesson ../../etc\nlang en\nblock -4\n' > "$place.tmp" && mv "$place.tmp" "$place"
sleep 0.5
screen | grep -q 'The GIL' || fail "a garbled place file changed the screen"
ok "a garbled place file is ignored"

printf 'lesson gil\nlang es\nblock 12\n' > "$place.tmp" && mv "$place.tmp" "$place"
wait_for 'El GIL' || fail "the Spanish lesson did not follow"
ok "the language follows too"
keys q
expect_exit 0
exit 0
