#!/usr/bin/env bash
# Footprint study (F2): the collector's RSS under (A)'s breadcrumb load for several sets of JVM
# options, each measured RUNS times on a fresh SQLite store, the sets taken in turn round after
# round (so a slow spell of the machine hits them alike). One run: start `upkeep serve`, register
# the project, wrk warm-up, measured wrk run while VmRSS is sampled every 0.5 s; then the run's
# rate, its highest sampled VmRSS and the process's VmHWM (peak RSS since start). Prints a Markdown
# table per set: the median rate and the median and highest RSS over the runs, against the budget
# (issue 17: RSS under load <= 256 MiB with the settings the distribution ships).
#
# Usage: bench/run-footprint.sh        (needs wrk: apt-get install -y wrk)
# Environment (all optional):
#   SETS="-Xmx256m|-Xmx256m -XX:+UseSerialGC"   option sets separated by "|"; a set may begin
#                     with VAR=value words, set in the server's environment (MALLOC_ARENA_MAX=2)
#   RUNS=5            runs per set
#   LOAD=breadcrumb   breadcrumb: (A)'s migas breadcrumb (bench/wrk/breadcrumb.lua, /api/breadcrumb);
#                     events: batches of 100 events (bench/wrk/events-batch.lua, /v1/events)
#   DURATION=15s WARMUP=8s CONNECTIONS=64 THREADS=2   the wrk commands (as bench/run-ingest.sh)
#   BUDGET_MIB=256    the RSS budget
#   UPKEEP_JAR=       the collector's jar (default upkeep-cli/target/upkeep.jar, built if missing)
#   UPKEEP_PORT=18213 first port tried
#   QUIET_WAIT=30     seconds to wait for the machine to be idle first
#   KEEP=1            keep the temporary directory (server logs, wrk outputs, per-run figures)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SETS=${SETS:-"-Xmx256m|-Xmx256m -XX:+UseSerialGC"}
RUNS=${RUNS:-5}
DURATION=${DURATION:-15s}
WARMUP=${WARMUP:-8s}
CONNECTIONS=${CONNECTIONS:-64}
THREADS=${THREADS:-2}
BUDGET_MIB=${BUDGET_MIB:-256}
UPKEEP_PORT=${UPKEEP_PORT:-18213}
JAR=${UPKEEP_JAR:-$ROOT/upkeep-cli/target/upkeep.jar}
PROJECT=nipreps/nipreps
LOAD=${LOAD:-breadcrumb}
case $LOAD in
  breadcrumb) LUA=$ROOT/bench/wrk/breadcrumb.lua ROUTE=/api/breadcrumb UNIT=breadcrumbs ;;
  events) LUA=$ROOT/bench/wrk/events-batch.lua ROUTE=/v1/events UNIT="requests (100 events)" ;;
  *) echo "LOAD is breadcrumb or events, was $LOAD" >&2 && exit 2 ;;
esac

BENCH_NAME="run-footprint"
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"
require_tools wrk java curl awk

if [[ ! -f $JAR ]]; then
  log "building $JAR"
  maven_build -q -Dmaven.test.skip=true -Dspotless.check.skip=true package -pl upkeep-cli -am
fi
WORK=$(mktemp -d -t upkeep-bench-footprint.XXXXXX)
SERVER_PID=""
SAMPLER_PID=""
trap 'stop_pid "$SAMPLER_PID"; stop_pid "$SERVER_PID"; remove_work $?' EXIT
trap 'exit 130' INT TERM
private_copies "$JAR"
JAR=$WORK/$(basename "$JAR")
UPKEEP_PORT=$(free_port "$UPKEEP_PORT")

IFS='|' read -r -a OPTION_SETS <<<"$SETS"

# one_run SET-INDEX RUN : one server, warmed up and measured; appends "set run rps rss_max hwm"
# (kB) to $WORK/runs.txt
one_run() {
  local set=${OPTION_SETS[$1]} data=$WORK/data-$1-$2 envs=() opts=() word
  for word in $set; do
    if [[ ${#opts[@]} == 0 && $word =~ ^[A-Z_]+= ]]; then envs+=("$word"); else opts+=("$word"); fi
  done
  mkdir -p "$data"
  env "${envs[@]}" java "${opts[@]}" -jar "$JAR" serve --host 127.0.0.1 --port "$UPKEEP_PORT" \
    --data "$data" --master-token-file "$data/master" --no-rate-limit >>"$WORK/server-$1.log" 2>&1 &
  SERVER_PID=$!
  wait_http "http://127.0.0.1:$UPKEEP_PORT/v1/health" 120 ||
    die "upkeep serve ($set) did not start: $(tail -20 "$WORK/server-$1.log")"
  UPKEEP_TOKEN=$(cat "$data/master") java -jar "$JAR" project register "$PROJECT" \
    --server "http://127.0.0.1:$UPKEEP_PORT" >/dev/null
  local url=http://127.0.0.1:$UPKEEP_PORT$ROUTE
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" -s "$LUA" "$url" >/dev/null
  # VmRSS every 0.5 s during the measured run, the highest kept
  (
    max=0
    while kill -0 "$SERVER_PID" 2>/dev/null; do
      v=$(awk '$1 == "VmRSS:" { print $2 }' "/proc/$SERVER_PID/status" 2>/dev/null || echo 0)
      ((v > max)) && max=$v && echo "$max" >"$WORK/rss-max"
      sleep 0.5
    done
  ) &
  SAMPLER_PID=$!
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" -s "$LUA" "$url" >"$WORK/wrk-$1-$2.txt" 2>&1
  local hwm rps rss
  if ! kill -0 "$SERVER_PID" 2>/dev/null || [[ ! -f $WORK/rss-max ]]; then
    die "upkeep serve ($set) stopped during the run: $(tail -5 "$WORK/server-$1.log")"
  fi
  hwm=$(awk '$1 == "VmHWM:" { print $2 }' "/proc/$SERVER_PID/status")
  stop_pid "$SAMPLER_PID"
  SAMPLER_PID=""
  stop_pid "$SERVER_PID"
  SERVER_PID=""
  rps=$(grep '^BENCH' "$WORK/wrk-$1-$2.txt" | tr ' ' '\n' | awk -F= '$1 == "rps" { print $2 }')
  rss=$(cat "$WORK/rss-max")
  echo "$1 $2 $rps $rss $hwm" >>"$WORK/runs.txt"
  rm -f "$WORK/rss-max"
  rm -rf "$data"
  log "set $1 ($set), run $2: $rps $UNIT/s, RSS max $((rss / 1024)) MiB, peak $((hwm / 1024)) MiB"
}

wait_quiet "${QUIET_WAIT:-30}"
log "machine busy before the runs: $BEFORE cores; $(uptime)"
for run in $(seq "$RUNS"); do
  for i in "${!OPTION_SETS[@]}"; do one_run "$i" "$run"; done
done

echo
echo "Tree: $TREE; $RUNS runs per set, taken in turn; load $LOAD ($ROUTE); wrk $WARMUP warm-up, $DURATION measured, -c$CONNECTIONS -t$THREADS; $(uptime)."
echo
echo "| JVM options | $UNIT/s (median; range) | RSS under load, MiB (median; highest) | peak RSS, MiB (median; highest) | runs over $BUDGET_MIB MiB (peak) |"
echo "| --- | ---: | ---: | ---: | ---: |"
# column K of set S's runs, sorted numerically
column() { awk -v s="$1" -v k="$2" '$1 == s { print $k }' "$WORK/runs.txt" | sort -n; }
# median, lowest and highest of sorted numbers on stdin, divided by DIV, as FORMAT (printf's)
stats() {
  awk -v d="$1" -v f="$2" '{ v[NR] = $1 / d } END {
    printf f, NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2, v[1], v[NR] }'
}
for i in "${!OPTION_SETS[@]}"; do
  rates=$(column "$i" 3 | stats 1 "%.0f; %.0f–%.0f")
  over=$(column "$i" 5 | awk -v b=$((BUDGET_MIB * 1024)) '$1 > b { n++ } END { print n + 0 }')
  # the median and highest RSS (the lowest, printf's second argument, is left out with %.0s)
  rss=$(column "$i" 4 | stats 1024 "%.0f; %.0s%.0f")
  peak=$(column "$i" 5 | stats 1024 "%.0f; %.0s%.0f")
  echo "| \`${OPTION_SETS[$i]}\` | $rates | $rss | $peak | $over of $RUNS |"
done
