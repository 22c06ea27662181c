#!/bin/sh
# assets.sh - the man page and the shell completions name every command,
# scenario and option the program itself lists (`--help`, `run --help`),
# so a new scenario or option cannot ship undocumented.
set -eu

bin=${TIMESLICE_BIN:?TIMESLICE_BIN is not set}
src=${TIMESLICE_SRCDIR:?TIMESLICE_SRCDIR is not set}
man=$src/assets/timeslice.1.scd
bash_c=$src/assets/completions/timeslice.bash
zsh_c=$src/assets/completions/_timeslice
fish_c=$src/assets/completions/timeslice.fish
bad=0

miss() {
	echo "assets.sh: $1 does not mention $2" >&2
	bad=1
}

commands=$("$bin" --help | grep -o 'timeslice [a-z][a-z]*' | awk '{ print $2 }' |
    sort -u)
options=$("$bin" --help | grep -o -- '--[a-z][a-z-]*' | sort -u)
scenarios=$("$bin" run --help | awk '/^  [a-z]/ { print $1 }')
[ -n "$commands" ] && [ -n "$options" ] && [ -n "$scenarios" ] || {
	echo "assets.sh: the program listed nothing" >&2
	exit 1
}

for c in $commands; do
	grep -q "^\*$c\*" "$man" || miss "the man page" "command $c"
	grep -qw "$c" "$bash_c" || miss "the bash completion" "command $c"
	grep -q "'$c:" "$zsh_c" || miss "the zsh completion" "command $c"
	grep -q -- "-a $c " "$fish_c" || miss "the fish completion" "command $c"
done
for s in $scenarios; do
	grep -q "\*$s\*" "$man" || miss "the man page" "scenario $s"
done
for o in $options; do
	grep -q -- "\*$o\*" "$man" || miss "the man page" "option $o"
	grep -q -- "$o\b" "$bash_c" || miss "the bash completion" "option $o"
	grep -q -- "[')]$o\[" "$zsh_c" || miss "the zsh completion" "option $o"
	grep -q -- "-l ${o#--}\b" "$fish_c" || miss "the fish completion" "option $o"
done
exit $bad
