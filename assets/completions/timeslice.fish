# fish completion for timeslice(1): commands, lesson ids, scenarios, options.
# Scenarios and lesson ids come from the program itself (`run --help` and
# `list`), so they follow the installed course.

set -l commands run demo check list replay notes bench

function __timeslice_scenarios
    timeslice run --help 2>/dev/null | string match -r '^  [a-z][a-z-]*' | string trim
end

function __timeslice_lessons
    timeslice list 2>/dev/null | awk 'NR > 1 && $2 != "" { print $2 }'
end

# Whether run or demo has its scenario already.
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

complete -c timeslice -f
complete -c timeslice -l lang -x -a 'es en' -d 'course language'
complete -c timeslice -l presenter -d 'presenter mode'
complete -c timeslice -l watch -r -F -d 'reload a lesson when it changes'
complete -c timeslice -l help -d 'show usage'
complete -c timeslice -l version -d 'show the version'

complete -c timeslice -n "not __fish_seen_subcommand_from $commands" -a run -d 'run one experiment, print results'
complete -c timeslice -n "not __fish_seen_subcommand_from $commands" -a demo -d 'watch one experiment live'
complete -c timeslice -n "not __fish_seen_subcommand_from $commands" -a check -d 'validate lessons'
complete -c timeslice -n "not __fish_seen_subcommand_from $commands" -a list -d 'lessons with ids and progress'
complete -c timeslice -n "not __fish_seen_subcommand_from $commands" -a replay -d 'replay a recorded run'
complete -c timeslice -n "not __fish_seen_subcommand_from $commands" -a notes -d 'speaker notes for a presenter'
complete -c timeslice -n "not __fish_seen_subcommand_from $commands" -a bench -d "measure timeslice's own costs"
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
complete -c timeslice -n $exp -l no-baseline -d 'skip the sequential run'
complete -c timeslice -n "__fish_seen_subcommand_from run" -l format -x -a 'text json chrome' -d 'what to print'
complete -c timeslice -n "__fish_seen_subcommand_from run" -l out -r -F -d 'write to a file'
complete -c timeslice -n "__fish_seen_subcommand_from replay" -l format -x -a 'text chrome' -d 'what to print'
complete -c timeslice -n "__fish_seen_subcommand_from replay" -F
complete -c timeslice -n "__fish_seen_subcommand_from bench" -l format -x -a 'text json' -d 'what to print'
complete -c timeslice -n "__fish_seen_subcommand_from check" -F
