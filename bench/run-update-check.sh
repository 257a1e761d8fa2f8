#!/usr/bin/env bash
# The update notice's cost to an app: the wall time of one tracked run of the example app,
# `java -jar tracked-cli.jar --interactive --work-ms 100` against a live `upkeep serve` that knows a
# newer version (so the notice has something to say), in three settings measured in ONE hyperfine
# run:
#   (a) check off      UPKEEP_NO_UPDATE_CHECK=1 (run first and again last, as (a'): hyperfine runs
#                      the settings one after the other, so drift over the run shows as (a) != (a'))
#   (b) check on, asked every run   the kept answer (<cache>/checks) deleted before every run, so
#                                   every run asks the server and prints the line
#   (c) check on, answer kept       as a user sees it on every run but the first of the day
# Telemetry is on in all three (same events sent); --interactive makes the client behave as with a
# terminal on stderr (hyperfine gives it none), else the check would not run at all.
# Budget (issue 5): no measurable difference in median wall time. "Measurable" here: outside the
# 95 % confidence interval of the median of (a) and (a') together (order statistics n/2 ± 0.98·√n).
#
# Usage: bench/run-update-check.sh     (needs hyperfine, jq, curl: apt-get install -y hyperfine jq curl)
# Environment (all optional): RUNS=40 WARMUP=5 WORK_MS=100 JAVA_OPTS= UPKEEP_PORT=18313 REBUILD=0
#   KEEP=0 (1 keeps the temp dir) JSON= (copy of hyperfine's JSON export)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
RUNS=${RUNS:-40}
WARMUP=${WARMUP:-5}
WORK_MS=${WORK_MS:-100}
JAVA_OPTS=${JAVA_OPTS:-}
PROJECT=upkeep/tracked-cli
CLI_JAR=$ROOT/examples/tracked-cli/target/tracked-cli.jar
SERVER_JAR=$ROOT/upkeep-cli/target/upkeep.jar
BENCH_NAME=run-update-check
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"

require_tools hyperfine jq curl java
WORK=$(mktemp -d -t upkeep-bench-update-check.XXXXXX)
SERVER_PID=""
cleanup() {
  local rc=$?
  stop_pid "$SERVER_PID"
  remove_work "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

build_jars -pl upkeep-cli,examples/tracked-cli -am
private_copies "$CLI_JAR" "$SERVER_JAR"
CLI_JAR=$WORK/tracked-cli.jar
SERVER_JAR=$WORK/upkeep.jar
BEFORE=$(busy_cores)
log "machine busy before the run (2 s sample): $BEFORE cores; $(uptime)"

# --- the live server, knowing 1.0.0 (what tracked-cli is) and 1.1.0 -------------------------
PORT=$(free_port "${UPKEEP_PORT:-18313}")
DATA=$WORK/data
mkdir -p "$DATA"
java -jar "$SERVER_JAR" serve --host 127.0.0.1 --port "$PORT" --data "$DATA" \
  --master-token-file "$DATA/master" --no-rate-limit >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
UP=http://127.0.0.1:$PORT
wait_http "$UP/v1/health" 60 || die "upkeep serve did not start: $(tail -20 "$WORK/server.log")"
admin() { java -jar "$SERVER_JAR" "$@" --server "$UP" --token "$(cat "$DATA/master")" >&2; }
admin project register "$PROJECT"
admin version add "$PROJECT" 1.0.0
admin version add "$PROJECT" 1.1.0

# --- the three settings ----------------------------------------------------------------------
declare -A TITLE=([a]="(a) check off" [b]="(b) check on, asked every run"
  [c]="(c) check on, answer kept" [z]="(a') check off, again")
SETTINGS=(a b c z)
command_of() {
  local s=$1 off=""
  [[ $s == a || $s == z ]] && off="UPKEEP_NO_UPDATE_CHECK=1"
  echo "env -u DO_NOT_TRACK -u UPKEEP_OPTOUT -u UPKEEP_NO_UPDATE_CHECK -u UPKEEP_LOG_LEVEL $off" \
    "UPKEEP_ENDPOINT=$UP UPKEEP_CONFIG_DIR=$WORK/$s/config UPKEEP_CACHE_DIR=$WORK/$s/cache" \
    "java $JAVA_OPTS -jar $CLI_JAR --interactive --work-ms $WORK_MS"
}
HF_ARGS=(-N --warmup "$WARMUP" --runs "$RUNS" --export-json "$WORK/hyperfine.json" --style basic
  --output "$WORK/last-output.txt")
for s in "${SETTINGS[@]}"; do
  mkdir -p "$WORK/$s/config" "$WORK/$s/cache"
  if [[ $s == b ]]; then HF_ARGS+=(--prepare "rm -rf $WORK/b/cache/checks"); else HF_ARGS+=(--prepare "true"); fi
done
for s in "${SETTINGS[@]}"; do
  HF_ARGS+=(-n "${TITLE[$s]}" "$(command_of "$s")")
  log "${TITLE[$s]}: $(command_of "$s")"
done
START=$(date -u +%FT%TZ)
hyperfine "${HF_ARGS[@]}" >&2 || die "hyperfine failed"
[[ -n ${JSON:-} ]] && cp "$WORK/hyperfine.json" "$JSON"

# What the notice said (one run of each, outside the timing).
said() { eval "$(command_of "$1") 2>&1 >/dev/null" | grep -F "$PROJECT:" || echo "(nothing)"; }
rm -rf "$WORK/b/cache/checks"
SAID_A=$(said a)
SAID_B=$(said b)
SAID_C=$(said c)

# --- report ----------------------------------------------------------------------------------
J=$WORK/hyperfine.json
stats() { # title prefix -> "median lo hi" of the runs of every setting whose title starts with it
  # (seconds; lo/hi: 95 % CI of the median by order statistics)
  jq -r --arg n "$1" '[.results[] | select(.command | startswith($n)) | .times[]] | sort as $t | length as $n |
    (($n / 2 - 0.98 * ($n | sqrt)) | floor | if . < 1 then 1 else . end) as $lo |
    (($n / 2 + 0.98 * ($n | sqrt)) | ceil | if . > $n then $n else . end) as $hi |
    "\(if $n % 2 == 1 then $t[($n - 1) / 2] else ($t[$n / 2 - 1] + $t[$n / 2]) / 2 end) \($t[$lo - 1]) \($t[$hi - 1])"' "$J"
}
read -r MA LOA HIA < <(stats "(a")
echo
echo "### tracked-cli --interactive --work-ms $WORK_MS: update check off / on, one hyperfine run ($START)"
echo
echo "hyperfine $(hyperfine --version | awk '{ print $2 }') -N --warmup $WARMUP --runs $RUNS; $(java -version 2>&1 | head -1);" \
  "JAVA_OPTS='${JAVA_OPTS}'. Tree: $TREE; busy before: $BEFORE cores."
echo
echo "| setting | median | 95 % CI of the median | mean ± σ | median − baseline | inside the baseline's CI |"
echo "| --- | ---: | ---: | ---: | ---: | --- |"
VERDICT=met
for s in "${SETTINGS[@]}"; do
  read -r m lo hi < <(stats "${TITLE[$s]}")
  inside=$(awk -v m="$m" -v lo="$LOA" -v hi="$HIA" 'BEGIN { print (m >= lo && m <= hi) ? "yes" : "no" }')
  [[ $s != a && $s != z && $inside == no ]] && VERDICT=MISSED
  jq -r --arg n "${TITLE[$s]}" --argjson ma "$MA" --argjson m "$m" --argjson lo "$lo" --argjson hi "$hi" --arg in "$inside" '
    def ms: . * 1000 | (. * 10 | round) / 10 | tostring + " ms";
    .results[] | select(.command == $n) |
    "| \($n) | \($m | ms) | \($lo | ms) – \($hi | ms) | \(.mean | ms) ± \(.stddev | ms) | \($m - $ma | ms) | \(if $n | startswith("(a") then "–" else $in end) |"' "$J"
done
echo "| (a) and (a') together: the baseline | $(awk -v x="$MA" 'BEGIN { printf "%.1f ms", x * 1000 }') | $(awk -v l="$LOA" -v h="$HIA" 'BEGIN { printf "%.1f ms – %.1f ms", l * 1000, h * 1000 }') | | | |"
echo
echo "Budget: no measurable difference in median wall time ((b) and (c) inside the baseline's 95 % CI): $VERDICT."
echo
echo "What a run printed: (a) $SAID_A; (b) $SAID_B; (c) $SAID_C."
