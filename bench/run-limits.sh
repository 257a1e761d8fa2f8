#!/usr/bin/env bash
# Rate-limit store benchmark (L): the cost of one limit decision in memory, in the local PostgreSQL
# and in the local Redis (dev.upkeep.bench.LimitStoreBench): a request's window and a breadcrumb's
# admission (client bucket, project bucket, daily cap), latency on one thread, throughput on many.
# Prints a Markdown table to stdout, progress to stderr. See docs/security.md, "Rate limits across
# collectors".
#
# Usage: bench/run-limits.sh [--name=value ...]   (options passed to the program as they are)
# Environment (all optional; options given on the command line win):
#   DURATION=10  WARMUP=5  THREADS=16  BACKENDS=memory,postgres,redis
#   POSTGRES=jdbc:postgresql://127.0.0.1:5432/test?user=postgres   (a schema is made and dropped)
#   REDIS=redis://127.0.0.1:6379/0   (keys under a random prefix, deleted after)
#   JAVA_OPTS=    JVM options of the benchmark JVM
#   REBUILD=1     0 reuses bench/target/upkeep-bench.jar
#   QUIET_WAIT=0  seconds to wait for the machine to be idle (< 0.2 busy cores) first
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
JAR=$ROOT/bench/target/upkeep-bench.jar

BENCH_NAME=run-limits
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"

require_tools java

if [[ ${REBUILD:-1} == 1 || ! -f $JAR ]]; then
  log "building $JAR"
  # package, not install: the reactor resolves the server from its own build
  # shellcheck disable=SC2054 # the comma separates Maven modules, not array elements
  maven_build -q -Pbench -Dmaven.test.skip=true -Dspotless.check.skip=true package -pl bench -am
fi

wait_quiet "${QUIET_WAIT:-0}"
log "machine busy before the run (2 s sample): $BEFORE cores"

opts=(
  "--duration=${DURATION:-10}"
  "--warmup=${WARMUP:-5}"
  "--threads=${THREADS:-16}"
  "--backends=${BACKENDS:-memory,postgres,redis}"
  "--postgres=${POSTGRES:-jdbc:postgresql://127.0.0.1:5432/test?user=postgres}"
  "--redis=${REDIS:-redis://127.0.0.1:6379/0}"
)
log "java ${JAVA_OPTS:-} -cp $JAR dev.upkeep.bench.LimitStoreBench ${opts[*]} $*"
# shellcheck disable=SC2086 # JAVA_OPTS is a list of options
exec java ${JAVA_OPTS:-} -cp "$JAR" dev.upkeep.bench.LimitStoreBench "${opts[@]}" "$@"
