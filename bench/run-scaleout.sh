#!/usr/bin/env bash
# Scale-out benchmark (issue 15): one and then two `upkeep serve` JVMs on one PostgreSQL database,
# driven by the same load (v1 batched events with ids, then migas breadcrumbs; users shared by
# every client), with the CPU of the collectors, of the PostgreSQL processes working for them and
# of the load generator (dev.upkeep.bench.ScaleOutBench). Prints a Markdown table with events/s,
# CPU per event and events per CPU-second of collectors + database, and the ratio two / one
# (budget >= 0.80) to stdout, progress to stderr.
#
# Usage: bench/run-scaleout.sh [--name=value ...]   (options passed to ScaleOutBench as they are)
# Environment (all optional; options given on the command line win):
#   DURATION=30s  WARMUP=40s          measured phase and the warm-up before it, per run (new JVMs:
#                                     the collectors JIT-compile through the warm-up)
#   LOADS="batched breadcrumb"        load kinds, each with every number of collectors
#   COLLECTORS="1 2"                  numbers of collectors
#   CLIENTS=16 BREADCRUMB_CLIENTS=64 BATCH=100   client threads (batched, breadcrumb), events a batch
#   BATCHED_RATE=0 BREADCRUMB_RATE=0  events/s offered by all clients together (open loop, the same
#                                     for one and two collectors: cost per event at equal load);
#                                     0 sends as fast as the collectors answer (closed loop)
#   DATABASE_URL=jdbc:postgresql://127.0.0.1:5432/test?user=postgres   each run gets a new schema,
#                                     dropped after it
#   COLLECTOR_OPTS=                   JVM options of the collectors (e.g. -Xmx512m)
#   JAVA_OPTS=                        JVM options of the benchmark JVM (the load generator)
#   REBUILD=1                         0 reuses upkeep-cli/target/upkeep.jar and bench/target/upkeep-bench.jar
#   QUIET_WAIT=0                      seconds to wait for the machine to be idle (< 0.2 busy cores) first
#   KEEP=0                            1 keeps the schemas and the collectors' logs
#   PROFILE=0                         1 samples what the collectors' PostgreSQL backends are doing
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CLI_JAR=$ROOT/upkeep-cli/target/upkeep.jar
BENCH_JAR=$ROOT/bench/target/upkeep-bench.jar

BENCH_NAME=run-scaleout
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"

require_tools java sha256sum
if [[ ${REBUILD:-1} == 1 || ! -f $CLI_JAR || ! -f $BENCH_JAR ]]; then
  # package, not install: nothing is written to the local repository other builds read.
  # shellcheck disable=SC2054 # the comma separates Maven modules, not array elements
  args=(-q -Pbench -Dmaven.test.skip=true -Dspotless.check.skip=true package -pl upkeep-cli,bench -am)
  log "building: mvn ${args[*]}"
  maven_build "${args[@]}"
fi

# Private copies: a build elsewhere in the tree may replace the jars during the run.
WORK=$(mktemp -d -t upkeep-bench-scaleout.XXXXXX)
trap 'remove_work $?' EXIT
private_copies "$CLI_JAR" "$BENCH_JAR"
log "tree $TREE"

wait_quiet "${QUIET_WAIT:-0}"
log "machine busy before the run (2 s sample): $BEFORE cores"

opts=(
  "--jar=$WORK/upkeep.jar"
  "--duration=${DURATION:-30s}"
  "--warmup=${WARMUP:-40s}"
  "--loads=$(echo "${LOADS:-batched breadcrumb}" | tr ' ' ',')"
  "--collectors=$(echo "${COLLECTORS:-1 2}" | tr ' ' ',')"
  "--clients=${CLIENTS:-16}"
  "--breadcrumb-clients=${BREADCRUMB_CLIENTS:-64}"
  "--batch=${BATCH:-100}"
  "--batched-rate=${BATCHED_RATE:-0}"
  "--breadcrumb-rate=${BREADCRUMB_RATE:-0}"
  "--database-url=${DATABASE_URL:-jdbc:postgresql://127.0.0.1:5432/test?user=postgres}"
  "--keep=$([[ ${KEEP:-0} == 1 ]] && echo true || echo false)"
  "--profile=$([[ ${PROFILE:-0} == 1 ]] && echo true || echo false)"
)
if [[ -n ${COLLECTOR_OPTS:-} ]]; then opts+=("--collector-opts=$COLLECTOR_OPTS"); fi
log "java ${JAVA_OPTS:-} -cp $WORK/upkeep-bench.jar dev.upkeep.bench.ScaleOutBench ${opts[*]} $*"
# shellcheck disable=SC2086 # JAVA_OPTS is a list of options
java ${JAVA_OPTS:-} -cp "$WORK/upkeep-bench.jar" dev.upkeep.bench.ScaleOutBench "${opts[@]}" "$@"
