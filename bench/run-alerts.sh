#!/usr/bin/env bash
# Alert evaluation cost (issue 21): every rule of every project of an `upkeep demo` store (five
# rules per project, one of each kind), evaluated by the collector's own evaluator, CPU per
# evaluation; beside it, in the same run, the same per-version numbers counted with plain SQL over
# the raw events (dev.upkeep.bench.AlertEvalBench). Prints one Markdown table row to stdout.
#
# Usage: bench/run-alerts.sh   (the budget's run: SIZE=10000000, the default)
# Environment (all optional):
#   SIZE=10000000   events of the demo store, made (or reused) by bench/run-queries.sh
#   EVALUATIONS=20  evaluations timed after 3 warm-up ones
#   RAW=2           passes of the plain-SQL anchor over every project
#   QUIET_WAIT=0    seconds to wait for the machine to be idle (< 0.2 busy cores) first
set -euo pipefail

export BENCH_NAME=run-alerts
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"

SIZE=${SIZE:-10000000}
store=$(SIZES=$SIZE STORES=sqlite GENERATE_ONLY=1 "$ROOT/bench/run-queries.sh" | tail -n 1)
[[ -d $store ]] || die "no demo store of $SIZE events: $store"
wait_quiet "${QUIET_WAIT:-0}"
log "machine busy before the run: $(busy_cores) cores"
echo "| store | projects | rules | fired in warm-up | evaluation CPU (median / max) | wall (median / max) | plain SQL CPU (median / max) | wall (median / max) |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
java -cp "$ROOT/bench/target/upkeep-bench.jar" dev.upkeep.bench.AlertEvalBench --store="$store" \
  --evaluations="${EVALUATIONS:-20}" --raw="${RAW:-2}" 2> >(grep -v ' INFO ' >&2)
