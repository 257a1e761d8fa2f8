#!/usr/bin/env bash
# Batched-ingest benchmark (B): POST /v1/events with 100 events per request against a raw batched
# JDBC insert of the same rows into SQLite, in one run (dev.upkeep.bench.BatchedIngestBench).
# Prints a Markdown table with both rates and the ratio to stdout, progress to stderr.
#
# Usage: bench/run-batched.sh [--name=value ...]   (options passed to the program as they are)
# Environment (all optional; options given on the command line win):
#   DURATION=20s  WARMUP=30s  CLIENTS=8  BATCH=100  SYNCHRONOUS=FULL
#   JAVA_OPTS=    JVM options for the benchmark JVM (default: none, the JVM's defaults)
#   REBUILD=0     skip the Maven build when bench/target/upkeep-bench.jar exists
#   QUIET_WAIT=0  seconds to wait for the machine to be idle (< 0.2 busy cores) first
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
JAR=$ROOT/bench/target/upkeep-bench.jar

BENCH_NAME=run-batched
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"

require_tools java

if [[ ${REBUILD:-1} == 1 || ! -f $JAR ]]; then
  log "building $JAR"
  # -Dmaven.test.skip (not only -DskipTests): test sources are not compiled at all, so a test
  # being edited elsewhere in the tree cannot break the benchmark build.
  # shellcheck disable=SC2054 # the comma separates Maven modules, not array elements
  args=(-q -Pbench -Dmaven.test.skip=true -Dspotless.check.skip=true install -pl bench -am)
  maven_build "${args[@]}"
fi

# Pre-flight: wait up to QUIET_WAIT seconds for a quiet machine (the program reports the CPU used
# outside its JVM during each phase anyway).
wait_quiet "${QUIET_WAIT:-0}"
log "machine busy before the run (2 s sample): $BEFORE cores"

opts=(
  "--duration=${DURATION:-20s}"
  "--warmup=${WARMUP:-30s}"
  "--clients=${CLIENTS:-8}"
  "--batch=${BATCH:-100}"
  "--synchronous=${SYNCHRONOUS:-FULL}"
)
log "java ${JAVA_OPTS:-} -jar $JAR ${opts[*]} $*"
# shellcheck disable=SC2086 # JAVA_OPTS is a list of options
exec java ${JAVA_OPTS:-} -jar "$JAR" "${opts[@]}" "$@"
