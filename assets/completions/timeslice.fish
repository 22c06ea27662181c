# fish completion for timeslice(1): commands, lesson ids, scenarios, options.
# Scenarios, languages and lesson ids come from the program itself
# (`run --help`, `--help` and `list`), so they follow the installed course.

set -l commands run demo trace check verify list replay notes reset bench exercise glossary cheatsheet

function __timeslice_scenarios
    timeslice run --help 2>/dev/null | string match -r '^  [a-z][a-z-]*' | string trim
end

function __timeslice_langs
    timeslice --help 2>/dev/null | string replace -rf '^LANG is .*: ' '' | string split ', '
end

function __timeslice_lessons
    timeslice list 2>/dev/null | awk 'NR > 1 && $2 != "" { print $2 }'
end

# Whether run or demo has its scenario already (reset its lesson).
function __timeslice_has_scenario
    set -l words (commandline -opc)
    set -l seen 0
    for w in $words[2..-1]
        if string match -q -- '-*' $w
            continue
        end
        set seen (math $seen + 1)
    end
    test $seen -ge 2
end

# Whether trace has reached the program it watches (after `--` or the
# first word that is not an option).
function __timeslice_trace_cmd
    set -l words (commandline -opc)
    set -l i (contains -i -- trace $words); or return 1
    set -l takes_value --rate --format --out --pid
    set i (math $i + 1)
    while test $i -le (count $words)
        set -l w $words[$i]
        if test "$w" = --; or not string match -q -- '-*' $w
            return 0
        end
        if contains -- $w $takes_value
            set i (math $i + 1)
        end
        set i (math $i + 1)
    end
    return 1
end

# Completes the words after trace's program as that program's own.
function __timeslice_trace_complete
    set -l words (commandline -opc) (commandline -ct)
    set -l i (contains -i -- trace $words)
    set -l takes_value --rate --format --out --pid
    set i (math $i + 1)
    while test $i -le (count $words)
        set -l w $words[$i]
        if test "$w" = --
            set i (math $i + 1)
            break
        end
        if not string match -q -- '-*' $w
            break
        end
        if contains -- $w $takes_value
            set i (math $i + 1)
        end
        set i (math $i + 1)
    end
    complete -C (string join ' ' -- (string escape -- $words[$i..-1]))
end

# The global options go before the command, or after notes.
set -l global "not __fish_seen_subcommand_from $commands; or __fish_seen_subcommand_from notes"
complete -c timeslice -f
complete -c timeslice -n $global -l lang -x -a '(__timeslice_langs)' -d 'course language'
complete -c timeslice -n $global -l presenter -d 'presenter mode: projector theme, step by step'
complete -c timeslice -n $global -l theme -x -a 'dark light mono projector' -d 'colours'
complete -c timeslice -n $global -l no-save -d 'record nothing (a rehearsal)'
complete -c timeslice -n $global -l save -d 'presenter mode: save the answers too'
complete -c timeslice -n $global -l export-dir -x -a '(__fish_complete_directories)' -d 'where e in a demo writes'
complete -c timeslice -n $global -l watch -r -F -d 'reload a lesson when it changes'
complete -c timeslice -n "not __fish_seen_subcommand_from $commands" -l help -d 'show usage'
complete -c timeslice -n "not __fish_seen_subcommand_from $commands" -l version -d 'show the version'

complete -c timeslice -n "not __fish_seen_subcommand_from $commands" -a run -d 'run one experiment, print results'
complete -c timeslice -n "not __fish_seen_subcommand_from $commands" -a demo -d 'watch one experiment live'
complete -c timeslice -n "not __fish_seen_subcommand_from $commands" -a trace -d "watch a real program's threads"
complete -c timeslice -n "not __fish_seen_subcommand_from $commands" -a check -d 'validate lessons'
complete -c timeslice -n "not __fish_seen_subcommand_from $commands" -a verify -d 'run and judge every prediction'
complete -c timeslice -n "not __fish_seen_subcommand_from $commands" -a exercise -d 'grade an exercise, list them'
complete -c timeslice -n "not __fish_seen_subcommand_from $commands" -a list -d 'lessons with ids and progress'
complete -c timeslice -n "not __fish_seen_subcommand_from $commands" -a replay -d 'replay a recorded run'
complete -c timeslice -n "not __fish_seen_subcommand_from $commands" -a notes -d 'speaker notes for a presenter'
complete -c timeslice -n "not __fish_seen_subcommand_from $commands" -a reset -d 'clear saved progress'
complete -c timeslice -n "not __fish_seen_subcommand_from $commands" -a bench -d "measure timeslice's own costs"
complete -c timeslice -n "not __fish_seen_subcommand_from $commands" -a glossary -d 'a term of the course, or all of them'
complete -c timeslice -n "not __fish_seen_subcommand_from $commands" -a cheatsheet -d 'threads, processes, asyncio on a page'
complete -c timeslice -n "not __fish_seen_subcommand_from $commands" -a '(__timeslice_lessons)' -d lesson

set -l exp "__fish_seen_subcommand_from run demo"
complete -c timeslice -n "$exp; and not __timeslice_has_scenario" -a '(__timeslice_scenarios)' -d scenario
complete -c timeslice -n $exp -l workers -x -d 'threads, processes (1-64), tasks (1-10000)'
complete -c timeslice -n $exp -l work -x -a 'cpu io mixed' -d 'what one work item does'
complete -c timeslice -n $exp -l units -x -d 'total work items'
complete -c timeslice -n $exp -l unit-ms -x -d 'size of one item in ms'
complete -c timeslice -n $exp -l switch-interval -x -d 'GIL switch interval in ms'
complete -c timeslice -n $exp -l old-gil -d 'Python 2 GIL'
complete -c timeslice -n $exp -l cores -x -d 'CPUs the workers may use'
complete -c timeslice -n $exp -l seed -x -d 'seed for randomised work'
complete -c timeslice -n $exp -l ordered -d 'deadlock: take the locks in one order'
complete -c timeslice -n $exp -l capacity -x -d 'queue: items the queue holds (1-64)'
complete -c timeslice -n $exp -l permits -x -d 'semaphore: threads inside at once (1-64)'
complete -c timeslice -n $exp -l start -x -a 'fork spawn' -d 'processes: how a worker starts'
complete -c timeslice -n $exp -l no-baseline -d 'skip the sequential run'
complete -c timeslice -n "__fish_seen_subcommand_from run" -l format -x -a 'text json chrome svg' -d 'what to print'
complete -c timeslice -n "__fish_seen_subcommand_from run" -l out -r -F -d 'write to a file'

set -l trace_opts "__fish_seen_subcommand_from trace; and not __timeslice_trace_cmd"
complete -c timeslice -n $trace_opts -l rate -x -d 'samples per second (1-5000)'
complete -c timeslice -n $trace_opts -l no-hook -d "no Python hook on the program's path"
complete -c timeslice -n $trace_opts -l pid -x -a '(__fish_complete_pids)' -d 'watch a running process'
complete -c timeslice -n $trace_opts -l format -x -a 'text json chrome svg' -d 'what to print'
complete -c timeslice -n $trace_opts -l out -r -F -d 'write to a file'
complete -c timeslice -n $trace_opts -a '(__fish_complete_command)' -d 'program to watch'
complete -c timeslice -n "__fish_seen_subcommand_from trace; and __timeslice_trace_cmd" -a '(__timeslice_trace_complete)'

complete -c timeslice -n "__fish_seen_subcommand_from verify" -l runs -x -d 'runs per prediction (1-16)'
complete -c timeslice -n "__fish_seen_subcommand_from verify" -l format -x -a 'text json' -d 'what to print'
complete -c timeslice -n "__fish_seen_subcommand_from verify" -l record -x -a '(__fish_complete_directories)' -d 'write what was measured'
complete -c timeslice -n "__fish_seen_subcommand_from verify" -l reference -d 'judge the shipped recordings'
complete -c timeslice -n "__fish_seen_subcommand_from verify" -F
complete -c timeslice -n "__fish_seen_subcommand_from exercise" -l check -r -F -d 'grade this Python file'
complete -c timeslice -n "__fish_seen_subcommand_from exercise" -l list -d 'every exercise and its status'
complete -c timeslice -n "__fish_seen_subcommand_from exercise" -l format -x -a 'text json' -d 'what to print'

complete -c timeslice -n "__fish_seen_subcommand_from check" -l strict -d 'warnings fail too'
complete -c timeslice -n "__fish_seen_subcommand_from check" -l format -x -a 'text json' -d 'what to print'
complete -c timeslice -n "__fish_seen_subcommand_from check" -F

complete -c timeslice -n "__fish_seen_subcommand_from replay" -l format -x -a 'text json chrome svg' -d 'what to print'
complete -c timeslice -n "__fish_seen_subcommand_from replay" -l out -r -F -d 'write to a file'
complete -c timeslice -n "__fish_seen_subcommand_from replay" -F

complete -c timeslice -n "__fish_seen_subcommand_from reset" -s y -l yes -d 'do not ask'
complete -c timeslice -n "__fish_seen_subcommand_from reset; and not __timeslice_has_scenario" -a '(__timeslice_lessons)' -d lesson

complete -c timeslice -n "__fish_seen_subcommand_from bench" -l format -x -a 'text json' -d 'what to print'
complete -c timeslice -n "__fish_seen_subcommand_from cheatsheet" -l format -x -a 'text svg' -d 'what to print'
complete -c timeslice -n "__fish_seen_subcommand_from cheatsheet" -l out -r -F -d 'write to a file'
