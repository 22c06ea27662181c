#!/bin/sh
# run.sh - build a fuzz target with clang (libFuzzer, ASan, UBSan) and run
# it. Not part of the default build. Two targets:
#
#   lesson   the lesson parser and checker (fuzz_lesson.c, corpus/)
#   layout   a lesson laid out at many widths (fuzz_layout.c,
#            corpus-layout/, seeded from corpus/ too)
#
#   tests/fuzz/run.sh [TARGET] [SECONDS]   fuzz for SECONDS (default 600)
#   tests/fuzz/run.sh [TARGET] merge       minimise the corpus in place
#
# TARGET defaults to lesson. New inputs go to a scratch folder; `merge`
# folds the interesting ones into the target's corpus (keep it under
# 300 files).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
out=${FUZZ_OUT:-$top/build-fuzz}

target=lesson
case ${1:-} in
lesson|layout)
	target=$1
	shift
	;;
esac

srcs=$(ls "$top"/src/util.c "$top"/src/i18n.c "$top"/src/trace/*.c \
    "$top"/src/engine/*.c "$top"/src/lesson/*.c)
corpus=$here/corpus
seeds=
dict=$here/lesson.dict
if [ "$target" = layout ]; then
	srcs="$srcs $top/src/store/progress.c $top/src/ui/canvas.c \
	    $top/src/ui/rows.c $top/src/ui/prose.c $top/src/ui/quiz.c \
	    $top/src/ui/layout.c"
	corpus=$here/corpus-layout
	seeds=$here/corpus
	dict=$here/layout.dict
fi
bin=$out/fuzz_$target
new=$out/new-$target
mkdir -p "$new" "$corpus"

# shellcheck disable=SC2086
clang -g -O1 -std=c11 -D_GNU_SOURCE -DTIMESLICE_VERSION='"fuzz"' \
    -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
    -I"$top/src" "$here/fuzz_$target.c" $srcs \
    -lcmark -ljson-c -lpthread -lm -o "$bin"

if [ "${1:-}" = merge ]; then
	mkdir -p "$out/merged"
	rm -f "$out/merged"/*
	# Edges only (no hit counters): keeps every branch reached while
	# keeping the committed corpus small.
	"$bin" -merge=1 -use_counters=0 -use_value_profile=0 \
	    "$out/merged" "$corpus" "$new"
	rm -f "$corpus"/*
	cp "$out/merged"/* "$corpus/"
	echo "corpus: $(ls "$corpus" | wc -l) files"
	exit 0
fi
secs=${1:-600}
# shellcheck disable=SC2086
ASAN_OPTIONS=detect_leaks=1 "$bin" -max_total_time="$secs" \
    -max_len=8192 -timeout=10 -rss_limit_mb=2048 \
    -dict="$dict" "$new" "$corpus" $seeds
