#!/usr/bin/env bash
# Batched-ingest benchmark (B): POST /v1/events with 100 events per request against a raw batched
# JDBC insert of the same rows into SQLite, and the same two on PostgreSQL, in one run
# (dev.upkeep.bench.BatchedIngestBench). Prints a Markdown table with the rates, the CPU per event
# (collector plus database) and the ratios (server/raw on SQLite, server on PostgreSQL / server on
# SQLite) to stdout, progress to stderr.
#
# Usage: bench/run-batched.sh [--name=value ...]   (options passed to the program as they are)
# Environment (all optional; options given on the command line win):
#   DURATION=20s  WARMUP=30s  CLIENTS=8  BATCH=100  SYNCHRONOUS=FULL
#   PG_WRITERS=1  the collector's ingest-writers on PostgreSQL (writer threads committing at once)
#   PROFILE=0     1 samples the writer thread in the server paths (where its time goes; costs CPU)
#   STORES="sqlite postgres"   sqlite: paths raw + server; postgres: raw-pg + server-pg
#   DATABASE_URL=jdbc:postgresql://127.0.0.1:5432/test?user=postgres   the PostgreSQL server; each
#                 PostgreSQL path gets a new schema there, dropped after it
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
  # package, not install: -am builds the modules bench depends on in the same reactor, so nothing
  # is written to the local repository (~/.m2) that other builds read.
  args=(-q -Pbench -Dmaven.test.skip=true -Dspotless.check.skip=true package -pl bench -am)
  maven_build "${args[@]}"
fi

# Pre-flight: wait up to QUIET_WAIT seconds for a quiet machine (the program reports the CPU used
# outside its JVM during each phase anyway).
wait_quiet "${QUIET_WAIT:-0}"
log "machine busy before the run (2 s sample): $BEFORE cores"

STORES=${STORES:-sqlite postgres}
paths=()
for store in $STORES; do
  case $store in
    sqlite) paths+=(raw server) ;;
    postgres) paths+=(raw-pg server-pg) ;;
    *) die "STORES takes sqlite and postgres, was $store" ;;
  esac
done
opts=(
  "--duration=${DURATION:-20s}"
  "--warmup=${WARMUP:-30s}"
  "--clients=${CLIENTS:-8}"
  "--batch=${BATCH:-100}"
  "--synchronous=${SYNCHRONOUS:-FULL}"
  "--paths=$(IFS=,; echo "${paths[*]}")"
  "--pg-writers=${PG_WRITERS:-1}"
  "--profile=$([[ ${PROFILE:-0} == 1 ]] && echo true || echo false)"
)
if [[ " $STORES " == *" postgres "* ]]; then
  opts+=("--database-url=${DATABASE_URL:-jdbc:postgresql://127.0.0.1:5432/test?user=postgres}")
fi
log "java ${JAVA_OPTS:-} -jar $JAR ${opts[*]} $*"
# shellcheck disable=SC2086 # JAVA_OPTS is a list of options
exec java ${JAVA_OPTS:-} -jar "$JAR" "${opts[@]}" "$@"
