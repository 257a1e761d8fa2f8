#!/usr/bin/env bash
# Query benchmark (Q): hits, unique users and by-version breakdowns of the biggest project of stores
# made by `upkeep demo` (1, 10 and 30 million events), through the store's query API
# (EventStore.count/breakdown) and, in the same run on the same file, as plain SQL over the raw
# events table (dev.upkeep.bench.QueryBench). Prints a Markdown table to stdout, progress to stderr.
#
# Usage: bench/run-queries.sh [--name=value ...]   (options passed to QueryBench as they are)
# Environment (all optional):
#   QUERY_STORES=bench/target/query-stores   where the generated stores are kept and reused
#   SIZES="1000000 10000000 30000000"       events per store
#   SEED=42 PROJECTS=50 DAYS=365 END=2026-11-01   upkeep demo's settings (END: --end)
#   FRESH=0        1 regenerates the stores even when a matching one exists
#   REBUILD=1      0 reuses upkeep-cli/target/upkeep.jar and bench/target/upkeep-bench.jar
#   JAVA_OPTS=     JVM options of the benchmark JVM
#   QUIET_WAIT=0   seconds to wait for the machine to be idle (< 0.2 busy cores) first
#   GENERATE_ONLY=0  1 makes (or finds) the stores and stops
#
# A store is reused when its directory name matches: size, seed, projects, days, end and a hash of
# what decides its content (the demo generator, the store's JDBC code and its migrations), so a
# change to any of them makes new stores. Each store directory holds demo.txt, the output of the
# `upkeep demo` that made it (its "took" line is the generator's speed).
set -euo pipefail

NAME=run-queries
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"

STORES=${QUERY_STORES:-$ROOT/bench/target/query-stores}
SIZES=${SIZES:-"1000000 10000000 30000000"}
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
content_key() {
  (cd "$ROOT/upkeep-server/src/main" &&
    find java/dev/upkeep/server/demo java/dev/upkeep/server/store resources/db/migration/sqlite \
      -type f | LC_ALL=C sort | xargs sha256sum) | sha256sum | cut -c1-12
}
KEY=$(content_key)
TREE=$(cd "$ROOT" && git rev-parse --short HEAD 2>/dev/null || echo "not a git tree")
if [[ -n $(cd "$ROOT" && git status --porcelain -- upkeep-server upkeep-cli bench 2>/dev/null) ]]; then
  TREE="$TREE + uncommitted changes"
fi
log "tree $TREE; store content key $KEY; stores in $STORES"
mkdir -p "$STORES"

dirs=()
for n in $SIZES; do
  dir=$STORES/demo-$n-s$SEED-p$PROJECTS-d$DAYS-$END-$KEY
  if [[ ${FRESH:-0} == 1 || ! -f $dir/demo.txt ]]; then
    rm -rf "$dir"
    log "generating $dir: busy cores before $(busy_cores)"
    cmd=(java -jar "$CLI_JAR" demo --data "$dir" --events "$n" --projects "$PROJECTS" --seed "$SEED"
      --days "$DAYS" --end "$END")
    log "${cmd[*]}"
    "${cmd[@]}" >"$dir.out" 2>&2
    { echo "${cmd[*]}"; echo "tree $TREE"; cat "$dir.out"; } >"$dir/demo.txt"
    rm -f "$dir.out"
  else
    log "reusing $dir"
  fi
  log "$(grep -E '^took' "$dir/demo.txt")"
  dirs+=("--store=$dir")
done
[[ ${GENERATE_ONLY:-0} == 1 ]] && exit 0

deadline=$((SECONDS + ${QUIET_WAIT:-0}))
while :; do
  before=$(busy_cores)
  if awk -v b="$before" 'BEGIN { exit !(b < 0.2) }' || ((SECONDS >= deadline)); then break; fi
  log "machine busy ($before cores), waiting for it to be quiet"
done
log "machine busy before the run (2 s sample): $before cores"
log "java ${JAVA_OPTS:-} -cp $BENCH_JAR dev.upkeep.bench.QueryBench ${dirs[*]} $*"
# shellcheck disable=SC2086 # JAVA_OPTS is a list of options
exec java ${JAVA_OPTS:-} -cp "$BENCH_JAR" dev.upkeep.bench.QueryBench "${dirs[@]}" "$@"
