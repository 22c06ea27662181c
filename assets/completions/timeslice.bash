# bash completion for timeslice(1): commands, lesson ids, scenarios, options.
# Scenarios and lesson ids come from the program itself (`run --help` and
# `list`), so they follow the installed course.

_timeslice_scenarios()
{
	"$1" run --help 2>/dev/null | awk '/^  [a-z]/ { print $1 }'
}

_timeslice_lessons()
{
	"$1" list 2>/dev/null | awk 'NR > 1 && $2 != "" { print $2 }'
}

_timeslice()
{
	local prog=${COMP_WORDS[0]} cur=${COMP_WORDS[COMP_CWORD]}
	local prev=${COMP_WORDS[COMP_CWORD-1]} cmd="" scenario="" i w
	local global="--lang --presenter --watch --help --version"
	local experiment="--workers --work --units --unit-ms --switch-interval
	    --old-gil --cores --seed --ordered --no-baseline"

	# The command (and for run and demo the scenario) typed so far.
	for ((i = 1; i < COMP_CWORD; i++)); do
		w=${COMP_WORDS[i]}
		case $w in
		--lang|--watch) ((i++)) ;;
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
		COMPREPLY=($(compgen -W "es en" -- "$cur")); return ;;
	--work)
		COMPREPLY=($(compgen -W "cpu io mixed" -- "$cur")); return ;;
	--format)
		case $cmd in
		replay) COMPREPLY=($(compgen -W "text chrome" -- "$cur")) ;;
		bench) COMPREPLY=($(compgen -W "text json" -- "$cur")) ;;
		*) COMPREPLY=($(compgen -W "text json chrome" -- "$cur")) ;;
		esac
		return ;;
	--out|--watch)
		COMPREPLY=($(compgen -f -- "$cur")); return ;;
	--workers|--units|--unit-ms|--switch-interval|--cores|--seed)
		return ;;
	esac

	case $cmd in
	"")
		if [[ $cur == -* ]]; then
			COMPREPLY=($(compgen -W "$global" -- "$cur"))
		else
			COMPREPLY=($(compgen -W "run demo check list replay notes
			    bench $(_timeslice_lessons "$prog")" -- "$cur"))
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
	check)
		COMPREPLY=($(compgen -f -- "$cur")) ;;
	replay)
		if [[ $cur == -* ]]; then
			COMPREPLY=($(compgen -W "--format" -- "$cur"))
		else
			COMPREPLY=($(compgen -f -- "$cur"))
		fi
		;;
	bench)
		COMPREPLY=($(compgen -W "--format" -- "$cur")) ;;
	esac
}

complete -o filenames -F _timeslice timeslice
