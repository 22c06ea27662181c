#!/bin/bash
# classroom_rehearsal.sh - rehearsing does not spoil the class: presenter
# mode keeps no answers (unless --save), --no-save keeps nothing at all,
# and `timeslice reset` forgets saved progress, asking first.
. "$(dirname "$0")/lib.sh"

LESSONS="$TIMESLICE_SRCDIR/tests/lessons"
export XDG_STATE_HOME="$WORK/state" TIMESLICE_LESSONS="$LESSONS"
ENVS="XDG_STATE_HOME=$WORK/state TIMESLICE_LESSONS=$LESSONS TIMESLICE_PRESENTER=$WORK/place LANG=C.UTF-8 TERM=xterm-256color"
progress="$WORK/state/timeslice/progress"

# answer ARGS...: opens the basics quiz with ARGS and answers 1.
answer() {
	E2E_ENV="$ENVS" start 100 30 --lang en "$@" 'basics#watch-two-threads'
	wait_for 'press 1-2 to answer' || fail "the quiz is not on screen ($*)"
	keys 1
	wait_for 'CPU-bound work ✓' || fail "the answer was not taken ($*)"
	keys Q
	wait_for '^EXIT=0' || fail "Q did not quit ($*)"
	expect_exit 0
	stop_all
}

answer --presenter
if [ -f "$progress" ] && grep -q '^quiz basics' "$progress"; then
	fail "presenter mode saved an answer: $(cat "$progress")"
fi
ok "presenter mode saves no answers"

answer --presenter --save
grep -q '^quiz basics basics-parallel 0 right' "$progress" ||
    fail "--presenter --save did not save the answer"
ok "--presenter --save saves answers"

# A saved answer shows when studying alone, never on the projector.
E2E_ENV="$ENVS" start 100 30 --lang en 'basics#watch-two-threads'
wait_for 'CPU-bound work ✓' || fail "a saved answer is not shown to a learner"
keys Q
expect_exit 0
stop_all
E2E_ENV="$ENVS" start 100 30 --presenter --lang en 'basics#watch-two-threads'
wait_for 'press 1-2 to answer' || fail "the quiz is not on screen"
screen | grep -q 'answered before\|CPU-bound work ✓' && fail "the projector shows a saved answer"
ok "the projector shows no answer saved before"
keys Q
expect_exit 0
stop_all

before=$(cat "$progress")
rm -f "$progress"
answer --no-save
[ ! -e "$progress" ] || fail "--no-save wrote progress: $(cat "$progress")"
ok "--no-save records nothing"
printf '%s\n' "$before" > "$progress"

# reset: refuses without a terminal and without --yes.
"$BIN" reset basics </dev/null >/dev/null 2>"$WORK/err"
rc=$?
[ "$rc" -eq 2 ] || fail "reset without a terminal exited $rc, not 2"
grep -q -- '--yes' "$WORK/err" || fail "the refusal does not name --yes"
grep -q '^quiz basics' "$progress" || fail "a refused reset changed progress"
ok "reset without a terminal and without --yes changes nothing"

"$BIN" reset nosuch --yes >/dev/null 2>&1
[ $? -eq 2 ] || fail "reset of an unknown lesson was not a usage error"
ok "reset of an unknown lesson is refused"

# On a terminal it asks; n keeps everything.
E2E_ENV="$ENVS" start 100 10 reset basics
wait_for '\[y/N\]' || fail "reset did not ask"
keys n Enter
wait_for 'nothing changed' || fail "n did not keep the progress"
grep -q '^quiz basics' "$progress" || fail "answering n cleared progress"
ok "reset asks, and n changes nothing"
expect_exit 0
stop_all

echo 'place gil 3 0' >> "$progress"
E2E_ENV="$ENVS" start 100 10 reset basics
wait_for '\[y/N\]' || fail "reset did not ask"
keys y Enter
wait_for "progress in 'basics' cleared" || fail "y did not clear"
grep -q 'basics' "$progress" && fail "basics is still in progress: $(cat "$progress")"
grep -q '^place gil 3 0' "$progress" || fail "reset basics forgot another lesson too"
ok "reset basics, answered y, forgets the lesson"
expect_exit 0
stop_all

answer --save
"$BIN" reset --yes >/dev/null || fail "reset --yes failed"
grep -q '^quiz\|^place\|^last' "$progress" && fail "reset --yes left progress: $(cat "$progress")"
ok "reset --yes forgets every lesson"
exit 0
