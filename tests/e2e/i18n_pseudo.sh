#!/bin/bash
# i18n_pseudo.sh - every word the interface shows goes through gettext.
#
# A pseudo language "xx" is built from the sources: every message of the
# catalogue wrapped in ⟦ ⟧ with accented vowels (and a decimal comma).
# The program then runs in xx: a full-screen demo (running, finished, its
# help box), the course map, `list`, `--help`, an option error and `run
# gil --format text`. Outside the ⟦ ⟧ nothing may be left but names (scenarios,
# options, lesson ids), numbers and glyphs: a word of the catalogue found
# there is a string that was drawn without _().
#
# The lesson pager is covered through a lesson written in xx (its own
# words in ⟦ ⟧ too): a demo, a quiz answered, a prediction answered and
# judged, the glossary's look-up box, at 100x40 and at 80x24; the map's
# cheat sheet page. A second lesson's ```trace block runs
# a real Python program at 80x24: the question a program not shipped
# asks, the lanes, figures and legend in the page and full screen, its
# keys, and an export made there (the SVG and the text report); the same
# program traced by `trace --format text` and `--format svg`. Also
# `bench` and an SVG export of a run. The notes terminal is not covered
# yet.
# The prediction runs 3 times with its baselines: more than the usual minute.
E2E_LIMIT=${E2E_LIMIT:-240}
. "$(dirname "$0")/lib.sh"

SRC=${TIMESLICE_SRCDIR:?TIMESLICE_SRCDIR must name the source tree}
for tool in xgettext msgen msgfilter msgfmt perl; do
	command -v "$tool" >/dev/null || { echo "skip: no $tool"; exit 77; }
done

# The catalogue from the sources as they are now, and its pseudo-translation.
POT="$WORK/timeslice.pot"
(cd "$SRC" && xgettext --keyword=_ --keyword=N_ --keyword=C_:1c,2 \
    --keyword=NC_:1c,2 --keyword=diags_add:6 --keyword=lp_err:4 \
    --keyword=lp_warn:4 --from-code=UTF-8 --package-name=timeslice \
    -f po/POTFILES.in -o "$POT") || fail "xgettext failed"
cat > "$WORK/pseudo.pl" <<'EOF'
# Wraps each line of a message in ⟦ ⟧ (leading and trailing blanks stay
# outside, so alignment is kept) and accents its vowels, except in printf
# conversions.
use utf8;
binmode STDIN, ":utf8";
binmode STDOUT, ':utf8';
local $/;
my $s = <STDIN>;
if (($ENV{MSGFILTER_MSGCTXT} // '') eq 'decimal separator') {
	print ',';
	exit 0;
}
my $spec = qr/%[-+ #0-9.*]*(?:hh|h|ll|l|z|j|t|L)?[a-zA-Z%]/;
$s = join '', map { /^$spec$/ ? $_ : tr/aeiouAEIOU/áéíóúÁÉÍÓÚ/r }
    split /($spec)/, $s;
$s =~ s/^([ \t]*)(\S(?:.*\S)?)([ \t]*)$/$1⟦$2⟧$3/mg;
print $s;
EOF
msgen "$POT" | sed -e 's/charset=CHARSET/charset=UTF-8/' \
    -e 's/nplurals=INTEGER; plural=EXPRESSION;/nplurals=2; plural=(n != 1);/' \
    > "$WORK/en.po" || fail "msgen failed"
msgfilter --keep-header -i "$WORK/en.po" -o "$WORK/xx.po" perl "$WORK/pseudo.pl" ||
    fail "msgfilter failed"
mkdir -p "$WORK/locale/xx/LC_MESSAGES"
msgfmt -c -o "$WORK/locale/xx/LC_MESSAGES/timeslice.mo" "$WORK/xx.po" \
    2>"$WORK/msgfmt.err" || { cat "$WORK/msgfmt.err";
    fail "the pseudo catalogue does not compile"; }

# A course with an xx folder: the English lessons, titles marked as text
# that is not the interface's.
mkdir -p "$WORK/lessons/en" "$WORK/lessons/xx" "$WORK/state"
cp "$SRC"/lessons/en/*.md "$WORK/lessons/en/"
for f in "$SRC"/lessons/en/*.md; do
	sed -e 's/^lang: en$/lang: xx/' \
	    -e '/^title: /{s/^title: \(.*\)$/title: ⟦\1⟧/;s/^title/TITLE/;y/aeiouAEIOU/áéíóúÁÉÍÓÚ/;s/^TÍTLÉ/title/}' \
	    "$f" > "$WORK/lessons/xx/$(basename "$f")"
done
export TIMESLICE_LESSONS="$WORK/lessons" TEXTDOMAINDIR="$WORK/locale"
export XDG_STATE_HOME="$WORK/state" LANG=C.UTF-8 LC_ALL=C.UTF-8
# Paths on screen are data, not words: one with no word of the catalogue.
export TIMESLICE_EXPORT_DIR="$WORK/xp"
E2E_ENV="TIMESLICE_LESSONS='$WORK/lessons' TEXTDOMAINDIR='$WORK/locale' XDG_STATE_HOME='$WORK/state' TIMESLICE_EXPORT_DIR='$WORK/xp' LANG=C.UTF-8 LC_ALL=C.UTF-8"

# A lesson of the course's own words, all in ⟦ ⟧, in both folders.
for lang in en xx; do
	cat > "$WORK/lessons/$lang/10-pseudo.md" <<LESSON
\`\`\`lesson
id: pseudo
chapter: 10
title: ⟦Pséúdó⟧
lang: $lang
\`\`\`

# ⟦Á léssón⟧

⟦Óné párágráph óf prósé.⟧

\`\`\`demo
scenario: gil
workers: 2
units: 4
unit-ms: 10
caption: ⟦Á démó⟧
models: ⟦twó thréáds⟧
\`\`\`

\`\`\`quiz
id: pq
question: ⟦Whích óné?⟧
- [x] ⟦Óné⟧
  why: ⟦Bécáúsé⟧
- [ ] ⟦Twó⟧
  why: ⟦Nót thát⟧
\`\`\`

\`\`\`predict
id: pp
scenario: gil
workers: 2
units: 4
unit-ms: 10
question: ⟦Hów fást?⟧
expect: speedup < 1.4
- [speedup < 1.4] ⟦Líttlé⟧
  why: ⟦Ónly óné rúns⟧
- [speedup >= 1.4] ⟦Múch⟧
  why: ⟦Nó⟧
\`\`\`
LESSON
done

# A lesson with a ```trace block, also in both folders: a real Python
# program, traced, shown above it as the format asks. Its file and
# thread names are no words of the catalogue; its code is the lesson's,
# not the interface's, so its lines are left out of what is judged
# (without_code). It is not from the shipped course, so it waits for r:
# the question it asks is on screen too.
cat > "$WORK/zq.py" <<'PY'
import threading
import time

def zq(n):
    while n > 0:
        n -= 1
    time.sleep(0.2)

ts = [threading.Thread(target=zq, args=(300_000,), name=f"zq{i}")
      for i in (1, 2)]
for t in ts:
    t.start()
for t in ts:
    t.join()
PY
for lang in en xx; do
	mkdir -p "$WORK/lessons/$lang/py"
	cp "$WORK/zq.py" "$WORK/lessons/$lang/py/zq.py"
	{
		printf '```lesson\nid: pseudo-trace\nchapter: 11\n'
		printf 'title: ⟦Trácé⟧\nlang: %s\n```\n\n' "$lang"
		printf '# ⟦Á trácéd prógrám⟧\n\n'
		printf '⟦Twó thréáds, cóúntíng thén wáítíng.⟧\n\n```python\n'
		cat "$WORK/zq.py"
		printf '```\n\n```trace\nid: pt\nprogram: py/zq.py\n'
		printf 'caption: ⟦Twó thréáds ín réál Pýthón⟧\n```\n\n'
		printf '⟦Thé énd.⟧\n'
	} > "$WORK/lessons/$lang/11-pseudo-trace.md"
done

# without_code FILE: FILE less the lines that show a line of zq.py.
without_code() {
	perl -CSD -e 'open my $p, "<:utf8", shift or die;
	    my @code = grep { length > 2 } map { s/^\s+|\s+$//gr } <$p>;
	    while (my $l = <STDIN>) {
		print $l unless grep { index($l, $_) >= 0 } @code;
	    }' "$WORK/zq.py" < "$1" > "$1.prose"
	mv "$1.prose" "$1"
}

# trace_untranslated NAME FILE: untranslated, less the program's code,
# its path and the command that ran it (data, shown as they are).
trace_untranslated() {
	without_code "$2"
	sed -i -e "s|$WORK/lessons/xx/py/zq\.py||g" \
	    -e 's|python3 py/zq\.py||g' "$2"
	untranslated "$1" "$2"
}

# Words of the catalogue, less the names the interface shows as they are:
# scenarios, subcommands, lesson ids and the program's own name.
perl -0ne 'while (/^msgid(?:_plural)? ((?:".*"\n)+)/mg) { my $m = $1;
    $m =~ s/"\n"//g; $m =~ s/\\n/ /g; print lc("$1\n") while $m =~ /([A-Za-z]{4,})/g }' \
    "$POT" | sort -u > "$WORK/words.all"
{
	LANGUAGE=en "$BIN" run --help | awk 'NR > 2 { print $1 }' | tr '-' '\n'
	LANGUAGE=en "$BIN" --help | grep -o -- '--[a-z][a-z-]*' | tr '-' '\n'
	LANGUAGE=en "$BIN" --help | awk '$1 == "timeslice" { print $2 }'
	echo timeslice
	awk '/^id: / { print $2; nextfile }' "$SRC"/lessons/en/*.md | tr '-' '\n'
} | tr 'A-Z' 'a-z' | sort -u > "$WORK/words.names"
comm -23 "$WORK/words.all" "$WORK/words.names" > "$WORK/words"
[ "$(wc -l < "$WORK/words")" -gt 100 ] || fail "too few words in the catalogue"

# untranslated NAME FILE: fails when FILE has a catalogue word outside ⟦ ⟧.
untranslated() {
	local left
	# Every vowel of a message is accented, so a catalogue word spelt
	# in plain letters anywhere (even inside a message that embeds it)
	# was drawn without _().
	left=$(perl -CSD -Mutf8 -ne '
	    print lc("$1\n") while /(?<![A-Za-z\x{80}-\x{10FFFF}])([A-Za-z]{4,})(?![A-Za-z\x{80}-\x{10FFFF}])/g' "$2" | sort -u |
	    comm -12 - "$WORK/words")
	if [ -n "$left" ]; then
		echo "--- $1 ---"
		cat "$2"
		fail "$1 shows untranslated words: $(echo $left)"
	fi
	grep -q '⟦' "$2" || fail "$1 shows no translated text at all"
	ok "$1 is translated"
}

# The check itself must catch an English word beside translated ones.
printf '⟦páúsé⟧ 12 speedup ⟦ót\n' > "$WORK/self.txt"
( untranslated "self-test" "$WORK/self.txt" ) >/dev/null &&
    fail "the check let an untranslated word through"

# The demo, full screen, wide enough for the figures beside the timeline.
start 100 30 --lang xx demo gil --workers 3 --units 60 --unit-ms 20 --seed "$SEED"
wait_for '⟦rúnníng⟧' 15 || fail "the demo never showed it was running"
screen > "$WORK/running.txt"
untranslated "demo running" "$WORK/running.txt"
wait_for '⟦dóné⟧ *$' 40 || fail "the run never finished"
wait_for '⟦spéédúp⟧ +(⚠ |! )?[0-9]+,[0-9]+(x|×)' 30 || fail "no speedup with a decimal comma"
screen > "$WORK/done.txt"
untranslated "demo finished" "$WORK/done.txt"
keys '?'
wait_for '⟦kéys⟧' || fail "no help box"
screen > "$WORK/help.txt"
untranslated "demo help box" "$WORK/help.txt"
keys Escape q
expect_exit 0
stop_all

# Narrow: the figures below, and a scenario with its own figures.
start 80 24 --lang xx demo race --workers 2 --units 20 --seed "$SEED"
wait_for '⟦dóné⟧ *$' 40 || fail "the race never finished at 80x24"
sleep 0.3
screen > "$WORK/race.txt"
untranslated "race demo at 80x24" "$WORK/race.txt"
keys q
expect_exit 0
stop_all

# A recording played back: its title and figures.
"$BIN" run gil --workers 2 --units 4 --unit-ms 5 --format chrome \
    --out "$WORK/rec.json" || fail "cannot record a run"
start 100 30 --lang xx replay "$WORK/rec.json"
wait_for '⟦dóné⟧ *$' 20 || fail "the replay never finished"
screen > "$WORK/replay.txt"
untranslated "replay of a recording" "$WORK/replay.txt"
keys q
expect_exit 0
stop_all

# The course map and its keys.
start 80 24 --lang xx
wait_for '\[xx\]' || fail "no course map in xx"
screen > "$WORK/map.txt"
untranslated "course map" "$WORK/map.txt"
keys '?'
wait_for '⟦Kéys⟧' || fail "no keys box on the map"
screen > "$WORK/map-keys.txt"
untranslated "map keys" "$WORK/map-keys.txt"
# The map's last row: the cheat sheet page.
keys Escape G Enter
wait_for 'chéát shéét' || fail "the map's cheat sheet page did not open"
screen > "$WORK/sheet.txt"
untranslated "cheat sheet page" "$WORK/sheet.txt"
keys q
wait_for '\[xx\]' || fail "q did not close the cheat sheet"
keys q
expect_exit 0
stop_all

# A lesson: a demo in the page, a quiz and a prediction answered.
start 100 40 --lang xx --no-save pseudo
wait_for '⟦Á léssón⟧' 15 || fail "the pseudo lesson did not open"
wait_for '⟦dóné⟧' 40 || fail "the lesson's demo never finished"
screen > "$WORK/lesson.txt"
untranslated "lesson page with a demo" "$WORK/lesson.txt"
keys G
sleep 0.3
# Two questions in view and none focused: a number answers neither.
keys 1
sleep 0.3
screen > "$WORK/pick.txt"
grep -q '⟦Bécáúsé⟧' "$WORK/pick.txt" && fail "a number answered a quiz not focused"
untranslated "two quizzes, none focused" "$WORK/pick.txt"
# Shift-tab focuses the last target on screen, the prediction; again,
# the quiz before it.
keys BTab BTab
sleep 0.2
keys 1
wait_for '⟦Bécáúsé⟧' 10 || fail "the quiz answer was not judged"
screen > "$WORK/quiz.txt"
untranslated "quiz feedback" "$WORK/quiz.txt"
# After an answer tab goes on to what is not answered: the prediction.
keys Tab
sleep 0.2
keys 1
wait_for '⟦Ónly óné rúns⟧' 60 || fail "the prediction was not judged"
sleep 0.3
screen > "$WORK/predict.txt"
untranslated "prediction verdict" "$WORK/predict.txt"
keys '?'
sleep 0.3
screen > "$WORK/pager-keys.txt"
untranslated "lesson keys" "$WORK/pager-keys.txt"
# The glossary's look-up box (this course has no glossary: no term).
keys Escape
sleep 0.2
keys K z z
wait_for '⟦Glóssáry⟧' || fail "K did not open the glossary's look-up box"
screen > "$WORK/lookup.txt"
untranslated "glossary look-up box" "$WORK/lookup.txt"
keys Escape q q
expect_exit 0
stop_all

# The same lesson at 80x24: every block answered and run, nothing cut
# without a sign, nothing in English.
start 80 24 --lang xx --no-save pseudo
wait_for '⟦Á léssón⟧' 15 || fail "the pseudo lesson did not open at 80x24"
wait_for '⟦dóné⟧' 40 || fail "the lesson's demo never finished at 80x24"
screen > "$WORK/lesson80.txt"
untranslated "lesson page with a demo at 80x24" "$WORK/lesson80.txt"
keys G
sleep 0.3
keys BTab BTab
sleep 0.2
keys 1
wait_for '⟦Bécáúsé⟧' 10 || fail "the quiz was not judged at 80x24"
keys Tab
sleep 0.2
keys 1
wait_for '⟦Ónly óné rúns⟧' 60 || fail "the prediction was not judged at 80x24"
# Its verdict ("measured ...", or "could not measure") once its runs end.
keys G
wait_for 'méásúr' 90 || fail "the prediction was never judged at 80x24"
sleep 0.3
screen > "$WORK/answered80.txt"
untranslated "lesson answered at 80x24" "$WORK/answered80.txt"
keys q q
expect_exit 0
stop_all

# The trace block at 80x24: the question before a program not shipped,
# the run, its lanes and figures in the page, full screen with its keys,
# and an export of the traced run from there.
if command -v python3 >/dev/null; then
	start 80 24 --lang xx --no-save pseudo-trace
	wait_for '⟦Á trácéd prógrám⟧' 15 || fail "the trace lesson did not open"
	keys G
	wait_for '⟦préss r' 15 || fail "the trace block did not ask to run"
	screen > "$WORK/trace-ask.txt"
	trace_untranslated "trace block before r" "$WORK/trace-ask.txt"
	keys r
	wait_for 'zq1' 30 || fail "the traced program's threads never showed"
	wait_for '⟦dóné⟧|⟦fíníshéd⟧' 60 ||
	    fail "the traced program never finished"
	sleep 0.5
	screen > "$WORK/trace-page.txt"
	trace_untranslated "trace block run, in the page" "$WORK/trace-page.txt"
	keys Enter
	sleep 0.5
	wait_for 'zq2' 15 || fail "no full-screen trace"
	screen > "$WORK/trace-full.txt"
	trace_untranslated "trace full screen" "$WORK/trace-full.txt"
	keys '?'
	sleep 0.3
	screen > "$WORK/trace-keys.txt"
	trace_untranslated "trace keys" "$WORK/trace-keys.txt"
	keys Escape e
	sleep 0.5
	screen > "$WORK/trace-export.txt"
	trace_untranslated "trace export message" "$WORK/trace-export.txt"
	keys q q q
	expect_exit 0
	stop_all
	svg=$(ls "$WORK"/xp/*.svg 2>/dev/null | head -1)
	[ -n "$svg" ] || fail "the trace was not exported"
	perl -CSD -ne 'print "$1\n" while /<text[^>]*>([^<]*)<\/text>/g' \
	    "$svg" > "$WORK/trace-svg.txt"
	trace_untranslated "trace SVG export" "$WORK/trace-svg.txt"
	txt=${svg%.svg}.txt
	[ -s "$txt" ] || fail "the trace export has no text report"
	trace_untranslated "trace text export" "$txt"
	# The same program traced from the command line, as text and SVG.
	(cd "$WORK/lessons/xx" && "$BIN" --lang xx trace --format text -- \
	    python3 py/zq.py) > "$WORK/trace-cli.txt" 2>&1 ||
	    fail "trace --format text failed"
	trace_untranslated "trace --format text" "$WORK/trace-cli.txt"
	(cd "$WORK/lessons/xx" && "$BIN" --lang xx trace --format svg \
	    --out "$WORK/trace-cli.svg" -- python3 py/zq.py) ||
	    fail "trace --format svg failed"
	perl -CSD -ne 'print "$1\n" while /<text[^>]*>([^<]*)<\/text>/g' \
	    "$WORK/trace-cli.svg" > "$WORK/trace-cli-svg.txt"
	trace_untranslated "trace --format svg" "$WORK/trace-cli-svg.txt"
else
	echo "note: no python3 on PATH, the trace block is not covered"
fi

# An export made in class: the SVG's words (lanes, rows, axis, legend,
# note) in the language, its figures with its decimal separator.
"$BIN" --lang xx run gil --workers 2 --units 4 --unit-ms 5 --format svg \
    --out "$WORK/run.svg" || fail "run svg failed"
perl -CSD -ne 'print "$1\n" while /<text[^>]*>([^<]*)<\/text>/g' \
    "$WORK/run.svg" > "$WORK/svg.txt"
untranslated "SVG export" "$WORK/svg.txt"
grep -q '[0-9],[0-9]* ms' "$WORK/svg.txt" || fail "the SVG has no decimal comma"

# The command line.
"$BIN" --lang xx list > "$WORK/list.txt" 2>&1 || fail "list failed"
untranslated "list" "$WORK/list.txt"
"$BIN" --lang xx --help > "$WORK/help-cli.txt" 2>&1 || fail "--help failed"
untranslated "--help" "$WORK/help-cli.txt"
"$BIN" --lang xx run gil --workers 99 > "$WORK/error.txt" 2>&1
[ $? -eq 2 ] || fail "an option error did not exit 2"
untranslated "option error" "$WORK/error.txt"
"$BIN" --lang xx run gil --units 8 --unit-ms 5 --format text \
    > "$WORK/run.txt" 2>&1 || fail "run failed"
untranslated "run gil --format text" "$WORK/run.txt"
grep -q ' [0-9][0-9]*,[0-9] ms' "$WORK/run.txt" || fail "run text has no decimal comma"
# `check` on a lesson with mistakes: its messages and summary in xx.
mkdir -p "$WORK/zz/xx"
printf '```lesson\nid: zz\nchapter: 1\ntitle: ⟦Zz⟧\nlang: xx\n```\n\n```demo\nscenario: zzz\ncaption: ⟦Zz⟧\nmodels: ⟦zz⟧\n```\n' \
    > "$WORK/zz/xx/01-zz.md"
"$BIN" --lang xx check "$WORK/zz/xx/01-zz.md" > "$WORK/check.txt" 2>&1 &&
    fail "check passed a lesson with mistakes"
sed -e "s|$WORK/zz/xx/01-zz.md||" "$WORK/check.txt" > "$WORK/check-shown.txt"
untranslated "check" "$WORK/check-shown.txt"
# Standard output only: a sanitizer build warns on standard error.
"$BIN" --lang xx bench > "$WORK/bench.txt" 2>"$WORK/bench.err" ||
    fail "bench failed: $(tail -n 5 "$WORK/bench.err")"
untranslated "bench" "$WORK/bench.txt"
"$BIN" --lang xx run gil --units 4 --unit-ms 2 --format json > "$WORK/run.json" ||
    fail "run json failed"
grep -q '"wall_ms":[0-9]*\.[0-9]' "$WORK/run.json" || fail "JSON lost its decimal point"
grep -q '⟦' "$WORK/run.json" && fail "JSON keys or values were translated"
ok "JSON stays in C"
exit 0
