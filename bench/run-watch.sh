#!/usr/bin/env bash
# Watch latency (W): change of a watched file -> start of the script it runs, p50 and p99, for
# native file events (debounce 50 ms, the default, and 0) and for polling every 0.1 s and every 5 s
# (otumat's default), in ONE run of dev.upkeep.bench.watch.WatchLatencyBench (upkeep-watch's API
# in-process; the script appends `date +%s%N` to a log). Also measures the spawn floor: the same
# script started directly, no watch. Prints the machine, then a Markdown table.
#
# Usage: bench/run-watch.sh
# Environment (all optional):
#   CHANGES=200            measured changes per mode (after WARMUP unmeasured ones)
#   WARMUP=10
#   MODES=native,native-debounce0,poll-0.1,poll-5
#   REBUILD=0              1 rebuilds bench/target/upkeep-bench.jar even when it exists
#   KEEP=0                 1 keeps the temp dir (scripts, logs)
# Takes about CHANGES x (interval) for each polling mode: some 17 minutes at the defaults.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CHANGES=${CHANGES:-200}
WARMUP=${WARMUP:-10}
MODES=${MODES:-native,native-debounce0,poll-0.1,poll-5}
BENCH_JAR=$ROOT/bench/target/upkeep-bench.jar

BENCH_NAME=run-watch
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"
require_tools java date awk sha256sum

WORK=$(mktemp -d -t upkeep-bench-watch.XXXXXX)
cleanup() {
  local rc=$?
  remove_work "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if [[ ! -f $BENCH_JAR || ${REBUILD:-0} == 1 ]]; then
  log "building upkeep-bench.jar"
  # shellcheck disable=SC2054 # the commas separate Maven modules, not array elements
  args=(-q -Pbench -Dmaven.test.skip=true -Dspotless.check.skip=true package -pl bench -am)
  maven_build "${args[@]}"
fi
private_copies "$BENCH_JAR"

log "machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.1f GB", $2 / 1048576 }' /proc/meminfo)," \
  "$(uname -sr), $(java -version 2>&1 | head -1), busy cores before: $(busy_cores)"
log "file system of $WORK: $(df -T "$WORK" | awk 'NR == 2 { print $2 }')"
log "tree: $TREE; modes $MODES; $CHANGES changes each after $WARMUP warm-up changes"

java -cp "$WORK/upkeep-bench.jar" dev.upkeep.bench.watch.WatchLatencyBench \
  --modes="$MODES" --changes="$CHANGES" --warmup="$WARMUP" --dir="$WORK"
log "busy cores after: $(busy_cores)"
