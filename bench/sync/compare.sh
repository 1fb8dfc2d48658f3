#!/usr/bin/env bash
# Import and first sync of 100,000 executions by the release binary of another commit and of this tree, in
# turns, against one simulator: a change's cost, measured on the same machine at the same time.
#
# Usage: bench/sync/compare.sh REV [ROUNDS]     (builds REV in a git worktree under $TMPDIR)
set -euo pipefail
rev=${1:?usage: bench/sync/compare.sh REV [ROUNDS]}
rounds=${2:-3}
root=$(cd "$(dirname "$0")/../.." && pwd)
tmp=${TMPDIR:-/tmp}
other="$tmp/apptrail-compare-$(git -C "$root" rev-parse --short "$rev")"
[ -d "$other" ] || git -C "$root" worktree add -f "$other" "$rev" >/dev/null
(cd "$other" && swift build -c release --product apptrail >/dev/null)
(cd "$root" && swift build -c release --product apptrail >/dev/null && swift build -c release --product kestra-sim >/dev/null)
work=$(mktemp -d)
trap 'kill $sim 2>/dev/null || true; rm -rf "$work"' EXIT
sim_bin="$root/.build/release/kestra-sim"
"$sim_bin" dump --seed 1 --executions 100000 --edition oss --api-version 1 --now 2026-11-25T12:00:00Z > "$work/ex.ndjson"
"$sim_bin" serve --port 0 --seed 1 --executions 100000 --apps 8 --edition oss --api-version 1 --now 2026-11-25T12:00:00Z > "$work/sim.out" &
sim=$!
until grep -q http:// "$work/sim.out" 2>/dev/null; do sleep 0.2; done
url=$(grep -o 'http://[^ ]*' "$work/sim.out")
export APPTRAIL_NOW=2026-11-25T12:00:00Z
seconds() { local t0; t0=$(date +%s.%N); "$@"; echo "$(date +%s.%N) - $t0" | bc; }
for round in $(seq "$rounds"); do
  for which in "$rev" tree; do
    bin="$root/.build/release/apptrail"; [ "$which" = tree ] || bin="$other/.build/release/apptrail"
    rm -f "$work"/i.db* "$work"/s.db*
    imp=$(seconds "$bin" import "$work/ex.ndjson" --db "$work/i.db" --quiet)
    syn=$(seconds "$bin" sync --server "$url" --db "$work/s.db" --quiet)
    printf '%-8s round %d: import %.2f s, sync %.2f s\n' "$which" "$round" "$imp" "$syn"
  done
done
