#!/usr/bin/env bash
# Start-up of `upkeep serve` and of short CLI commands (issue 17), each in one hyperfine run of
# RUNS runs, without and with an AppCDS archive (docs/deploy.md#faster-start-with-appcds):
#   (S) `upkeep serve` on an existing SQLite store (made once by `upkeep demo --events EVENTS`)
#       until GET /v1/health answers: a script starts `java -jar upkeep.jar serve` on a free port,
#       polls /v1/health with curl every 10 ms, then sends it SIGTERM (its stop is waited for before
#       the next run, untimed); the collector's own "ready in ..." lines are printed beside;
#   (H) `upkeep hash` of a small tree (FILES files of 4 KiB in 10 directories);
#   (C) `upkeep check NAME VERSION` against a collector left running on the same store.
# Budget (issue 17): (S) <= 1.5 s, (H) and (C) <= 0.3 s, mean of RUNS runs. The archives are made
# first, each by one run of its command with -XX:ArchiveClassesAtExit (JDK 17: a dynamic archive
# on top of the JDK's own), and used with -XX:SharedArchiveFile.
#
# Usage: bench/run-startup.sh   (needs hyperfine, jq, curl: apt-get install -y hyperfine jq curl)
# Environment (all optional): RUNS=10 WARMUP=1 EVENTS=100000 FILES=100 REBUILD=0
#   KEEP=0 (1 keeps the temp dir: logs, archives, hyperfine JSON)   PORT=18310 (first port tried)
#   JAVA_OPTS= (extra JVM options for every java command, e.g. -Xmx256m)   CDS=1 (0: no archives)
#   BASELINE_JAR= (another upkeep.jar, e.g. built before a change: measured too, without archive)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
RUNS=${RUNS:-10}
WARMUP=${WARMUP:-1}
EVENTS=${EVENTS:-100000}
FILES=${FILES:-100}
PORT=${PORT:-18310}
JAVA_OPTS=${JAVA_OPTS:-}
CDS=${CDS:-1}
BASELINE_JAR=${BASELINE_JAR:-}
CLI_JAR=$ROOT/upkeep-cli/target/upkeep.jar
SERVER_JAR=$CLI_JAR
BENCH_NAME=run-startup
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"

require_tools hyperfine jq curl java
WORK=$(mktemp -d -t upkeep-bench-startup.XXXXXX)
SERVER_PID=""
cleanup() {
  local rc=$?
  stop_pid "$SERVER_PID"
  remove_work "$rc"
}
trap cleanup EXIT

build_jars -pl upkeep-cli -am
private_copies "$CLI_JAR"
JAR=$WORK/upkeep.jar
if [[ -n $BASELINE_JAR ]]; then
  cp "$BASELINE_JAR" "$WORK/baseline.jar"
  log "baseline.jar: $(sha256sum "$BASELINE_JAR" | cut -c1-12)"
fi

# --- the store and the tree --------------------------------------------------------------------
log "making the store: upkeep demo --events $EVENTS"
# shellcheck disable=SC2086 # JAVA_OPTS is a list of options
java $JAVA_OPTS -jar "$JAR" demo --events "$EVENTS" --data "$WORK/data" >"$WORK/demo.log" 2>&1 ||
  die "upkeep demo failed: $(tail -3 "$WORK/demo.log")"
mkdir -p "$WORK/tree"
for ((i = 0; i < FILES; i++)); do
  mkdir -p "$WORK/tree/dir-$((i % 10))"
  head -c 4096 /dev/urandom >"$WORK/tree/dir-$((i % 10))/file-$i.bin"
done

write_serve_scripts "$PORT"
# serve JAR [JAVA OPTION...]: serve-ready.sh's arguments for one start of JAR over the store
serve() { echo "$WORK/data java $JAVA_OPTS ${*:2} -jar $1"; }
# shellcheck disable=SC2046 # serve prints a command line
"$WORK/serve-ready.sh" $(serve "$JAR") && "$WORK/serve-wait.sh" || die "upkeep serve did not answer on /v1/health: $(tail -5 "$WORK/serve-runs.log")"

# --- the archives ------------------------------------------------------------------------------
SERVE_CDS=""
CLI_CDS=""
if [[ $CDS == 1 ]]; then
  log "making the AppCDS archives (one run each with -XX:ArchiveClassesAtExit)"
  # shellcheck disable=SC2046 # serve prints a command line
  "$WORK/serve-ready.sh" $(serve "$JAR" -XX:ArchiveClassesAtExit="$WORK/serve.jsa" -Xlog:cds=off -Xlog:cds+dynamic=off)
  "$WORK/serve-wait.sh"
  # shellcheck disable=SC2086 # JAVA_OPTS is a list of options
  java $JAVA_OPTS -XX:ArchiveClassesAtExit="$WORK/cli.jsa" -Xlog:cds=off -Xlog:cds+dynamic=off \
    -jar "$JAR" hash "$WORK/tree" >/dev/null
  [[ -f $WORK/serve.jsa && -f $WORK/cli.jsa ]] || die "no archive was written"
  SERVE_CDS="-XX:SharedArchiveFile=$WORK/serve.jsa"
  CLI_CDS="-XX:SharedArchiveFile=$WORK/cli.jsa"
  log "archives: serve.jsa $(du -m "$WORK/serve.jsa" | cut -f1) MiB, cli.jsa $(du -m "$WORK/cli.jsa" | cut -f1) MiB"
fi

# --- (C) needs a collector: a copy of the store, a project and a version ----------------------
UPKEEP_TOKEN=$(grep -o 'm_[A-Za-z0-9_-]\{43\}' "$WORK/serve-runs.log" | head -1 || true)
[[ -n $UPKEEP_TOKEN ]] || die "the first start printed no master token"
export UPKEEP_TOKEN
cp -r "$WORK/data" "$WORK/check-data"
CHECK_PORT=$(free_port $((PORT + 300)))
CHECK_SERVER="--server http://127.0.0.1:$CHECK_PORT"
# shellcheck disable=SC2086 # JAVA_OPTS is a list of options
java $JAVA_OPTS -jar "$JAR" serve --data "$WORK/check-data" --host 127.0.0.1 --port "$CHECK_PORT" \
  >"$WORK/check-server.log" 2>&1 &
SERVER_PID=$!
wait_http "http://127.0.0.1:$CHECK_PORT/v1/health" 60 || die "the collector for (C) did not start"
# shellcheck disable=SC2086 # CHECK_SERVER is two words
java -jar "$JAR" project register bench/startup $CHECK_SERVER >/dev/null
# shellcheck disable=SC2086
java -jar "$JAR" version add bench/startup 1.0.0 $CHECK_SERVER >/dev/null
# shellcheck disable=SC2086
java -jar "$JAR" check bench/startup 1.0.0 $CHECK_SERVER >&2 || die "upkeep check failed"

# --- the runs ----------------------------------------------------------------------------------
log "machine: $(nproc) cores, $(busy_cores) busy before the runs, load $(cut -d' ' -f1-3 /proc/loadavg); commit $TREE"
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
: >"$WORK/serve-runs.log"
args=(-n "serve until health answers" "$WORK/serve-ready.sh $(serve "$JAR")")
if [[ -n $SERVE_CDS ]]; then args+=(-n "serve until health answers, AppCDS" "$WORK/serve-ready.sh $(serve "$JAR" "$SERVE_CDS")"); fi
if [[ -n $BASELINE_JAR ]]; then
  args+=(-n "serve until health answers, baseline jar" "$WORK/serve-ready.sh $(serve "$WORK/baseline.jar")")
fi
hyperfine -N --runs "$RUNS" --warmup "$WARMUP" --prepare "$WORK/serve-wait.sh" \
  --export-json "$WORK/serve.json" "${args[@]}" >&2
"$WORK/serve-wait.sh"
READY=$(grep -o 'ready in [0-9.]* s ([^)]*)' "$WORK/serve-runs.log" || true)

HASH="java $JAVA_OPTS -jar $JAR hash $WORK/tree"
CHECK="java $JAVA_OPTS -jar $JAR check bench/startup 1.0.0 $CHECK_SERVER"
args=(-n "upkeep hash (small tree)" "$HASH" -n "upkeep check" "$CHECK")
if [[ -n $CLI_CDS ]]; then
  args+=(-n "upkeep hash (small tree), AppCDS" "java $JAVA_OPTS $CLI_CDS -jar $JAR hash $WORK/tree")
  args+=(-n "upkeep check, AppCDS" "java $JAVA_OPTS $CLI_CDS -jar $JAR check bench/startup 1.0.0 $CHECK_SERVER")
fi
if [[ -n $BASELINE_JAR ]]; then
  args+=(-n "upkeep hash (small tree), baseline jar" "java $JAVA_OPTS -jar $WORK/baseline.jar hash $WORK/tree")
  args+=(-n "upkeep check, baseline jar" "java $JAVA_OPTS -jar $WORK/baseline.jar check bench/startup 1.0.0 $CHECK_SERVER")
fi
hyperfine -N --runs "$RUNS" --warmup "$WARMUP" --export-json "$WORK/cli.json" "${args[@]}" >&2
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)

# --- the table ---------------------------------------------------------------------------------
echo "Start-up, $RUNS runs each (hyperfine), commit $TREE, $(nproc) cores; load average $LOAD_BEFORE before, $LOAD_AFTER after"
echo "store: upkeep demo --events $EVENTS ($(du -m "$WORK/data/upkeep.db" | cut -f1) MiB); tree: $FILES files of 4 KiB"
echo
echo "| command | mean | ± σ | median | min | max | budget |"
echo "|---|---|---|---|---|---|---|"
for f in serve cli; do
  jq -r '.results[] | [.command, .mean, .stddev, .median, .min, .max] | @tsv' "$WORK/$f.json"
done | while IFS=$'\t' read -r name mean sd median min max; do
  case $name in serve*) budget=1.5 ;; *) budget=0.3 ;; esac
  verdict=$(awk -v m="$mean" -v b="$budget" 'BEGIN { print (m <= b ? "met" : "missed") " (" b " s)" }')
  awk -v n="$name" -v a="$mean" -v s="$sd" -v md="$median" -v lo="$min" -v hi="$max" -v v="$verdict" \
    'BEGIN { printf "| %s | %.3f s | %.3f s | %.3f s | %.3f s | %.3f s | %s |\n", n, a, s, md, lo, hi, v }'
done
echo
if [[ -n $READY ]]; then
  echo "The collector's own \"ready in\" lines ($(wc -l <<<"$READY") starts; the first $((WARMUP + RUNS)) without the archive, then with it; a baseline jar may print none):"
  echo
  echo '```'
  echo "$READY"
  echo '```'
fi
