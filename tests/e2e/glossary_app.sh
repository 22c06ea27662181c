#!/bin/bash
# glossary_app.sh - the glossary and the cheat sheet inside the app, at
# 80x24 in English and Spanish: a bold term of a lesson is a link that
# tab focuses and K (or enter) opens in a box with its definition and
# chapter; esc leaves the lesson exactly as it was; K with nothing
# focused is a look-up box that finds "nucleo" without its accent and
# suggests the term for a near miss; the course map's last row is the
# cheat sheet, a page that scrolls and that q closes.
. "$(dirname "$0")/lib.sh"

export XDG_STATE_HOME="$WORK/state"
unset TIMESLICE_LESSONS
ENVS="XDG_STATE_HOME=$WORK/state LANG=C.UTF-8 TERM=xterm-256color"

# quit: Q quits from anywhere, with status 0.
quit() {
	keys Q
	expect_exit 0
	stop_all
}

# no_wider: no line of the screen is wider than 80 columns.
no_wider() {
	local w
	w=$(screen | LC_ALL=C.UTF-8 wc -L)
	[ "$w" -le 80 ] || fail "a line is $w columns wide"
}

# --- English: a term of the lesson, and the look-up box. ---
E2E_ENV="$ENVS" start 80 24 --lang en concurrency
wait_for 'Chapter 1 · Concurrency and parallelism' || fail "the lesson did not open"
wait_for 'K glossary' || fail "the footer does not offer K"
keys Tab
wait_for '▶ • Concurrency means' || fail "tab did not focus the bold term"
before=$(screen)
keys K
wait_for '─ Glossary ─' || fail "K did not open the glossary on the focused term"
wait_for '│ concurrency ' || fail "the box does not name the term"
wait_for 'Chapter 1: Concurrency and parallelism' || fail "the entry has no chapter"
wait_for 'esc close' || fail "the box does not say how to close it"
no_wider
ok "K opens the focused term's entry (en)"
keys Escape
wait_gone 'Glossary' || fail "esc did not close the entry"
[ "$(screen)" = "$before" ] || fail "the lesson is not as it was before the box"
ok "esc returns exactly where the reader was"
keys Escape
wait_gone '▶' || fail "esc did not clear the focus"
keys K
wait_for 'term: _' || fail "K with nothing focused did not open the look-up box"
keys g i l
wait_for '▶ GIL \(ch\. 3\)' || fail "typing 'gil' does not list the GIL"
keys Enter
wait_for 'global interpreter lock' || fail "enter did not open the GIL's entry"
wait_for 'Chapter 3: The GIL' || fail "the GIL's entry has no chapter"
keys q
wait_gone 'Glossary' || fail "q did not close the entry"
ok "the look-up box finds a term (en)"
quit

# --- Spanish: enter on a term, "nucleo" without its accent, a typo. ---
E2E_ENV="$ENVS" start 80 24 --lang es concurrency
wait_for 'Capítulo 1 · Concurrencia y paralelismo' || fail "the lesson did not open in es"
keys Tab
wait_for '▶ • Concurrencia es' || fail "tab did not focus the bold term (es)"
keys Enter
wait_for '─ Glosario ─' || fail "enter on a term did not open the glossary (es)"
wait_for 'Capítulo 1: Concurrencia y paralelismo' || fail "the entry has no chapter (es)"
wait_for 'esc cerrar' || fail "the box's keys are not in Spanish"
no_wider
ok "enter on a focused term opens its entry (es)"
keys Escape Escape
wait_gone 'Glosario' || fail "esc did not close the entry (es)"
keys K
wait_for 'término: _' || fail "the look-up box did not open (es)"
keys n u c l e o
wait_for '▶ núcleo \(cap\. 1\)' || fail "'nucleo' does not list 'núcleo'"
keys Enter
wait_for 'Una unidad de proceso' || fail "enter did not open 'núcleo'"
wait_for 'Capítulo 1: ' || fail "'núcleo' has no chapter"
ok "the look-up box finds 'nucleo' without its accent (es)"
keys /
wait_for 'término: _' || fail "/ in an entry did not look up another term"
keys n u c e l o
wait_for '▶ núcleo \(cap\. 1\)' || fail "the near miss 'nucelo' suggests nothing"
keys Escape
wait_gone 'Glosario' || fail "esc did not close the look-up box"
wait_for 'Capítulo 1 · Concurrencia' || fail "closing the box left the lesson"
ok "a near miss is suggested, esc closes the box (es)"
quit

# --- The cheat sheet, a page of the map, in both languages. ---
for lang in es en; do
	if [ "$lang" = es ]; then
		row='Chuleta' head='chuleta de timeslice' end='¿Cuál\?' map='la concurrencia a la vista'
	else
		row='Cheat sheet' head='timeslice cheat sheet' end='Which one\?' map='concurrency you can watch'
	fi
	E2E_ENV="$ENVS" start 80 24 --lang "$lang"
	wait_for "$map" || fail "the map did not open ($lang)"
	wait_for "^ +$row +" || fail "the map has no cheat sheet row ($lang)"
	keys G
	wait_for "^ +$row +" || fail "G lost the cheat sheet row ($lang)"
	keys Enter
	wait_for "^$head" || fail "enter did not open the cheat sheet ($lang)"
	first=$(LANG=C.UTF-8 "$BIN" --lang "$lang" cheatsheet | sed -n 4p)
	screen | grep -qF -- "$first" || fail "the page is not the cheatsheet command's text ($lang)"
	no_wider
	keys G
	wait_for "^ ?$end" || fail "the page does not scroll to its end ($lang)"
	ok "the cheat sheet is a page of the map ($lang)"
	keys q
	wait_for "$map" || fail "q did not return to the map ($lang)"
	keys q
	expect_exit 0
	stop_all
done
echo "PASS"
