#!/bin/sh
# run.sh - build the lesson parser fuzz target with clang (libFuzzer, ASan,
# UBSan) and run it. Not part of the default build.
#
#   tests/fuzz/run.sh [SECONDS]       fuzz for SECONDS (default 600)
#   tests/fuzz/run.sh merge           minimise the corpus in place
#
# New inputs go to a scratch folder; `merge` folds the interesting ones
# into tests/fuzz/corpus/ (keep it under 300 files).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
out=${FUZZ_OUT:-$top/build-fuzz}
mkdir -p "$out/new"

srcs=$(ls "$top"/src/util.c "$top"/src/i18n.c "$top"/src/trace/*.c \
    "$top"/src/engine/*.c "$top"/src/lesson/*.c)
clang -g -O1 -std=c11 -D_GNU_SOURCE -DTIMESLICE_VERSION='"fuzz"' \
    -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
    -I"$top/src" "$here/fuzz_lesson.c" $srcs \
    -lcmark -ljson-c -lpthread -lm -o "$out/fuzz_lesson"

if [ "${1:-}" = merge ]; then
	mkdir -p "$out/merged"
	rm -f "$out/merged"/*
	# Edges only (no hit counters): keeps every branch reached while
	# keeping the committed corpus small.
	"$out/fuzz_lesson" -merge=1 -use_counters=0 -use_value_profile=0 \
	    "$out/merged" "$here/corpus" "$out/new"
	rm -f "$here/corpus"/*
	cp "$out/merged"/* "$here/corpus/"
	echo "corpus: $(ls "$here/corpus" | wc -l) files"
	exit 0
fi
secs=${1:-600}
ASAN_OPTIONS=detect_leaks=1 "$out/fuzz_lesson" -max_total_time="$secs" \
    -max_len=8192 -timeout=10 -rss_limit_mb=2048 \
    -dict="$here/lesson.dict" "$out/new" "$here/corpus"
