#!/bin/sh
# lesson_consent.sh - a lesson from outside the shipped course, watched
# with --watch, in Spanish: its trace block shows where the program is,
# how long it is and "pulsa r para ejecutar este programa", and runs
# nothing until r; after r the program runs without the json package
# hidden beside it; and the leave is kept for the same bytes, so the
# lesson reloaded after an edit of its prose runs the program by itself.
. "$(dirname "$0")/lesson_lib.sh"

command -v python3 >/dev/null || { echo "SKIP: no python3 on PATH"; exit 77; }
C="$WORK/descargada"
mkdir -p "$C/es/py/json"
cat > "$C/es/py/amable.py" <<PY
import json
import pathlib

pathlib.Path("$C/ran").write_text(json.dumps({"ran": True}))
PY
cat > "$C/es/py/json/__init__.py" <<PY
import pathlib
pathlib.Path("$C/pwned").write_text("pwned")
PY
{
	printf '```lesson\nid: amable\nchapter: 1\ntitle: Amable\nlang: es\n```\n\n'
	printf 'Un programa inofensivo.\n\n```python\n'
	cat "$C/es/py/amable.py"
	printf '```\n\n```trace\nprogram: py/amable.py\ncaption: Inofensivo\n```\n'
} > "$C/es/01-amable.md"

start --lang es --watch "$C/es/01-amable.md"
wait_for "pulsa r para ejecutar este programa"
wait_for "$C/es/py/amable.py (4 líneas)"
sleep 1
[ ! -e "$C/ran" ] || fail "the program ran before r"
[ ! -e "$C/pwned" ] || fail "the hidden package ran before r"
keys r
wait_for "terminada"
[ -e "$C/ran" ] || fail "r did not run the program"
[ ! -e "$C/pwned" ] || fail "the hidden json package ran in place of the standard library's"

# The prose edited, the program not: the same bytes run by themselves.
rm "$C/ran"
sed -i 's/^Un programa inofensivo.$/Un programa del todo inofensivo./' "$C/es/01-amable.md"
wait_for "del todo inofensivo"
wait_for "terminada"
[ -e "$C/ran" ] || fail "the leave for the same bytes was not kept"
keys Q
expect_exit 0
echo "PASS"
