#!/usr/bin/env bash
# Query benchmark (Q): the biggest project of stores made by `upkeep demo` (on SQLite and on
# PostgreSQL, the same data): hits, users, users by version, users by platform and runs by status
# over 7 days, 30 days, the year and a half year from noon to noon, through the store's query API
# (EventStore.count/breakdown) and, in the same run on the same store, as plain SQL over the raw
# events table; and one dashboard view (EventStore.view, 8 questions over the year) beside the same
# questions asked one by one (dev.upkeep.bench.QueryBench). Prints a Markdown table to stdout,
# progress to stderr.
#
# Usage: bench/run-queries.sh [--name=value ...]   (options passed to QueryBench as they are)
#   The budget's run (issue 17): SIZES="10000000 30000000" PG_KEEP=1 bench/run-queries.sh \
#     --raw-iterations=1 --raw-warmup=0
# Environment (all optional):
#   QUERY_STORES=bench/target/query-stores   where the generated stores are kept and reused
#   SIZES=1000000  events per store, each size on each store (the budget's sizes:
#                  SIZES="1000000 10000000 30000000")
#   STORES="sqlite postgres"                 which stores to make and query
#   DATABASE_URL=jdbc:postgresql://127.0.0.1:5432/test?user=postgres   where the PostgreSQL stores
#                  go: one schema per size, upkeep_demo_<size>_..._<content key>
#   (QueryBench ANALYZEs a PostgreSQL store first when the server's autovacuum is off: --analyze)
#   PG_KEEP=0      1 keeps the PostgreSQL schemas after the run and reuses them the next time, as
#                  the SQLite stores are; 0 makes them anew and drops them at the end
#   SEED=42 PROJECTS=50 DAYS=365 END=2026-11-01   upkeep demo's settings (END: --end)
#   FRESH=0        1 regenerates the stores even when a matching one exists
#   REBUILD=1      0 reuses upkeep-cli/target/upkeep.jar and bench/target/upkeep-bench.jar
#   JAVA_OPTS=     JVM options of the benchmark JVM
#   QUIET_WAIT=0   seconds to wait for the machine to be idle (< 0.2 busy cores) first
#   GENERATE_ONLY=0  1 makes (or finds) the stores, prints their paths or URLs, and stops
#
# A store is reused when its directory name matches: size, seed, projects, days, end and a hash of
# what decides its content (the demo generator, the store's JDBC code and its migrations), so a
# change to any of them makes new stores. Each store directory holds demo.txt, the output of the
# `upkeep demo` that made it (its "took" line is the generator's speed); a PostgreSQL store's is
# QUERY_STORES/<schema>.txt.
set -euo pipefail

BENCH_NAME=run-queries
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"

STORE_DIR=${QUERY_STORES:-$ROOT/bench/target/query-stores}
SIZES=${SIZES:-1000000}
STORE_KINDS=${STORES:-sqlite postgres}
DATABASE_URL=${DATABASE_URL:-jdbc:postgresql://127.0.0.1:5432/test?user=postgres}
SEED=${SEED:-42}
PROJECTS=${PROJECTS:-50}
DAYS=${DAYS:-365}
END=${END:-2026-11-01}
CLI_JAR=$ROOT/upkeep-cli/target/upkeep.jar
BENCH_JAR=$ROOT/bench/target/upkeep-bench.jar

require_tools java sha256sum
if [[ ${REBUILD:-1} == 1 || ! -f $CLI_JAR || ! -f $BENCH_JAR ]]; then
  # shellcheck disable=SC2054 # the comma separates Maven modules, not array elements
  args=(-q -Pbench -Dmaven.test.skip=true -Dspotless.check.skip=true package -pl upkeep-cli,bench -am)
  log "building: mvn ${args[*]}"
  maven_build "${args[@]}"
fi

# What decides a store's bytes: the generator, the store's writing code and the schema.
content_key() { # migrations directory (sqlite or postgres)
  (cd "$ROOT/upkeep-server/src/main" &&
    find java/dev/upkeep/server/demo java/dev/upkeep/server/store "resources/db/migration/$1" \
      -type f | LC_ALL=C sort | xargs sha256sum) | sha256sum | cut -c1-12
}
KEY=$(content_key sqlite)
PG_KEY=$(content_key postgres)
pgtool() { java -cp "$BENCH_JAR" dev.upkeep.bench.PgTool "$@"; }
PG_DROP=()
drop_schemas() {
  local url
  for url in "${PG_DROP[@]}"; do
    log "dropping ${url%%&*}"
    pgtool drop "$url" || log "could not drop the schema of $url"
  done
}
trap drop_schemas EXIT
TREE=$(cd "$ROOT" && git rev-parse --short HEAD 2>/dev/null || echo "not a git tree")
if [[ -n $(cd "$ROOT" && git status --porcelain -- upkeep-server upkeep-cli bench 2>/dev/null) ]]; then
  TREE="$TREE + uncommitted changes"
fi
log "tree $TREE; store content keys $KEY (SQLite), $PG_KEY (PostgreSQL); stores in $STORE_DIR"
mkdir -p "$STORE_DIR"

# demo STORE-ARGS... : runs upkeep demo into a store, its command and output into $record.
demo() {
  local out=$record.out
  cmd=(java -jar "$CLI_JAR" demo "$@" --events "$n" --projects "$PROJECTS" --seed "$SEED"
    --days "$DAYS" --end "$END")
  log "${cmd[*]}"
  "${cmd[@]}" >"$out" 2>&2
  { echo "${cmd[*]}"; echo "tree $TREE"; cat "$out"; } >"$record"
  rm -f "$out"
}

dirs=()
for n in $SIZES; do
  [[ " $STORE_KINDS " == *" sqlite "* ]] || continue
  dir=$STORE_DIR/demo-$n-s$SEED-p$PROJECTS-d$DAYS-$END-$KEY
  if [[ ${FRESH:-0} == 1 || ! -f $dir/demo.txt ]]; then
    rm -rf "$dir"
    log "generating $dir: busy cores before $(busy_cores)"
    mkdir -p "$dir"
    record=$dir/demo.txt
    demo --data "$dir"
  else
    log "reusing $dir"
  fi
  log "SQLite, $n events: $(grep -E '^took' "$dir/demo.txt")"
  dirs+=("--store=$dir")
done
for n in $SIZES; do
  [[ " $STORE_KINDS " == *" postgres "* ]] || continue
  schema=upkeep_demo_${n}_s${SEED}_p${PROJECTS}_d${DAYS}_${END//-/}_$PG_KEY
  record=$STORE_DIR/$schema.txt
  url=$(pgtool kept "$DATABASE_URL" "$schema" upkeep-bench-queries)
  if [[ ${PG_KEEP:-0} == 1 && ${FRESH:-0} != 1 && -f $record ]] && pgtool has-events "$url"; then
    log "reusing PostgreSQL schema $schema"
  else
    pgtool drop "$url"
    url=$(pgtool kept "$DATABASE_URL" "$schema" upkeep-bench-queries)
    log "generating PostgreSQL schema $schema: busy cores before $(busy_cores)"
    demo --database-url "$url"
  fi
  [[ ${PG_KEEP:-0} == 1 ]] || PG_DROP+=("$url")
  log "PostgreSQL, $n events: $(grep -E '^took' "$record")"
  dirs+=("--store=$url")
done
if [[ ${GENERATE_ONLY:-0} == 1 ]]; then
  printf '%s\n' "${dirs[@]#--store=}" # the stores, for scripts that reuse them (run-alerts.sh)
  exit 0
fi

deadline=$((SECONDS + ${QUIET_WAIT:-0}))
while :; do
  before=$(busy_cores)
  if awk -v b="$before" 'BEGIN { exit !(b < 0.2) }' || ((SECONDS >= deadline)); then break; fi
  log "machine busy ($before cores), waiting for it to be quiet"
done
log "machine busy before the run (2 s sample): $before cores"
log "java ${JAVA_OPTS:-} -cp $BENCH_JAR dev.upkeep.bench.QueryBench ${dirs[*]} $*"
# shellcheck disable=SC2086 # JAVA_OPTS is a list of options
java ${JAVA_OPTS:-} -cp "$BENCH_JAR" dev.upkeep.bench.QueryBench "${dirs[@]}" "$@"
