#!/usr/bin/env bash
# `upkeep demo` fill rate (issue 15): the same `upkeep demo --events N` into a new SQLite data
# directory and into a new PostgreSQL schema, one after the other in one run. Prints a Markdown
# table to stdout: wall time, events/s (the demo's own "took" line), the demo JVM's CPU, the
# PostgreSQL processes' CPU, CPU per event and the machine's other load; progress to stderr.
#
# Usage: bench/run-demo.sh
# Environment (all optional):
#   EVENTS=1000000  SEED=42  PROJECTS=50  DAYS=365  END=2026-11-01   upkeep demo's settings
#   STORES="sqlite postgres"   which stores, in this order
#   DATABASE_URL=jdbc:postgresql://127.0.0.1:5432/test?user=postgres   a new schema there, dropped after
#   JAVA_OPTS=      JVM options of `upkeep demo`
#   REBUILD=1       0 reuses upkeep-cli/target/upkeep.jar and bench/target/upkeep-bench.jar
#   QUIET_WAIT=0    seconds to wait for the machine to be idle (< 0.2 busy cores) first
#   KEEP=0          1 keeps the temporary directory (the demo outputs) and the schema
#
# SQLite is written as `upkeep demo` always writes it: synchronous=OFF (demo data); PostgreSQL
# with the server's settings (fsync and synchronous_commit as configured: printed).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CLI_JAR=$ROOT/upkeep-cli/target/upkeep.jar
BENCH_JAR=$ROOT/bench/target/upkeep-bench.jar
EVENTS=${EVENTS:-1000000}
SEED=${SEED:-42}
PROJECTS=${PROJECTS:-50}
DAYS=${DAYS:-365}
END=${END:-2026-11-01}
STORE_KINDS=${STORES:-sqlite postgres}
DATABASE_URL=${DATABASE_URL:-jdbc:postgresql://127.0.0.1:5432/test?user=postgres}
PG_APP=upkeep-bench-demo

BENCH_NAME=run-demo
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"

require_tools java sha256sum
if [[ ${REBUILD:-1} == 1 || ! -f $CLI_JAR || ! -f $BENCH_JAR ]]; then
  # shellcheck disable=SC2054 # the comma separates Maven modules, not array elements
  args=(-q -Pbench -Dmaven.test.skip=true -Dspotless.check.skip=true package -pl upkeep-cli,bench -am)
  log "building: mvn ${args[*]}"
  maven_build "${args[@]}"
fi

WORK=$(mktemp -d -t upkeep-bench-demo.XXXXXX)
PG_URL=""
cleanup() {
  local rc=$?
  if [[ -n $PG_URL && ${KEEP:-0} != 1 ]]; then
    pgtool drop "$PG_URL" || log "could not drop the schema of $PG_URL"
  fi
  remove_work "$rc"
}
trap cleanup EXIT
private_copies "$CLI_JAR" "$BENCH_JAR"
pgtool() { java -cp "$WORK/upkeep-bench.jar" dev.upkeep.bench.PgTool "$@"; }

wait_quiet "${QUIET_WAIT:-0}"
log "machine busy before the run (2 s sample): $BEFORE cores"

# fill STORE: runs upkeep demo into a new store of that kind, writes $WORK/STORE.row
fill() {
  local store=$1 target=() b0 i0 b1 i1
  if [[ $store == postgres ]]; then
    PG_URL=$(pgtool create "$DATABASE_URL" upkeep_bench_demo "$PG_APP")
    pgtool settings "$PG_URL" >"$WORK/pg-settings.txt"
    target=(--database-url "$PG_URL")
  else
    target=(--data "$WORK/data")
  fi
  local cmd=(java ${JAVA_OPTS:-} -jar "$WORK/upkeep.jar" demo "${target[@]}" --events "$EVENTS"
    --projects "$PROJECTS" --seed "$SEED" --days "$DAYS" --end "$END")
  log "$store: ${cmd[*]}"
  [[ $store == postgres ]] && pgtool cpu-sample "$DATABASE_URL" "$PG_APP" "$WORK/pg0.txt"
  read -r b0 i0 < <(cpu_snapshot)
  local TIMEFORMAT='%R %U %S'
  { time "${cmd[@]}" >"$WORK/$store.txt" 2>"$WORK/$store.err"; } 2>"$WORK/$store.time" ||
    die "upkeep demo failed: $(tail -5 "$WORK/$store.err")"
  read -r b1 i1 < <(cpu_snapshot)
  local db=0
  if [[ $store == postgres ]]; then
    pgtool cpu-sample "$DATABASE_URL" "$PG_APP" "$WORK/pg1.txt"
    # ours + background + reaped: the connections of the demo and the server's own processes
    db=$(pgtool cpu-delta "$WORK/pg0.txt" "$WORK/pg1.txt" | awk '{ print $1 + $2 + $3 }')
    log "$store: database CPU (ours background reaped others, s): $(pgtool cpu-delta "$WORK/pg0.txt" "$WORK/pg1.txt")"
    PG_BYTES=$(pgtool bytes "$PG_URL")
  fi
  sed 's/^/    /' "$WORK/$store.txt" >&2
  local wall user sys took rate
  read -r wall user sys <"$WORK/$store.time"
  took=$(awk '$1 == "took" { print $2 }' "$WORK/$store.txt")
  rate=$(awk '$1 == "took" { gsub(/[(,]/, "", $4); print $4 }' "$WORK/$store.txt")
  awk -v store="$store" -v n="$EVENTS" -v wall="$wall" -v took="$took" -v rate="$rate" \
    -v jvm="$(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }')" -v db="$db" \
    -v busy=$((b1 - b0)) -v idle=$((i1 - i0)) -v cores="$(nproc)" \
    'BEGIN { t = (busy + idle) / cores; w = t > 0 ? t : 1; hz_wall = wall;
             printf "| %s | %d | %.1f s | %.1f s | %s | %.1f s (%.2f cores) | %.1f s (%.2f cores) | %.1f µs | %.2f | %.2f |\n",
               store, n, wall, took, rate, jvm, jvm / wall, db, db / wall, 1e6 * (jvm + db) / n,
               cores * busy / (busy + idle) - (jvm + db) / wall, cores * idle / (busy + idle) }' \
    >"$WORK/$store.row"
}

for store in $STORE_KINDS; do
  [[ $store == sqlite || $store == postgres ]] || die "STORES takes sqlite and postgres, was $store"
  fill "$store"
done

echo
echo "### upkeep demo fill rate: $EVENTS events, $PROJECTS projects, seed $SEED, $DAYS days to $END ($(date -u +%FT%TZ), tree $TREE)"
echo
echo "| store | events | wall | took | events/s | demo JVM CPU | database CPU | CPU per event (demo + database) | rest (cores) | idle (cores) |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
for store in $STORE_KINDS; do cat "$WORK/$store.row"; done
echo
if [[ -f $WORK/sqlite.row && -f $WORK/postgres.row ]]; then
  echo "PostgreSQL / SQLite, events/s: $(awk '$1 == "took" { print $2 }' "$WORK/postgres.txt" "$WORK/sqlite.txt" |
    awk 'NR == 1 { p = $1 } NR == 2 { printf "%.3f (by the took lines)", $1 / p }')."
fi
[[ -f $WORK/pg-settings.txt ]] && echo "PostgreSQL: $(cat "$WORK/pg-settings.txt"); schema size after the demo $((PG_BYTES / 1048576)) MiB."
[[ -f $WORK/data/upkeep.db ]] && echo "SQLite (synchronous=OFF): $(($(stat -c %s "$WORK/data/upkeep.db") / 1048576)) MiB."
echo "Machine busy before the run: $BEFORE cores. 'rest' is CPU used by anything else while the demo ran."
