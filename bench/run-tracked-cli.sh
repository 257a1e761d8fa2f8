#!/usr/bin/env bash
# Process-level client benchmark: the wall time of one tracked run of the example app,
# `java -jar examples/tracked-cli/target/tracked-cli.jar --work-ms 100`, in four settings measured
# in ONE hyperfine run:
#   (a) telemetry off      DO_NOT_TRACK=1, UPKEEP_ENDPOINT = the live server (only the opt-out differs)
#   (b) server up          UPKEEP_ENDPOINT = a real `upkeep serve` with upkeep/tracked-cli registered
#   (c) connection refused UPKEEP_ENDPOINT = a closed loopback port
#   (d) never answers      UPKEEP_ENDPOINT = dev.upkeep.bench.SilentServer (accepts, reads, never
#                          answers nor closes)
# Prints a Markdown table (median, mean ± σ, min, max, difference to (a)), the budget check
# (median(d) − median(a) ≤ 0.5 s), what reached the server in (b) and what (c)/(d) spooled.
#
# Usage: bench/run-tracked-cli.sh     (needs hyperfine, jq, curl: apt-get install -y hyperfine jq curl)
# Environment (all optional):
#   RUNS=30  WARMUP=3      hyperfine --runs / --warmup, per setting
#   WORK_MS=100            tracked-cli --work-ms
#   BUDGET_S=0.5           allowed median(d) − median(a), seconds
#   JAVA_OPTS=             extra JVM options for tracked-cli (default: none)
#   UPKEEP_PORT=18303 SILENT_PORT=18304 CLOSED_PORT=18305   first ports tried (next free one used)
#   REBUILD=0              1 rebuilds the jars even when they exist
#   CLI_JAR=               the tracked-cli jar to time (default examples/tracked-cli/target/tracked-cli.jar),
#                          e.g. one built from an older commit for a side-by-side run
#   KEEP=0                 1 keeps the temp dir (hyperfine JSON, spool files, server logs)
#   JSON=                  also copy hyperfine's JSON export to this file
#   QUIET_WAIT=0           seconds to wait for the machine to be idle (< 0.2 busy cores) first
#
# Files: every setting has its own UPKEEP_CONFIG_DIR (kept across its runs: the user id is created
# once, in the first warm-up run, as on a real machine) and its own UPKEEP_CACHE_DIR, emptied by
# hyperfine --prepare before every run (warm-up runs included) after moving the previous run's
# spooled batch files to <setting>/spooled: no run ever delivers or re-claims an earlier run's spool,
# and every spooled event is still counted at the end.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
RUNS=${RUNS:-30}
WARMUP=${WARMUP:-3}
WORK_MS=${WORK_MS:-100}
BUDGET_S=${BUDGET_S:-0.5}
JAVA_OPTS=${JAVA_OPTS:-}
PROJECT=upkeep/tracked-cli
CLI_JAR=${CLI_JAR:-$ROOT/examples/tracked-cli/target/tracked-cli.jar}
SERVER_JAR=$ROOT/upkeep-cli/target/upkeep.jar
BENCH_JAR=$ROOT/bench/target/upkeep-bench.jar

BENCH_NAME=run-tracked-cli
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"

for tool in hyperfine jq curl java awk sha256sum; do
  command -v "$tool" >/dev/null || die "$tool not found (apt-get install -y hyperfine jq curl)"
done

WORK=$(mktemp -d -t upkeep-bench-tracked-cli.XXXXXX)
SERVER_PID=""
SILENT_PID=""
cleanup() {
  local rc=$?
  local p
  for p in $SERVER_PID $SILENT_PID; do
    if kill -0 "$p" 2>/dev/null; then
      kill "$p" 2>/dev/null || true
      wait "$p" 2>/dev/null || true
    fi
  done
  remove_work "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- build -----------------------------------------------------------------------------------
if [[ ! -f $CLI_JAR || ! -f $SERVER_JAR || ! -f $BENCH_JAR || ${REBUILD:-0} == 1 ]]; then
  log "building tracked-cli.jar, upkeep.jar and upkeep-bench.jar"
  # -Dmaven.test.skip (not only -DskipTests): test sources are not compiled at all, so a test
  # being edited elsewhere in the tree cannot break the benchmark build.
  # shellcheck disable=SC2054 # the commas separate Maven modules, not array elements
  args=(-q -Pbench -Dmaven.test.skip=true -Dspotless.check.skip=true package
    -pl upkeep-cli,examples/tracked-cli,bench -am)
  maven_build "${args[@]}"
fi
# The tree the jars were built from (another session may be editing it).
TREE=$(cd "$ROOT" && git rev-parse --short HEAD 2>/dev/null || echo "not a git tree")
if [[ -n $(cd "$ROOT" && git status --porcelain -- upkeep-client upkeep-protocol 2>/dev/null) ]]; then
  TREE="$TREE + uncommitted changes in upkeep-client/upkeep-protocol"
fi
log "tree: $TREE"
# Private copies: a build elsewhere in the tree may replace the jars during the run.
for j in "$CLI_JAR" "$SERVER_JAR" "$BENCH_JAR"; do
  cp "$j" "$WORK/"
  log "$(basename "$j"): $(sha256sum "$j" | cut -c1-12), built $(date -u -r "$j" +%FT%TZ), $(stat -c %s "$j") bytes"
done
CLI_JAR=$WORK/tracked-cli.jar
SERVER_JAR=$WORK/upkeep.jar
BENCH_JAR=$WORK/upkeep-bench.jar

# --- helpers ---------------------------------------------------------------------------------
proc_ticks() { # pid -> utime + stime (clock ticks)
  awk '{ s = $0; sub(/^.*\) /, "", s); split(s, f, " "); print f[12] + f[13] }' "/proc/$1/stat" 2>/dev/null || echo 0
}

# --- pre-flight: is the machine quiet? -------------------------------------------------------
deadline=$((SECONDS + ${QUIET_WAIT:-0}))
while :; do
  BEFORE=$(busy_cores)
  if awk -v b="$BEFORE" 'BEGIN { exit !(b < 0.2) }' || ((SECONDS >= deadline)); then break; fi
  log "machine busy ($BEFORE cores), waiting for it to be quiet"
done
log "machine busy before the run (2 s sample): $BEFORE cores; $(uptime)"
if awk -v b="$BEFORE" 'BEGIN { exit !(b >= 0.2) }'; then
  log "WARNING: something else is using the CPU; the results will be noisy"
fi

# --- (b) the live server ---------------------------------------------------------------------
UPKEEP_PORT=$(free_port "${UPKEEP_PORT:-18303}")
DATA=$WORK/data
mkdir -p "$DATA"
log "starting upkeep serve on 127.0.0.1:$UPKEEP_PORT (data $DATA)"
java -jar "$SERVER_JAR" serve --host 127.0.0.1 --port "$UPKEEP_PORT" --data "$DATA" \
  --master-token-file "$DATA/master" --no-rate-limit >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
UP=http://127.0.0.1:$UPKEEP_PORT
wait_http "$UP/v1/health" 60 || die "upkeep serve did not start: $(tail -20 "$WORK/server.log")"
java -jar "$SERVER_JAR" project register "$PROJECT" --server "$UP" --token "$(cat "$DATA/master")" >&2

# --- (d) the silent server -------------------------------------------------------------------
SILENT_PORT=$(free_port "${SILENT_PORT:-18304}")
java -cp "$BENCH_JAR" dev.upkeep.bench.SilentServer "$SILENT_PORT" >"$WORK/silent.out" 2>"$WORK/silent.log" &
SILENT_PID=$!
for ((i = 0; i < 100; i++)); do
  grep -q '^listening' "$WORK/silent.out" 2>/dev/null && break
  sleep 0.1
done
grep -q '^listening' "$WORK/silent.out" || die "SilentServer did not start: $(cat "$WORK/silent.log")"
log "silent server on 127.0.0.1:$SILENT_PORT"

# --- (c) a closed port -----------------------------------------------------------------------
CLOSED_PORT=$(free_port "${CLOSED_PORT:-18305}")
while ((CLOSED_PORT == UPKEEP_PORT || CLOSED_PORT == SILENT_PORT)) || port_in_use "$CLOSED_PORT"; do
  CLOSED_PORT=$(free_port $((CLOSED_PORT + 1)))
done
log "closed port: 127.0.0.1:$CLOSED_PORT (nothing listens)"

# --- the four settings -----------------------------------------------------------------------
cat >"$WORK/prepare.sh" <<'EOF'
#!/bin/sh
# $1: a setting's directory. Keeps the previous run's spooled batches in $1/spooled, then empties
# the cache directory (the spool lives there) so that this run starts with no spool.
set -e
mkdir -p "$1/spooled" "$1/config"
if [ -d "$1/cache" ]; then
  find "$1/cache" -type f -name 'batch-*' -exec mv {} "$1/spooled/" \;
fi
rm -rf "$1/cache"
mkdir -p "$1/cache"
EOF
chmod +x "$WORK/prepare.sh"

declare -A NAME=(
  [a]="(a) telemetry off"
  [b]="(b) server up"
  [c]="(c) connection refused"
  [d]="(d) never answers"
)
declare -A ENDPOINT=(
  [a]=$UP
  [b]=$UP
  [c]=http://127.0.0.1:$CLOSED_PORT
  [d]=http://127.0.0.1:$SILENT_PORT
)
command_of() { # setting -> the command hyperfine runs (no shell: -N)
  local s=$1 optout=""
  [[ $s == a ]] && optout="DO_NOT_TRACK=1"
  # The variables the client reads are cleared first, so only what is set here counts.
  echo "env -u DO_NOT_TRACK -u UPKEEP_OPTOUT -u MIGAS_OPTOUT -u UPKEEP_TIMEOUT -u MIGAS_TIMEOUT" \
    "-u UPKEEP_LOG_LEVEL $optout UPKEEP_ENDPOINT=${ENDPOINT[$s]}" \
    "UPKEEP_CONFIG_DIR=$WORK/$s/config UPKEEP_CACHE_DIR=$WORK/$s/cache" \
    "java $JAVA_OPTS -jar $CLI_JAR --work-ms $WORK_MS"
}
HF_ARGS=(-N --warmup "$WARMUP" --runs "$RUNS" --export-json "$WORK/hyperfine.json" --style basic)
for s in a b c d; do
  mkdir -p "$WORK/$s/config" "$WORK/$s/cache"
  HF_ARGS+=(--prepare "$WORK/prepare.sh $WORK/$s")
done
for s in a b c d; do
  HF_ARGS+=(-n "${NAME[$s]}" "$(command_of "$s")")
  log "${NAME[$s]}: $(command_of "$s")"
done

START=$(date -u +%FT%TZ)
read -r B0 I0 < <(cpu_snapshot)
T0=$(date +%s.%N)
S0=$(proc_ticks "$SERVER_PID")
Q0=$(proc_ticks "$SILENT_PID")
TIMEFORMAT='%U %S'
{ time hyperfine "${HF_ARGS[@]}" >&2; } 2>"$WORK/hyperfine.time" || die "hyperfine failed"
T1=$(date +%s.%N)
S1=$(proc_ticks "$SERVER_PID")
Q1=$(proc_ticks "$SILENT_PID")
read -r B1 I1 < <(cpu_snapshot)
[[ -n ${JSON:-} ]] && cp "$WORK/hyperfine.json" "$JSON"
read -r HU HS < <(tail -1 "$WORK/hyperfine.time")
CPU=$(awk -v busy=$((B1 - B0)) -v idle=$((I1 - I0)) -v hu="$HU" -v hs="$HS" -v t0="$T0" -v t1="$T1" \
  -v srv=$((S1 - S0 + Q1 - Q0)) -v hz="$(getconf CLK_TCK)" -v cores="$(nproc)" \
  'BEGIN { wall = t1 - t0; b = busy / hz / wall; h = (hu + hs) / wall; s = srv / hz / wall;
           printf "%.0f s wall; tracked-cli runs (and hyperfine) %.2f cores, servers %.2f, rest %.2f, idle %.2f (of %d)",
                  wall, h, s, b - h - s, idle / hz / wall, cores }')

# The last run's spool, and a check that the closed port stayed closed.
for s in a b c d; do "$WORK/prepare.sh" "$WORK/$s"; done
CLOSED_OK=yes
port_in_use "$CLOSED_PORT" && CLOSED_OK="NO: something listened on it after the run"

# --- what reached the server, what was spooled -----------------------------------------------
TOTAL=$((RUNS + WARMUP))
usage_csv=$(java -jar "$SERVER_JAR" usage "$PROJECT" --from 2020-01-01 --by status --format csv \
  --server "$UP" --token "$(cat "$DATA/master")")
STORED_R=$(awk -F, '$1 == "R" { print $2 }' <<<"$usage_csv")
STORED_C=$(awk -F, '$1 == "C" { print $2 }' <<<"$usage_csv")
STORED_ALL=$(awk -F, 'NR > 1 { t += $2 } END { print t + 0 }' <<<"$usage_csv")
spooled() { # setting -> "files events R C" of everything its runs spooled
  local dir=$WORK/$1/spooled n
  n=$(find "$dir" -type f | wc -l)
  if ((n == 0)); then
    echo "0 0 0 0"
    return
  fi
  find "$dir" -type f -exec cat {} + | jq -s -r --arg n "$n" '[.[][]] as $e |
    "\($n) \($e | length) \($e | map(select((.status // "R") == "R")) | length) \($e | map(select(.status == "C")) | length)"'
}
config_files() { find "$WORK/$1/config" -type f | wc -l; }
SILENT_CONNECTIONS=$(grep -c 'connection' "$WORK/silent.log" || true)

# --- report ----------------------------------------------------------------------------------
J=$WORK/hyperfine.json
med() { jq -r --arg n "$1" '.results[] | select(.command == $n) | .median' "$J"; }
MED_A=$(med "${NAME[a]}")
MED_D=$(med "${NAME[d]}")
DIFF_D=$(awk -v a="$MED_A" -v d="$MED_D" 'BEGIN { printf "%.3f", d - a }')
MET=$(awk -v x="$DIFF_D" -v b="$BUDGET_S" 'BEGIN { print (x <= b) ? "met" : "MISSED" }')

echo
echo "### tracked-cli --work-ms $WORK_MS, four settings, one hyperfine run ($START)"
echo
echo "hyperfine $(hyperfine --version | awk '{ print $2 }') -N --warmup $WARMUP --runs $RUNS; $(java -version 2>&1 | head -1);" \
  "JAVA_OPTS='${JAVA_OPTS}'. Tree: $TREE; tracked-cli.jar $(sha256sum "$CLI_JAR" | cut -c1-12). Machine: $CPU; busy before: $BEFORE cores."
echo
echo "| setting | endpoint | median | mean ± σ | min | max | median − (a) | user + sys CPU (mean) | files written |"
echo "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |"
for s in a b c d; do
  read -r files events r c < <(spooled "$s")
  jq -r --arg n "${NAME[$s]}" --arg e "${ENDPOINT[$s]}" --argjson a "$MED_A" \
    --arg f "user_id files: $(config_files "$s"); spooled: $files batch files, $events events ($r R, $c C)" '
    def s3: (. * 1000 | round) as $m | "\($m / 1000 | floor).\("00\($m % 1000)" | .[-3:])";
    def ms: . * 1000 | round | tostring + " ms";
    .results[] | select(.command == $n) |
    "| \($n) | \($e) | \(.median | s3) s | \(.mean | s3) ± \(.stddev | ms) | \(.min | s3) s | \(.max | s3) s | \(if $n | startswith("(a)") then "–" else "+\(.median - $a | ms)" end) | \(.user + .system | ms) | \($f) |"' "$J"
done
echo
echo "Budget: median(d) − median(a) ≤ ${BUDGET_S} s: $DIFF_D s ($MET)."
echo
echo "Delivery: the server stored $STORED_ALL events of $PROJECT (R $STORED_R, C $STORED_C); (b) ran" \
  "$TOTAL times (warm-up included), so $((2 * TOTAL)) are expected if (b) delivered everything and" \
  "(a) sent nothing. The silent server accepted $SILENT_CONNECTIONS connections over the $TOTAL runs of (d)." \
  "The closed port stayed closed: $CLOSED_OK."
