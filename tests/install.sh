#!/bin/sh
# install.sh - `meson install` into a temporary tree (DESTDIR), then the
# installed program run from / as a student would: it must find its
# lessons, translations, man page and completions there, and never the
# source tree it was built from.
set -eu

build=${TIMESLICE_BUILDDIR:?TIMESLICE_BUILDDIR is not set}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

fail() {
	echo "install.sh: $*" >&2
	exit 1
}

meson install -C "$build" --destdir "$tmp" --no-rebuild --quiet >/dev/null ||
	fail "meson install failed"
bin=$(find "$tmp" -type f -path '*/bin/timeslice' | head -n 1)
[ -n "$bin" ] && [ -x "$bin" ] || fail "no bin/timeslice installed"
prefix=${bin%/bin/timeslice}
share=$prefix/share
echo "installed under $prefix"

for f in timeslice/lessons/en/01-concurrency.md \
    timeslice/lessons/es/01-concurrency.md timeslice/lessons/FORMAT.md \
    locale/es/LC_MESSAGES/timeslice.mo \
    bash-completion/completions/timeslice \
    zsh/vendor-completions/_timeslice \
    fish/vendor_completions.d/timeslice.fish; do
	[ -f "$share/$f" ] || fail "missing $share/$f"
done
# The hook's step recorder in C, when the build has one: with the
# architecture's files, not in share.
if [ -f "$build/src/pystep/_timeslice_steps.abi3.so" ]; then
	find "$prefix" -name _timeslice_steps.abi3.so -path '*/lib*/timeslice/*' |
	    grep -q . || fail "the step recorder is not installed under lib"
fi
if find "$share" -name '*.so' | grep -q .; then
	fail "a shared object under share"
fi
if command -v scdoc >/dev/null 2>&1; then
	[ -s "$share/man/man1/timeslice.1" ] || fail "missing the man page"
	grep -q '^\.SH' "$share/man/man1/timeslice.1" || fail "man page not roff"
fi

cd /
unset TIMESLICE_LESSONS
"$bin" --version | grep -q '^timeslice ' || fail "--version"
"$bin" list > "$tmp/list" || fail "list failed"
grep -q '^1 *concurrency' "$tmp/list" || fail "list shows no lessons"
"$bin" check "$share/timeslice/lessons" || fail "check on the installed lessons"
"$bin" run sequential --units 2 --unit-ms 1 > "$tmp/run" ||
	fail "run sequential failed"
grep -q '^wall time' "$tmp/run" || fail "run printed no figures"
"$bin" --lang es list | grep -q 'Concurrencia' || fail "no Spanish course"
LANGUAGE=es "$bin" check --help | grep -q '^uso: timeslice check' ||
	fail "the interface is not translated"

# trace offers the installed hook and step recorder, found beside the
# program (bin/../share, bin/../lib), never the tree it was built in.
if command -v python3 >/dev/null 2>&1; then
	got=$("$bin" trace --format json --out "$tmp/trace.json" -- python3 -c \
	    'import asyncio.events; print(type(asyncio.events.Handle._run).__name__)') ||
		fail "trace of a Python program failed"
	grep -q '"hook":true' "$tmp/trace.json" || fail "no hook offered"
	if [ -f "$build/src/pystep/_timeslice_steps.abi3.so" ]; then
		grep -q "\"steps\":\"$tmp/" "$tmp/trace.json" ||
			fail "the step recorder offered is not the installed one: $(cat "$tmp/trace.json")"
		[ "$got" = method_descriptor ] ||
			fail "the installed step recorder was not loaded ($got)"
	fi
fi

# A completion at work: bash, with the installed program.
if command -v bash >/dev/null 2>&1; then
	got=$(bash -c '. "$1"; COMP_WORDS=("$2" run de); COMP_CWORD=2;
	    _timeslice; echo "${COMPREPLY[*]}"' sh \
	    "$share/bash-completion/completions/timeslice" "$bin")
	[ "$got" = deadlock ] || fail "bash completes 'run de' as '$got'"
	got=$(bash -c '. "$1"; COMP_WORDS=("$2" thr); COMP_CWORD=1;
	    _timeslice; echo "${COMPREPLY[*]}"' sh \
	    "$share/bash-completion/completions/timeslice" "$bin")
	[ "$got" = threads ] || fail "bash completes lesson 'thr' as '$got'"
fi

# The course read is the installed one: break it, and check says so. (A
# missing Spanish lesson is a partial translation, a warning; an unknown
# scenario is an error.)
printf '\n```demo\nscenario: gill\n```\n' \
    >> "$share/timeslice/lessons/es/01-concurrency.md"
if "$bin" check >/dev/null 2>"$tmp/err"; then
	fail "check did not notice the installed course changed"
fi
grep -q "es/01-concurrency.md:.*gill" "$tmp/err" ||
	fail "unexpected: $(cat "$tmp/err")"
echo "install.sh: ok"
