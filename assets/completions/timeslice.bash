# bash completion for timeslice(1): commands, lesson ids, scenarios, options.
# Scenarios, languages and lesson ids come from the program itself
# (`run --help`, `--help` and `list`), so they follow the installed course.

_timeslice_scenarios()
{
	"$1" run --help 2>/dev/null | awk '/^  [a-z]/ { print $1 }'
}

# The course's languages, as --help lists them.
_timeslice_langs()
{
	"$1" --help 2>/dev/null | sed -n 's/^LANG is .*: //p' | tr -d ,
}

_timeslice_lessons()
{
	"$1" list 2>/dev/null | awk 'NR > 1 && $2 != "" { print $2 }'
}

# Completes words from COMP_WORDS[$1] on as a command line of their own.
_timeslice_command()
{
	if ((COMP_CWORD == $1)); then
		COMPREPLY=($(compgen -c -- "$2"))
	elif declare -F _command_offset >/dev/null; then
		_command_offset "$1"
	else
		COMPREPLY=($(compgen -f -- "$2"))
	fi
}

_timeslice()
{
	local prog=${COMP_WORDS[0]} cur=${COMP_WORDS[COMP_CWORD]}
	local prev=${COMP_WORDS[COMP_CWORD-1]} cmd="" scenario="" i w
	local global="--lang --presenter --theme --no-save --save --export-dir
	    --watch --help --version"
	local experiment="--workers --work --units --unit-ms --switch-interval
	    --old-gil --cores --seed --ordered --capacity --permits --start --no-baseline"

	# The command (and for run and demo the scenario, for reset the
	# lesson) typed so far.
	for ((i = 1; i < COMP_CWORD; i++)); do
		w=${COMP_WORDS[i]}
		if [[ $cmd == trace && ($w == -- || $w != -*) ]]; then
			# What follows is the program to watch: complete it as
			# its own command line.
			[[ $w == -- ]] || ((i--))
			_timeslice_command $((i + 1)) "$cur"
			return
		fi
		case $w in
		--lang|--theme|--watch|--export-dir)
			[[ -z $cmd || $cmd == notes ]] && ((i++)) ;;
		--format|--out|--rate|--pid|--runs|--record|--workers|--work|\
		--units|--unit-ms|--switch-interval|--cores|--seed|--capacity|\
		--permits|--start)
			((i++)) ;;
		-*) ;;
		*)
			if [[ -z $cmd ]]; then
				cmd=$w
			elif [[ -z $scenario ]]; then
				scenario=$w
			fi
			;;
		esac
	done

	case $prev in
	--lang)
		COMPREPLY=($(compgen -W "$(_timeslice_langs "$prog")" -- "$cur"))
		return ;;
	--theme)
		COMPREPLY=($(compgen -W "dark light mono projector" -- "$cur"))
		return ;;
	--work)
		COMPREPLY=($(compgen -W "cpu io mixed" -- "$cur")); return ;;
	--start)
		COMPREPLY=($(compgen -W "fork spawn" -- "$cur")); return ;;
	--format)
		case $cmd in
		replay) COMPREPLY=($(compgen -W "text json chrome svg" \
		    -- "$cur")) ;;
		bench|check|verify|exercise)
			COMPREPLY=($(compgen -W "text json" -- "$cur")) ;;
		cheatsheet) COMPREPLY=($(compgen -W "text svg" -- "$cur")) ;;
		trace) COMPREPLY=($(compgen -W "text json chrome svg" -- "$cur")) ;;
		*) COMPREPLY=($(compgen -W "text json chrome svg" -- "$cur")) ;;
		esac
		return ;;
	--out|--watch|--check)
		COMPREPLY=($(compgen -f -- "$cur")); return ;;
	--export-dir|--record)
		COMPREPLY=($(compgen -d -- "$cur")); return ;;
	--pid)
		COMPREPLY=($(compgen -W "$(ps -u "$(id -u)" -o pid= 2>/dev/null)" \
		    -- "$cur"))
		return ;;
	--workers|--units|--unit-ms|--switch-interval|--cores|--seed|--rate|\
	--capacity|--permits|\
	--runs)
		return ;;
	esac

	case $cmd in
	"")
		if [[ $cur == -* ]]; then
			COMPREPLY=($(compgen -W "$global" -- "$cur"))
		else
			COMPREPLY=($(compgen -W "run demo trace check verify list
			    replay notes reset bench exercise glossary cheatsheet
			    $(_timeslice_lessons "$prog")" \
			    -- "$cur"))
		fi
		;;
	run|demo)
		if [[ -z $scenario && $cur != -* ]]; then
			COMPREPLY=($(compgen -W "$(_timeslice_scenarios "$prog")" \
			    -- "$cur"))
		elif [[ $cmd == run ]]; then
			COMPREPLY=($(compgen -W "$experiment --format --out" \
			    -- "$cur"))
		else
			COMPREPLY=($(compgen -W "$experiment" -- "$cur"))
		fi
		;;
	trace)
		if [[ $cur == -* ]]; then
			COMPREPLY=($(compgen -W "--rate --no-hook --pid --format
			    --out --" -- "$cur"))
		else
			COMPREPLY=($(compgen -c -- "$cur"))
		fi
		;;
	check)
		if [[ $cur == -* ]]; then
			COMPREPLY=($(compgen -W "--strict --format" -- "$cur"))
		else
			COMPREPLY=($(compgen -f -- "$cur"))
		fi
		;;
	verify)
		if [[ $cur == -* ]]; then
			COMPREPLY=($(compgen -W "--runs --format --record
			    --reference" -- "$cur"))
		else
			COMPREPLY=($(compgen -f -- "$cur"))
		fi
		;;
	exercise)
		if [[ $cur == -* ]]; then
			COMPREPLY=($(compgen -W "--check --list --format" -- "$cur"))
		fi
		;;
	replay)
		if [[ $cur == -* ]]; then
			COMPREPLY=($(compgen -W "--format --out" -- "$cur"))
		else
			COMPREPLY=($(compgen -f -- "$cur"))
		fi
		;;
	notes)
		COMPREPLY=($(compgen -W "--lang --presenter --theme --no-save
		    --save --export-dir --watch" -- "$cur")) ;;
	reset)
		if [[ $cur == -* ]]; then
			COMPREPLY=($(compgen -W "--yes" -- "$cur"))
		elif [[ -z $scenario ]]; then
			COMPREPLY=($(compgen -W "$(_timeslice_lessons "$prog")" \
			    -- "$cur"))
		fi
		;;
	bench)
		COMPREPLY=($(compgen -W "--format" -- "$cur")) ;;
	cheatsheet)
		COMPREPLY=($(compgen -W "--format --out" -- "$cur")) ;;
	esac
}

complete -o filenames -F _timeslice timeslice
