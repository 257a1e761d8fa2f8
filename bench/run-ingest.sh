#!/usr/bin/env bash
# Ingest benchmark (A): the migas REST breadcrumb of migas-py main, posted by wrk at 64
# connections against `upkeep serve`, then the identical wrk command against nginx answering a
# bare `return 204`, in one run on this machine. Prints a Markdown table with both rates, the
# ratio, p50/p99 latency, RSS, and the durability check (acknowledged vs stored breadcrumbs).
#
# Usage: bench/run-ingest.sh            (needs wrk and nginx: apt-get install -y wrk nginx-light)
# Environment (all optional):
#   DURATION=30s      measured wrk run, per target
#   WARMUP=10s        wrk warm-up before each measured run (same command)
#   CONNECTIONS=64    wrk -c
#   THREADS=2         wrk -t
#   UPKEEP_PORT=18203 NGINX_PORT=18204   first ports tried (the next free one is used)
#   JAVA_OPTS=        extra JVM options for the server (default: none, the JVM's defaults)
#   REBUILD=1         rebuild upkeep.jar even when it exists
#   KEEP=1            keep the temporary directory (server log, wrk outputs, thread CPU)
#   BUDGET=0.50       minimum upkeep/nginx rate ratio
#   FLOOR=1           also measure GET / on upkeep serve (HTTP stack, no body, no store); 0 = skip
#   QUIET_WAIT=0      seconds to wait for the machine to be idle (< 0.2 busy cores) first
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DURATION=${DURATION:-30s}
WARMUP=${WARMUP:-10s}
CONNECTIONS=${CONNECTIONS:-64}
THREADS=${THREADS:-2}
UPKEEP_PORT=${UPKEEP_PORT:-18203}
NGINX_PORT=${NGINX_PORT:-18204}
JAVA_OPTS=${JAVA_OPTS:-}
BUDGET=${BUDGET:-0.50}
PROJECT=nipreps/nipreps
JAR=$ROOT/upkeep-cli/target/upkeep.jar
LUA=$ROOT/bench/wrk/breadcrumb.lua
NGINX_CONF=$ROOT/bench/nginx/nginx-204.conf

BENCH_NAME=run-ingest
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"

for tool in wrk nginx java curl awk; do
  command -v "$tool" >/dev/null || die "$tool not found (apt-get install -y wrk nginx-light)"
done

WORK=$(mktemp -d -t upkeep-bench-ingest.XXXXXX)
SERVER_PID=""
NGINX_PID=""
cleanup() {
  local rc=$?
  if [[ -n $SERVER_PID ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  if [[ -n $NGINX_PID ]] && kill -0 "$NGINX_PID" 2>/dev/null; then
    kill -QUIT "$NGINX_PID" 2>/dev/null || true
    wait "$NGINX_PID" 2>/dev/null || true
  fi
  remove_work "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- build -----------------------------------------------------------------------------------
if [[ ! -f $JAR || ${REBUILD:-0} == 1 ]]; then
  log "building $JAR"
  # -Dmaven.test.skip (not only -DskipTests): test sources are not compiled at all, so a test
  # being edited elsewhere in the tree cannot break the benchmark build.
  # shellcheck disable=SC2054 # the comma separates Maven modules, not array elements
  args=(-q -Dmaven.test.skip=true -Dspotless.check.skip=true package
    -pl upkeep-protocol,upkeep-server,upkeep-cli -am)
  maven_build "${args[@]}"
fi

# --- helpers ---------------------------------------------------------------------------------
hits() { # port -> stored breadcrumbs of the project, via migas GraphQL get_usage
  local out
  out=$(curl -s -X POST "http://127.0.0.1:$1/graphql" \
    -d '{"query":"query{get_usage(project:\"'"$PROJECT"'\",start:\"2020-01-01\")}"}')
  [[ $out =~ \"hits\":([0-9]+) ]] || die "unexpected get_usage answer: $out"
  echo "${BASH_REMATCH[1]}"
}

metric() { # port name -> value of an unlabelled-or-labelled Prometheus sample of the server
  curl -s "http://127.0.0.1:$1/metrics" | awk -v n="$2" '$1 == n || index($1, n "{") == 1 { print $2; exit }'
}

rss_kb() { # pid field -> kB (VmRSS or VmHWM)
  awk -v f="$2:" '$1 == f { print $2 }' "/proc/$1/status"
}

tree_rss_kb() { # nginx master pid -> summed VmRSS of master and workers
  local total=0 p v
  for p in $1 $(pgrep -P "$1" || true); do
    v=$(rss_kb "$p" VmRSS || echo 0)
    total=$((total + ${v:-0}))
  done
  echo "$total"
}

cpu_split() { # /proc/stat cpu line: user+nice, system, idle, iowait, irq+softirq+steal
  awk '$1 == "cpu" { print $2 + $3, $4, $5, $6, $7 + $8 + $9 }' /proc/stat
}

thread_cpu() { # pid -> "name ticks" per thread (name with digits folded to #)
  local t
  for t in /proc/"$1"/task/*; do
    # comm may contain spaces; the fields after the ")" are fixed.
    awk '{ s = $0; sub(/^[^(]*\(/, "", s); name = s; sub(/\).*$/, "", name);
           sub(/^.*\) /, "", s); split(s, f, " ");
           gsub(/[0-9]+/, "#", name); gsub(/ /, "_", name); print name, f[12] + f[13] }' \
      "$t/stat" 2>/dev/null || true
  done
}

run_wrk() { # label duration url [lua] -> wrk output in $WORK/label.txt, wrk's CPU in label.time
  local TIMEFORMAT='%U %S'
  { time wrk -t"$THREADS" -c"$CONNECTIONS" -d"$2" --latency -s "${4:-$LUA}" "$3" \
    >"$WORK/$1.txt" 2>&1; } 2>"$WORK/$1.time" || die "wrk failed: $(cat "$WORK/$1.txt")"
  sed 's/^/    /' "$WORK/$1.txt" >&2
}

field() { # file key -> value of key=value on the BENCH lines
  grep '^BENCH' "$1" | tr ' ' '\n' | awk -F= -v k="$2" '$1 == k { print $2 }'
}

ms() { awk -v us="$1" 'BEGIN { printf "%.2f ms", us / 1000 }'; }
mib() { awk -v kb="$1" 'BEGIN { printf "%.0f MiB", kb / 1024 }'; }

proc_ticks() { # pid... -> summed utime + stime (clock ticks) of those processes
  local p total=0 v
  for p in "$@"; do
    v=$(awk '{ s = $0; sub(/^.*\) /, "", s); split(s, f, " "); print f[12] + f[13] }' \
      "/proc/$p/stat" 2>/dev/null || echo 0)
    total=$((total + v))
  done
  echo "$total"
}

warm_up() { # label url [lua]
  log "$1: warm-up $WARMUP"
  run_wrk "$1-warmup" "$WARMUP" "$2" "${3:-}"
}

measure() { # label url lua pid...: the measured run, with the machine's CPU split
  local label=$1 url=$2 lua=$3
  shift 3
  log "$label: measured run $DURATION"
  local t0 t1
  read -r u0 s0 i0 w0 q0 < <(cpu_split)
  t0=$(proc_ticks "$@")
  run_wrk "$label" "$DURATION" "$url" "$lua"
  t1=$(proc_ticks "$@")
  read -r u1 s1 i1 w1 q1 < <(cpu_split)
  # Cores used on average by the target, by wrk, by every other process, and idle.
  read -r wu ws <"$WORK/$label.time"
  # "rest" = every CPU tick of the machine not charged to the target or wrk: other processes
  # (another build on a shared machine) and interrupts not charged to a process. Loopback TCP
  # softirq time is charged to whichever process it interrupted, so it is not split out.
  awk -v busy=$((u1 - u0 + s1 - s0 + q1 - q0)) -v idle=$((i1 - i0 + w1 - w0)) \
    -v target=$((t1 - t0)) -v wrk_s="$(awk -v a="$wu" -v b="$ws" 'BEGIN { print a + b }')" \
    -v hz="$(getconf CLK_TCK)" -v cores="$(nproc)" \
    'BEGIN { t = busy + idle; wall = t / hz / cores; w = wrk_s * hz;
             printf "target %.2f cores, wrk %.2f, rest %.2f, idle %.2f (of %d cores)\n",
                    target / hz / wall, wrk_s / wall, (busy - target - w) / hz / wall,
                    idle / hz / wall, cores }' \
    >"$WORK/$label-cpu.txt"
  log "$label: machine CPU during the run: $(cat "$WORK/$label-cpu.txt")"
}

# --- pre-flight: is the machine quiet? -------------------------------------------------------
# Waits up to QUIET_WAIT seconds for a 2 s sample with less than 0.2 busy cores, then goes on
# (with a warning) whatever the load: the tables report the CPU used by everything else anyway.
wait_quiet "${QUIET_WAIT:-0}"
log "machine busy before the run (2 s sample, nothing of this benchmark running): $BEFORE cores"
if awk -v b="$BEFORE" 'BEGIN { exit !(b >= 0.2) }'; then
  log "WARNING: something else is using the CPU; the results will be noisy"
fi

# --- upkeep serve ----------------------------------------------------------------------------
# A private copy: a build elsewhere in the tree may replace upkeep.jar while the server runs.
cp "$JAR" "$WORK/upkeep.jar"
JAR=$WORK/upkeep.jar
log "server jar: $(sha256sum "$JAR" | cut -c1-12), built $(date -u -r "$ROOT/upkeep-cli/target/upkeep.jar" +%FT%TZ)"
UPKEEP_PORT=$(free_port "$UPKEEP_PORT")
DATA=$WORK/data
mkdir -p "$DATA"
start_server() {
  # shellcheck disable=SC2086 # JAVA_OPTS is a list of options
  java $JAVA_OPTS -jar "$JAR" serve --host 127.0.0.1 --port "$UPKEEP_PORT" --data "$DATA" \
    --master-token-file "$DATA/master" --no-rate-limit >>"$WORK/server.log" 2>&1 &
  SERVER_PID=$!
  wait_http "http://127.0.0.1:$UPKEEP_PORT/v1/health" 60 ||
    die "upkeep serve did not start: $(tail -20 "$WORK/server.log")"
}
log "starting upkeep serve on 127.0.0.1:$UPKEEP_PORT (data $DATA)"
start_server
UPKEEP_TOKEN=$(cat "$DATA/master") java -jar "$JAR" project register "$PROJECT" \
  --server "http://127.0.0.1:$UPKEEP_PORT" >&2
URL=http://127.0.0.1:$UPKEEP_PORT/api/breadcrumb

warm_up upkeep "$URL"
thread_cpu "$SERVER_PID" >"$WORK/threads-before.txt"
C0=$(metric "$UPKEEP_PORT" upkeep_ingest_commit_seconds_count)
S0=$(metric "$UPKEEP_PORT" upkeep_ingest_commit_seconds_sum)
measure upkeep "$URL" "$LUA" "$SERVER_PID"
C1=$(metric "$UPKEEP_PORT" upkeep_ingest_commit_seconds_count)
S1=$(metric "$UPKEEP_PORT" upkeep_ingest_commit_seconds_sum)
thread_cpu "$SERVER_PID" >"$WORK/threads-after.txt"
UPKEEP_RSS=$(rss_kb "$SERVER_PID" VmRSS)
UPKEEP_HWM=$(rss_kb "$SERVER_PID" VmHWM)

# Durability: every acknowledged (2xx) breadcrumb must be stored. wrk counts only the responses
# it read, so requests still in flight when it stopped may be stored without being counted:
# stored >= acknowledged is the check. Counted live, then again after a SIGKILL and restart
# (the server answers 2xx only after the commit; this shows nothing acknowledged lived only in
# memory).
ACKED_WARMUP=$(field "$WORK/upkeep-warmup.txt" acked)
ACKED=$(field "$WORK/upkeep.txt" acked)
ACKED_TOTAL=$((ACKED_WARMUP + ACKED))
STORED_LIVE=$(hits "$UPKEEP_PORT")
log "acknowledged $ACKED_TOTAL (warm-up $ACKED_WARMUP + measured $ACKED); stored (live) $STORED_LIVE"

# The HTTP stack's floor on this machine: the same wrk command, GET / (no body, no store).
if [[ ${FLOOR:-1} == 1 ]]; then
  FLOOR_LUA=$ROOT/bench/wrk/get-root.lua
  warm_up floor "http://127.0.0.1:$UPKEEP_PORT/" "$FLOOR_LUA"
  measure floor "http://127.0.0.1:$UPKEEP_PORT/" "$FLOOR_LUA" "$SERVER_PID"
fi

log "SIGKILL the server, restart it on the same data, count again"
kill -KILL "$SERVER_PID"
wait "$SERVER_PID" 2>/dev/null || true
start_server
STORED_AFTER_KILL=$(hits "$UPKEEP_PORT")
log "stored after SIGKILL + restart: $STORED_AFTER_KILL"
kill "$SERVER_PID"
wait "$SERVER_PID" 2>/dev/null || true
SERVER_PID=""
DURABLE=yes
if ((STORED_LIVE < ACKED_TOTAL || STORED_AFTER_KILL < ACKED_TOTAL)); then DURABLE=NO; fi

# Server CPU by thread during the measured run (clock ticks, folded by thread name).
awk 'FNR == NR { b[$1] += $2; next } { a[$1] += $2 }
     END { for (k in a) { d = a[k] - b[k]; tot += d; if (d > 0) r[k] = d }
           for (k in r) printf "%s %d %.1f%%\n", k, r[k], 100 * r[k] / tot }' \
  "$WORK/threads-before.txt" "$WORK/threads-after.txt" | sort -k2,2nr >"$WORK/threads.txt"

SECONDS_RUN=$(awk -v us="$(field "$WORK/upkeep.txt" duration_us)" 'BEGIN { print us / 1e6 }')
HZ=$(getconf CLK_TCK)
SERVER_CORES=$(awk -v hz="$HZ" -v s="$SECONDS_RUN" '{ t += $2 } END { printf "%.2f", t / hz / s }' \
  "$WORK/threads.txt")
COMMITS=$(awk -v a="$C0" -v b="$C1" 'BEGIN { printf "%d", b - a }')
WRITER=$(awk -v c="$COMMITS" -v a="$S0" -v b="$S1" -v s="$SECONDS_RUN" -v n="$(field "$WORK/upkeep.txt" requests)" \
  'BEGIN { printf "%d group commits, %.1f breadcrumbs per commit, mean commit %.2f ms, writer thread in commits %.0f%% of the run",
           c, n / c, 1000 * (b - a) / c, 100 * (b - a) / s }')

# --- nginx return 204 ------------------------------------------------------------------------
NGINX_PORT=$(free_port "$NGINX_PORT")
NGX=$WORK/nginx
mkdir -p "$NGX"
sed -e "s|@PORT@|$NGINX_PORT|g" -e "s|@PREFIX@|$NGX|g" "$NGINX_CONF" >"$NGX/nginx.conf"
log "starting nginx (return 204) on 127.0.0.1:$NGINX_PORT"
nginx -p "$NGX" -c "$NGX/nginx.conf" -e "$NGX/error.log" &
NGINX_PID=$!
wait_http "http://127.0.0.1:$NGINX_PORT/" 10 || die "nginx did not start: $(cat "$NGX/error.log")"
warm_up nginx "http://127.0.0.1:$NGINX_PORT/api/breadcrumb"
# shellcheck disable=SC2046 # the master and its workers, one pid each
measure nginx "http://127.0.0.1:$NGINX_PORT/api/breadcrumb" "$LUA" "$NGINX_PID" $(pgrep -P "$NGINX_PID")
NGINX_RSS=$(tree_rss_kb "$NGINX_PID")
kill -QUIT "$NGINX_PID"
wait "$NGINX_PID" 2>/dev/null || true
NGINX_PID=""

# --- report ----------------------------------------------------------------------------------
U_RPS=$(field "$WORK/upkeep.txt" rps)
N_RPS=$(field "$WORK/nginx.txt" rps)
RATIO=$(awk -v a="$U_RPS" -v b="$N_RPS" 'BEGIN { printf "%.3f", a / b }')
MET=$(awk -v r="$RATIO" -v b="$BUDGET" 'BEGIN { print (r >= b) ? "met" : "MISSED" }')

echo
echo "### Ingest (A): migas REST breadcrumb, wrk -t$THREADS -c$CONNECTIONS -d$DURATION ($(date -u +%FT%TZ))"
echo
echo "| target | requests/s | p50 | p99 | max | non-2xx | socket errors | RSS | upkeep/nginx | acked vs stored |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | --- |"
row() { # label file rss-text ratio durability
  local f=$2
  local errs=$(($(field "$f" errors_connect) + $(field "$f" errors_read) + $(field "$f" errors_write) + $(field "$f" errors_timeout)))
  printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$1" "$(field "$f" rps)" \
    "$(ms "$(field "$f" p50_us)")" "$(ms "$(field "$f" p99_us)")" "$(ms "$(field "$f" max_us)")" \
    "$(field "$f" non2xx)" "$errs" "$3" "$4" "$5"
}
row "upkeep serve" "$WORK/upkeep.txt" "$(mib "$UPKEEP_RSS") (peak $(mib "$UPKEEP_HWM"))" "$RATIO" \
  "acked $ACKED_TOTAL, stored $STORED_LIVE live / $STORED_AFTER_KILL after kill -9: durable $DURABLE"
if [[ ${FLOOR:-1} == 1 ]]; then
  row "upkeep serve GET / (HTTP stack floor: no body, no store)" "$WORK/floor.txt" "" \
    "$(awk -v a="$(field "$WORK/floor.txt" rps)" -v b="$N_RPS" 'BEGIN { printf "%.3f", a / b }')" "n/a"
fi
row "nginx return 204" "$WORK/nginx.txt" "$(mib "$NGINX_RSS") (master + workers)" "1" "n/a"
echo
echo "Budget: upkeep/nginx >= $BUDGET with every acknowledged event durable: ratio $RATIO ($MET), durable $DURABLE."
echo
echo "Machine CPU during the measured run (average cores busy; wrk and the target share the machine;"
echo "'rest' is everything else: another build on this machine, interrupts). Busy before the run: $BEFORE cores."
echo "- upkeep serve: $(cat "$WORK/upkeep-cpu.txt")"
if [[ ${FLOOR:-1} == 1 ]]; then echo "- upkeep serve GET /: $(cat "$WORK/floor-cpu.txt")"; fi
echo "- nginx: $(cat "$WORK/nginx-cpu.txt")"
echo
echo "upkeep serve during the measured run: $WRITER; process CPU $SERVER_CORES cores of $(nproc)."
echo
echo "upkeep serve CPU by thread during the measured run (clock ticks, share of the process):"
echo
echo '```'
head -12 "$WORK/threads.txt"
echo '```'

[[ $DURABLE == yes ]] || die "acknowledged breadcrumbs are missing from the store"
