#!/bin/sh
# run_replay.sh - build the replay-file fuzz target with clang (libFuzzer,
# ASan, UBSan) and run it. Not part of the default build; the unit suite
# replays the committed corpus (tests/fuzz/replay_corpus/) on every run.
#
#   tests/fuzz/run_replay.sh [SECONDS]    fuzz for SECONDS (default 600)
#   tests/fuzz/run_replay.sh merge        minimise the corpus in place
#
# New inputs go to a scratch folder; `merge` folds the interesting ones
# into the committed corpus (keep it under 100 small files). The seeds were
# real recordings (`timeslice run SCENARIO --format chrome` on tiny runs);
# files named crash-* are inputs that once failed, kept whatever the merge
# thinks of them.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
out=${FUZZ_OUT:-$top/build-fuzz}
corpus=$here/replay_corpus
mkdir -p "$out/replay-new"

srcs=$(ls "$top"/src/util.c "$top"/src/trace/*.c)
clang -g -O1 -std=c11 -D_GNU_SOURCE -DTIMESLICE_VERSION='"fuzz"' \
    -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
    -I"$top/src" "$here/fuzz_replay.c" $srcs \
    -ljson-c -lpthread -lm -o "$out/fuzz_replay"

if [ "${1:-}" = merge ]; then
	rm -rf "$out/replay-merged"
	mkdir -p "$out/replay-merged"
	# Edges only (no hit counters): every branch reached, few files.
	"$out/fuzz_replay" -merge=1 -use_counters=0 -use_value_profile=0 \
	    -max_len=16384 "$out/replay-merged" "$corpus" "$out/replay-new"
	find "$corpus" -type f ! -name 'crash-*' -delete
	cp "$out/replay-merged"/* "$corpus/"
	echo "corpus: $(ls "$corpus" | wc -l) files"
	exit 0
fi
secs=${1:-600}
ASAN_OPTIONS=detect_leaks=1 "$out/fuzz_replay" -max_total_time="$secs" \
    -max_len=16384 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$out/replay-" \
    -dict="$here/replay.dict" "$out/replay-new" "$corpus"
