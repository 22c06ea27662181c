#!/bin/sh
# lesson_watch.sh - watch mode picks up an edited file, keeps the place,
# and shows a checker error inside the app; fixing it clears the error.
. "$(dirname "$0")/lesson_lib.sh"

mkdir -p "$WORK/course/en" "$WORK/course/es"
cp "$TIMESLICE_SRCDIR"/tests/lessons/en/*.md "$WORK/course/en/"
cp "$TIMESLICE_SRCDIR"/tests/lessons/es/*.md "$WORK/course/es/"
f="$WORK/course/en/01-basics.md"

start --watch "$f"
wait_for "Concurrency basics"
keys / "Which work" Enter
wait_for "Which work gains from more cores?"
before=$(row_of "Which work gains from more cores?")

# An edit with a mistake: the error shows up in the app.
sed 's/^scenario: threads$/scenario: thraeds/' "$f" > "$f.new"
mv "$f.new" "$f"
wait_for "reloaded at"
wait_for "error(s)"
keys g
wait_for "error: unknown scenario 'thraeds'"

# Fixed again (written in place this time): the error goes away.
sed -i 's/^scenario: thraeds$/scenario: threads/' "$f"
wait_for "0 error(s), 0 warning(s)"
wait_gone "unknown scenario 'thraeds'"

# An edit keeps the reader's place.
keys / "Which work" Enter
wait_for "Which work gains from more cores?"
before=$(row_of "Which work gains from more cores?")
wait_gone "reloaded at"
sed -i 's/^The end of the lesson.$/The very end of the lesson./' "$f"
wait_for "reloaded at"
after=$(row_of "Which work gains from more cores?")
[ "$before" = "$after" ] || fail "place moved on reload: $before then $after"
keys Q
expect_exit 0
echo "PASS"
