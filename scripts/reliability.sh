#!/usr/bin/env bash
# Runs the fault, crash, full-disk, concurrency, hostile-input and secrets suites and prints the figures of
# docs/reliability.md: each scenario's `reliability:` line, then the test totals and the wall time.
set -uo pipefail
cd "$(dirname "$0")/.."
swift build --build-tests >/dev/null || exit $?
log=$(mktemp)
started=$(date +%s)
# In-process simulators (the fault scenarios) and end-to-end tests, which hold threads of the cooperative pool
# while they wait for processes, run one after the other.
swift test --skip-build --filter 'FaultScenarioTests|DecoderHostileCorpusTests' >"$log" 2>&1
status=$?
swift test --skip-build --filter 'Reliability|HostileInputTests|SecretsTests' >>"$log" 2>&1 || status=$?
elapsed=$(( $(date +%s) - started ))
grep -E '^reliability: |^secrets: ' "$log" | sort
grep -E '✘' "$log" | head -20
grep -E '^✔ Test run with|^✘ Test run with' "$log"
echo "wall time: ${elapsed} s"
rm -f "$log"
exit $status
