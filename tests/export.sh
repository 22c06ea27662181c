#!/bin/bash
# export.sh - exports and replays on the command line, as a class uses
# them: a recording replays with the figures the run stored; the Chrome
# file stays a Trace Event Format object Perfetto reads; SVG pictures are
# well-formed XML; --out refuses a symlink and never leaves a truncated
# file when the disk fills; a recording without metadata still replays.
set -u
BIN=${TIMESLICE_BIN:?}
W=$(mktemp -d /tmp/ts-export-XXXXXX)
trap 'rm -rf "$W"' EXIT

fail() { echo "FAIL: $*" >&2; exit 1; }
ok() { echo "ok - $*"; }
need() { command -v "$1" >/dev/null || { echo "SKIP: no $1"; exit 77; }; }
need jq
need xmllint

rec="$W/rec.json"
"$BIN" run gil --workers 3 --units 6 --unit-ms 4 --format chrome \
    --out "$rec" || fail "could not record a run"

# Perfetto's reader stops at the first top-level key it does not know:
# only known keys may come before traceEvents, ours after them.
jq -e 'keys_unsorted as $k | ($k | index("traceEvents")) as $e
    | ($k[:$e] - ["displayTimeUnit", "otherData"]) == []
    and ($k | index("timeslice")) > $e' "$rec" >/dev/null ||
    fail "a key Perfetto does not know comes before traceEvents"
jq -e '.traceEvents | length > 10 and all(.[]; (.ph == "M" or .ph == "X")
    and (.pid | type) == "number" and (.tid | type) == "number")
    and all(.[] | select(.ph == "X"); (.ts | type) == "number"
    and (.dur | type) == "number" and .dur >= 0)' "$rec" >/dev/null ||
    fail "not Trace Event Format"
ok "the recording is Trace Event Format with its metadata after the events"

# Every stored figure comes back, to the digit report_json prints.
"$BIN" replay "$rec" --format json >"$W/replay.json" || fail "replay json"
jq -e -n --slurpfile r "$W/replay.json" --slurpfile m "$rec" '
    def r3: . * 1000 | round / 1000;
    def p3: map_values(if type == "number" then r3 else . end);
    $r[0] as $r | $m[0].timeslice as $m
    | $r.scenario == $m.scenario and ($r.params | p3) == ($m.params | p3)
    and $r.wall_ms == ($m.wall_ns / 1e6 | r3)
    and $r.cpu_ms == ($m.cpu_ns / 1e6 | r3)
    and $r.baseline_wall_ms == ($m.baseline_wall_ns / 1e6 | r3)
    and $r.speedup == ($m.speedup | r3)
    and $r.cores_free == ($m.cores_free * 100 | round / 100)
    and $r.events == $m.events and $r.dropped_events == $m.dropped_events
    and $r.metrics == $m.metrics
    and ([$r.workers[] | [.name, .cpu_ms, .events]] ==
        [$m.lanes[] | [.name, (.cpu_ns / 1e6 | r3), .events]])' \
    >/dev/null || fail "replay json differs from what the run stored:
$(cat "$W/replay.json")"
ok "replay --format json gives back every stored figure"

# The same keys as run --format json, at every level.
"$BIN" run gil --workers 2 --units 2 --unit-ms 2 --format json \
    >"$W/run.json" || fail "run json"
shape='[paths | map(if type == "number" then 0 else . end)] | unique'
[ "$(jq -c "del(.metrics) | $shape" "$W/run.json")" = \
  "$(jq -c "del(.metrics) | $shape" "$W/replay.json")" ] ||
    fail "replay json has other keys than run json"
ok "replay json has the keys of run json"

# A recording of a replay is the same recording.
"$BIN" replay "$rec" --format chrome --out "$W/again.json" || fail "again"
"$BIN" replay "$W/again.json" --format json >"$W/again.out"
cmp -s "$W/replay.json" "$W/again.out" || fail "a re-recording changed"
ok "replaying a re-recorded run gives the same figures"

# The text replay says what the run said.
"$BIN" replay "$rec" >"$W/replay.txt" || fail "replay text"
grep -q '^speedup ' "$W/replay.txt" || fail "no speedup in the text replay"
grep -q '3 workers\|workers 3' "$W/replay.txt" || fail "no parameters"
ok "the text replay has the parameters and the speedup"

# Pictures: well-formed XML, from run and from replay.
"$BIN" run gil --workers 2 --units 4 --unit-ms 3 --format svg \
    --out "$W/run.svg" || fail "run svg"
xmllint --noout "$W/run.svg" || fail "run svg is not XML"
"$BIN" replay "$rec" --format svg --out "$W/replay.svg" || fail "replay svg"
xmllint --noout "$W/replay.svg" || fail "replay svg is not XML"
grep -q 'speedup' "$W/replay.svg" || fail "no figures in the picture"
if command -v rsvg-convert >/dev/null; then
	rsvg-convert -o "$W/replay.png" "$W/replay.svg" ||
	    fail "rsvg-convert could not draw it"
	[ -s "$W/replay.png" ] || fail "empty png"
fi
ok "SVG pictures are well-formed"

# The legend lists the states the picture shows, and nothing else: one
# worker alone never waits for a lock. Each lane's id sits on its own
# colour, as in the lock and CPU rows.
grep -q '>waiting for the lock<' "$W/run.svg" ||
	fail "two GIL threads and no lock wait in the legend"
"$BIN" run sequential --units 2 --unit-ms 2 --format svg \
    --out "$W/seq.svg" || fail "sequential svg"
grep -q '>running<' "$W/seq.svg" || fail "no running in the legend"
if grep -q '>waiting for the lock<\|>in I/O<' "$W/seq.svg"; then
	fail "the legend lists states the picture never shows"
fi
grep -q 'class="id">1</text>' "$W/seq.svg" || fail "no lane id swatch"
ok "the SVG legend lists the states that occur"

# --out never writes through a symlink, dangling or not.
ln -s "$W/victim" "$W/dangling.json"
"$BIN" run gil --units 2 --format chrome --out "$W/dangling.json" \
    2>"$W/err" && fail "--out wrote through a dangling symlink"
grep -q 'symlink' "$W/err" || fail "no clear error: $(cat "$W/err")"
[ -e "$W/victim" ] && fail "a dangling symlink created its target"
echo precious >"$W/precious"
ln -s "$W/precious" "$W/link.json"
"$BIN" replay "$rec" --format svg --out "$W/link.json" 2>/dev/null &&
    fail "--out wrote through a symlink"
[ "$(cat "$W/precious")" = precious ] || fail "a symlink's target changed"
ok "--out refuses symlinks"

# A full disk: exit 1, a message, the old file intact, no temporary left.
echo old >"$W/full.json"
(trap '' XFSZ; ulimit -f 2; exec "$BIN" run gil --units 12 --unit-ms 2 \
    --format chrome --out "$W/full.json") 2>"$W/err"
[ $? -eq 1 ] || fail "a failed write did not exit 1"
grep -q 'cannot write' "$W/err" || fail "no message: $(cat "$W/err")"
[ "$(cat "$W/full.json")" = old ] || fail "the old file was truncated"
[ -z "$(ls -A "$W" | grep '^\.full')" ] || fail "a temporary file was left"
ok "a full disk leaves no truncated file"

# An old recording (no metadata) still replays, as before.
jq 'del(.timeslice)' "$rec" >"$W/old.json"
"$BIN" replay "$W/old.json" --format json >"$W/old.out" || fail "old json"
jq -e '.speedup == null and (.workers | length) == 3' "$W/old.out" \
    >/dev/null || fail "an old recording replays wrong"
"$BIN" replay "$W/old.json" >/dev/null || fail "old text"
ok "a recording without metadata still replays"
exit 0
