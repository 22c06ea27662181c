#!/bin/bash
# notes_presenter.sh - an instructor's two terminals: the presenter pages
# through a lesson and the speaker-notes terminal follows it.
. "$(dirname "$0")/lib.sh"

place="$WORK/presenter"
E2E_ENV="TIMESLICE_PRESENTER=$place XDG_STATE_HOME=$WORK/state LANG=C.UTF-8" \
    start 100 30 --presenter --lang en gil
wait_for 'The GIL' || fail "the presenter did not open the lesson"
for i in 1 2 3 4 5 6; do
	[ -s "$place" ] && break
	sleep 0.3
done
[ -s "$place" ] || fail "the presenter published no place"
grep -q '^lesson gil$' "$place" || fail "the place names another lesson"
ok "the presenter publishes its place"
first=$(sed -n 's/^block //p' "$place")
keys G
for i in $(seq 1 20); do
	now=$(sed -n 's/^block //p' "$place")
	[ "$now" != "$first" ] && break
	sleep 0.2
done
[ "$now" != "$first" ] || fail "moving to the end did not move the place"
ok "paging moves the published place ($first -> $now)"
keys q
expect_exit 0
stop_all

E2E_ENV="TIMESLICE_PRESENTER=$place LANG=C.UTF-8" start 100 30 notes
wait_for 'speaker notes · 3. The GIL' || fail "the notes did not follow"
ok "the notes terminal follows the presenter"
keys q
expect_exit 0
exit 0
