#!/bin/bash
# presenter_theme.sh - the projector theme: the same screen captured with
# its attributes (capture-pane -e) with and without --presenter. The
# presenter's has no faint text (SGR 2), which projectors wash out, and
# differs from the ordinary one only in attributes, not in text.
. "$(dirname "$0")/lib.sh"

# faint_count: SGR sequences on stdin that turn on faint (parameter 2),
# skipping the arguments of 38/48 colour sequences.
faint_count() {
	grep -o $'\e\[[0-9;]*m' | tr -d '\033[m' | awk -F';' '
	{
		for (i = 1; i <= NF; i++) {
			if ($i == 38 || $i == 48) { i += ($(i + 1) == 5) ? 2 : 4; continue }
			if ($i == 2) { n++; break }
		}
	}
	END { print n + 0 }'
}

# capture MODE...: the course map in a 100x30 pane, with attributes, in
# $WORK/map; q then quits the map. It runs in this shell, not in a $(...)
# subshell, so a failure ends the script and every exit is asserted.
capture() {
	E2E_ENV="XDG_STATE_HOME=$WORK/state LANG=C.UTF-8 TERM=xterm-256color" \
	    start 100 30 --lang en "$@"
	wait_for 'q quit' || fail "the map did not open ($*)"
	sleep 0.3
	t capture-pane -e -p -t "$SESSION" > "$WORK/map" ||
	    fail "cannot capture the map ($*)"
	keys q
	expect_exit 0
	stop_all
}

capture
plain=$(cat "$WORK/map")
capture --presenter
proj=$(cat "$WORK/map")
plain_faint=$(printf '%s\n' "$plain" | faint_count)
proj_faint=$(printf '%s\n' "$proj" | faint_count)
echo "SGR 2 sequences: without --presenter $plain_faint, with $proj_faint"
[ "$plain_faint" -gt 0 ] || fail "the ordinary theme shows no faint text: the test cannot tell"
[ "$proj_faint" -eq 0 ] || fail "the presenter screen has $proj_faint faint sequences"
[ "$plain" != "$proj" ] || fail "--presenter changed no colour or attribute"
strip() { sed 's/\x1b\[[0-9;]*m//g'; }
[ "$(printf '%s\n' "$plain" | strip)" = "$(printf '%s\n' "$proj" | strip)" ] ||
    fail "the two screens differ in text, not only in attributes"
ok "the presenter map has no faint text and differs only in attributes"

# --theme projector without --presenter looks the same as --presenter.
capture --theme projector
th=$(cat "$WORK/map")
[ "$th" = "$proj" ] || fail "--theme projector differs from --presenter's theme"
ok "--theme projector is the presenter's theme"

# A lesson with a live demo, in presenter mode: still nothing faint.
E2E_ENV="XDG_STATE_HOME=$WORK/state LANG=C.UTF-8 TERM=xterm-256color" \
    start 120 40 --presenter --lang en 'gil#first-experiment'
wait_for 'First experiment' || fail "the lesson did not open at the section"
sleep 1
n=$(t capture-pane -e -p -t "$SESSION" | faint_count)
[ "$n" -eq 0 ] || fail "the presenter's lesson page has $n faint sequences"
ok "the presenter's lesson page has no faint text"
keys Q
expect_exit 0
stop_all

# A bad theme is a usage error naming the choices.
out=$("$BIN" --theme neon list 2>&1)
rc=$?
[ "$rc" -eq 2 ] || fail "--theme neon exited $rc, not 2"
echo "$out" | grep -q 'dark, light, mono, projector' || fail "no list of themes: $out"
ok "an unknown theme is refused"
exit 0
