#!/bin/bash
# demo_screen.sh - the demo shows lanes, lock and CPU rows, the legend,
# the figures and the hint bar, at 100x30 and at 80x24, and exports the
# run it shows.
. "$(dirname "$0")/lib.sh"

start 100 30 --export-dir "$WORK/exports" demo gil --workers 3 --units 24 \
    --unit-ms 10 --seed "$SEED"
wait_for '^1 thread 1 ' || fail "no lane for thread 1"
wait_for '^3 thread 3 ' || fail "no lane for thread 3"
screen | grep -qE '^4 thread' && fail "a fourth lane with --workers 3"
wait_for 'GIL holder' || fail "no lock lane"
wait_for 'GIL waiter' || fail "no waiters row"
wait_for '^cpu 0 ' || fail "no cpu lane"
wait_for 'running .*waiting for the GIL' || fail "no legend"
wait_for 'wall time' || fail "no wall time"
wait_for '\? help' || fail "no hint bar"
wait_for '^time .*┴' || fail "no time axis"
wait_for 'ms/col' || fail "no scale"
ok "lanes, lock, cpu, legend, figures and hints at 100x30"
wait_for ' done *$' 30 || fail "run never finished"
wait_for 'speedup +(⚠ |! )?[0-9.]+(x|×)' 30 || fail "no speedup after the baseline"
wait_for 'cpu time +[0-9.]+m?s' || fail "no cpu time"
screen | grep -qE '^1 thread 1 +[0-9]+% +[0-9]+%' ||
    screen | grep -qE '1 thread 1 +[0-9]+%' || fail "no per-worker shares"
ok "figures after the run"

keys e
wait_for 'exported gil-1\.svg' || fail "no export message"
x="$WORK/exports/gil-1"
[ -s "$x.json" ] || fail "no JSON file written"
[ -s "$x.txt" ] || fail "no text file written"
[ -s "$x.svg" ] || fail "no SVG file written"
grep -q '"traceEvents"' "$x.json" || fail "JSON lacks traceEvents"
grep -q '"timeslice"' "$x.json" || fail "JSON does not describe the run"
grep -q 'legend' "$x.txt" || fail "text export lacks a legend"
grep -q '^wall .*speedup' "$x.txt" || fail "text export lacks the figures"
grep -q '</svg>' "$x.svg" || fail "SVG export is cut short"
keys e
wait_for 'exported gil-2\.svg' || fail "a second export did not take new names"
ok "export writes SVG, Chrome JSON and text, never over an older export"
keys q
expect_exit 0
stop_all

start 80 24 demo threads --workers 4 --units 16 --unit-ms 10 --seed "$SEED"
wait_for '^4 thread 4 ' || fail "no lane for thread 4 at 80x24"
wait_for 'wall time' || fail "no figures at 80x24"
wait_for '\? help' || fail "no hint bar at 80x24"
screen | grep -q 'GIL holder' && fail "a lock lane without a GIL"
wait_for ' done *$' 30 || fail "run never finished at 80x24"
wait_for '4 thread 4 +[0-9]+%' || fail "per-worker shares cut off at 80x24"
ok "80x24 shows lanes, figures and every worker"
keys q
expect_exit 0
exit 0
