#!/usr/bin/env bash
# Fuzzes the page decoder and the ingest path (Sources/apptrail-fuzz) with libFuzzer for SECONDS (default 60).
#
#   scripts/fuzz.sh [SECONDS]
#
# Builds apptrail-fuzz with -DFUZZING -sanitize=fuzzer,address into .build-fuzz (a scratch path of its
# own, so the normal .build is untouched), seeds it with bench/fuzz/seeds and the hostile corpus
# (Tests/Fixtures/hostile/pages, files up to 1 MB), keeps what it learns in .build-fuzz/corpus across
# runs, and writes any crash, hang or OOM to .build-fuzz/artifacts/. Replay one with the normal build:
#   swift build --product apptrail-fuzz && .build/debug/apptrail-fuzz .build-fuzz/artifacts/crash-...
# Environment: FUZZ_RSS_MB (default 2048), FUZZ_MAX_LEN (default 65536), FUZZ_TIMEOUT (seconds per input, 10).
set -euo pipefail

seconds="${1:-60}"
cd "$(dirname "$0")/.."
scratch=.build-fuzz

swift build -c release --scratch-path "$scratch" --product apptrail-fuzz \
    -Xswiftc -DFUZZING -Xswiftc -sanitize=fuzzer,address -Xswiftc -use-ld=lld
binary="$scratch/release/apptrail-fuzz"

corpus="$scratch/corpus"
seeds="$scratch/seeds"
artifacts="$scratch/artifacts"
mkdir -p "$corpus" "$artifacts"
rm -rf "$seeds" && mkdir -p "$seeds"
# libFuzzer reads every seed whole and mutates up to -max_len: the tens-of-MB hostile inputs belong to
# the tests, not here.
find bench/fuzz/seeds Tests/Fixtures/hostile/pages -type f -size -1025k ! -name '*.tsv' ! -name '*.md' -exec cp {} "$seeds/" \;

log="$scratch/fuzz-$(date +%Y%m%d-%H%M%S).log"
echo "fuzzing for ${seconds}s: $binary (log: $log)"
status=0
# Swift's own backtracer would take the crash signal before libFuzzer could save the input.
SWIFT_BACKTRACE=enable=no ASAN_OPTIONS=detect_leaks=0 "$binary" "$corpus" "$seeds" \
    -dict=bench/fuzz/json.dict \
    -max_total_time="$seconds" \
    -rss_limit_mb="${FUZZ_RSS_MB:-2048}" \
    -max_len="${FUZZ_MAX_LEN:-65536}" \
    -timeout="${FUZZ_TIMEOUT:-10}" \
    -artifact_prefix="$artifacts/" \
    -print_final_stats=1 >"$log" 2>&1 || status=$?

grep -E '^(stat::number_of_executed_units|stat::average_exec_per_sec|stat::new_units_added|stat::peak_rss_mb)' "$log" || true
grep -E '^#[0-9]+' "$log" | tail -1 || true
if [ "$status" -ne 0 ]; then
    grep -E 'ERROR: |Fatal error|invariant broken|Test unit written' "$log" | head -5 || true
    echo "fuzz: FAILED (exit $status); see $log and $artifacts/" >&2
    exit "$status"
fi
echo "fuzz: no crash, hang or OOM in ${seconds}s"
