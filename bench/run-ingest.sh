#!/usr/bin/env bash
# Ingest benchmark (A): the migas REST breadcrumb of migas-py main, posted by wrk at 64
# connections against `upkeep serve` on SQLite and on PostgreSQL, then the identical wrk command
# against bare Jetty (dev.upkeep.bench.JettyFloor: Jetty 12 answering 200 from a core handler, the
# server under the collector) and against nginx answering a bare `return 204`, in one run on this
# machine. Prints a Markdown table with the rates, the ratios to bare Jetty (the budget, issue 17)
# and to nginx, p50/p99 latency, RSS under load, CPU per request (collector plus database), and the
# durability check (acknowledged vs stored breadcrumbs, live and after SIGKILL + restart).
#
# Usage: bench/run-ingest.sh            (needs wrk and nginx: apt-get install -y wrk nginx-light)
# Environment (all optional):
#   DURATION=30s      measured wrk run, per target
#   WARMUP=10s        wrk warm-up before each measured run (same command)
#   CONNECTIONS=64    wrk -c
#   THREADS=2         wrk -t
#   UPKEEP_PORT=18203 NGINX_PORT=18204 JETTY_PORT=18205   first ports tried (the next free one)
#   JAVA_OPTS=        extra JVM options for the server and bare Jetty (default: none, the JVM's)
#   JETTY_OPTS=       bare Jetty's JVM options instead, when they differ from the collector's (e.g.
#                     "" for the JVM's own choice: the anchor at its fastest); default JAVA_OPTS
#   REBUILD=1         rebuild upkeep.jar even when it exists
#   UPKEEP_JAR=       the collector's jar to measure (default upkeep-cli/target/upkeep.jar, built
#                     when missing), e.g. one built from an earlier commit, for a before/after
#   KEEP=1            keep the temporary directory (server log, wrk outputs, thread CPU)
#   BUDGET=0.50       minimum upkeep/bare-Jetty rate ratio
#   PAIRS=3           then that many alternating measured runs of the collector (SQLite) and bare
#                     Jetty, both kept running and warm, and the median of their ratios: the
#                     verdict least moved by what else the machine does (0 = skip)
#   FLOOR=1           also measure GET / on upkeep serve (HTTP stack, no body, no store); 0 = skip
#   QUIET_WAIT=0      seconds to wait for the machine to be idle (< 0.2 busy cores) first
#   STORES="sqlite postgres"   the collector's stores, in this order
#   DATABASE_URL=jdbc:postgresql://127.0.0.1:5432/test?user=postgres   PostgreSQL; the run gets a
#                     new schema there, dropped at the end
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DURATION=${DURATION:-30s}
WARMUP=${WARMUP:-10s}
CONNECTIONS=${CONNECTIONS:-64}
THREADS=${THREADS:-2}
UPKEEP_PORT=${UPKEEP_PORT:-18203}
NGINX_PORT=${NGINX_PORT:-18204}
JETTY_PORT=${JETTY_PORT:-18205}
JAVA_OPTS=${JAVA_OPTS:-}
JETTY_OPTS=${JETTY_OPTS-$JAVA_OPTS}
BUDGET=${BUDGET:-0.50}
PAIRS=${PAIRS:-3}
PROJECT=nipreps/nipreps
JAR=${UPKEEP_JAR:-$ROOT/upkeep-cli/target/upkeep.jar}
BENCH_JAR=$ROOT/bench/target/upkeep-bench.jar
STORES=${STORES:-sqlite postgres}
DATABASE_URL=${DATABASE_URL:-jdbc:postgresql://127.0.0.1:5432/test?user=postgres}
PG_APP=upkeep-bench-ingest
LUA=$ROOT/bench/wrk/breadcrumb.lua
NGINX_CONF=$ROOT/bench/nginx/nginx-204.conf

BENCH_NAME=run-ingest
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"

for tool in wrk nginx java curl awk; do
  command -v "$tool" >/dev/null || die "$tool not found (apt-get install -y wrk nginx-light)"
done

for store in $STORES; do
  [[ $store == sqlite || $store == postgres ]] || die "STORES takes sqlite and postgres, was $store"
done

WORK=$(mktemp -d -t upkeep-bench-ingest.XXXXXX)
SERVER_PID=""
NGINX_PID=""
JETTY_PID=""
PG_URL=""
cleanup() {
  local rc=$?
  if [[ -n $SERVER_PID ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  if [[ -n $JETTY_PID ]] && kill -0 "$JETTY_PID" 2>/dev/null; then
    kill "$JETTY_PID" 2>/dev/null || true
    wait "$JETTY_PID" 2>/dev/null || true
  fi
  if [[ -n $PG_URL ]]; then
    pgtool drop "$PG_URL" || log "could not drop the schema of $PG_URL"
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
# bench/ holds bare Jetty (JettyFloor) and the PostgreSQL chores (PgTool).
if [[ ! -f $JAR || ! -f $BENCH_JAR || ${REBUILD:-0} == 1 ]]; then
  log "building $JAR and $BENCH_JAR"
  # -Dmaven.test.skip (not only -DskipTests): test sources are not compiled at all, so a test
  # being edited elsewhere in the tree cannot break the benchmark build.
  # shellcheck disable=SC2054 # the comma separates Maven modules, not array elements
  args=(-q -Pbench -Dmaven.test.skip=true -Dspotless.check.skip=true package
    -pl upkeep-cli,bench -am)
  maven_build "${args[@]}"
fi
cp "$BENCH_JAR" "$WORK/upkeep-bench.jar"
pgtool() { java -cp "$WORK/upkeep-bench.jar" dev.upkeep.bench.PgTool "$@"; }

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

measure() { # label url lua pid...: the measured run, with the machine's CPU split; the PostgreSQL
  # processes in $DB_PIDS (if any) are counted as "database"
  local label=$1 url=$2 lua=$3
  shift 3
  log "$label: measured run $DURATION"
  local t0 t1 d0 d1
  read -r u0 s0 i0 w0 q0 < <(cpu_split)
  t0=$(proc_ticks "$@")
  # shellcheck disable=SC2086 # a list of pids
  d0=$(proc_ticks ${DB_PIDS:-})
  run_wrk "$label" "$DURATION" "$url" "$lua"
  # shellcheck disable=SC2086 # a list of pids
  d1=$(proc_ticks ${DB_PIDS:-})
  t1=$(proc_ticks "$@")
  read -r u1 s1 i1 w1 q1 < <(cpu_split)
  # Cores used on average by the target, by wrk, by every other process, and idle.
  read -r wu ws <"$WORK/$label.time"
  # "rest" = every CPU tick of the machine not charged to the target or wrk: other processes
  # (another build on a shared machine) and interrupts not charged to a process. Loopback TCP
  # softirq time is charged to whichever process it interrupted, so it is not split out.
  awk -v busy=$((u1 - u0 + s1 - s0 + q1 - q0)) -v idle=$((i1 - i0 + w1 - w0)) \
    -v target=$((t1 - t0)) -v wrk_s="$(awk -v a="$wu" -v b="$ws" 'BEGIN { print a + b }')" \
    -v db=$((d1 - d0)) -v hz="$(getconf CLK_TCK)" -v cores="$(nproc)" \
    'BEGIN { t = busy + idle; wall = t / hz / cores; w = wrk_s * hz;
             dbt = db > 0 ? sprintf(", database %.2f", db / hz / wall) : "";
             printf "target %.2f cores%s, wrk %.2f, rest %.2f, idle %.2f (of %d cores)\n",
                    target / hz / wall, dbt, wrk_s / wall, (busy - target - db - w) / hz / wall,
                    idle / hz / wall, cores }' \
    >"$WORK/$label-cpu.txt"
  # target + database CPU seconds, for the CPU per request
  awk -v t=$((t1 - t0 + d1 - d0)) -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.2f", t / hz }' \
    >"$WORK/$label-cpus.txt"
  log "$label: machine CPU during the run: $(cat "$WORK/$label-cpu.txt")"
}

# --- pre-flight: is the machine quiet? -------------------------------------------------------
# Waits up to QUIET_WAIT seconds for a 2 s sample with less than 0.2 busy cores, then goes on
# (with a warning) whatever the load: the tables report the CPU used by everything else anyway.
wait_quiet "${QUIET_WAIT:-0}"
UPTIME_BEFORE=$(uptime)
COMMIT=$(cd "$ROOT" && git rev-parse --short HEAD 2>/dev/null || echo "not a git tree")
if [[ -n $(cd "$ROOT" && git status --porcelain -- upkeep-protocol upkeep-server upkeep-cli bench 2>/dev/null) ]]; then
  COMMIT="$COMMIT + uncommitted changes"
fi
log "machine busy before the run (2 s sample, nothing of this benchmark running): $BEFORE cores"
if awk -v b="$BEFORE" 'BEGIN { exit !(b >= 0.2) }'; then
  log "WARNING: something else is using the CPU; the results will be noisy"
fi

# --- upkeep serve ----------------------------------------------------------------------------
# A private copy: a build elsewhere in the tree may replace upkeep.jar while the server runs.
cp "$JAR" "$WORK/upkeep.jar"
JAR=$WORK/upkeep.jar
log "server jar: $(sha256sum "$JAR" | cut -c1-12), built $(date -u -r "${UPKEEP_JAR:-$ROOT/upkeep-cli/target/upkeep.jar}" +%FT%TZ)"
UPKEEP_PORT=$(free_port "$UPKEEP_PORT")
start_server() { # data-dir [serve options...]
  local data=$1
  shift
  # shellcheck disable=SC2086 # JAVA_OPTS is a list of options
  java $JAVA_OPTS -jar "$JAR" serve --host 127.0.0.1 --port "$UPKEEP_PORT" --data "$data" \
    --master-token-file "$data/master" --no-rate-limit "$@" >>"$WORK/server.log" 2>&1 &
  SERVER_PID=$!
  wait_http "http://127.0.0.1:$UPKEEP_PORT/v1/health" 120 ||
    die "upkeep serve did not start: $(tail -20 "$WORK/server.log")"
}

# run_upkeep LABEL STORE FLOOR: the warm-up and measured wrk runs against upkeep serve on STORE
# (sqlite or postgres), the durability check (live, then after SIGKILL + restart) and, with FLOOR=1,
# the GET / floor; leaves its figures in $WORK/LABEL*.txt.
run_upkeep() {
  local label=$1 store=$2 floor=$3 data=$WORK/data-$2 extra=()
  mkdir -p "$data"
  if [[ $store == postgres ]]; then
    PG_URL=$(pgtool create "$DATABASE_URL" upkeep_bench_ingest "$PG_APP")
    extra=(--database-url "$PG_URL")
    pgtool settings "$PG_URL" >"$WORK/pg-settings.txt"
    local schema=${PG_URL#*currentSchema=}
    log "$label: PostgreSQL $(cat "$WORK/pg-settings.txt"); schema ${schema%%&*}"
  fi
  log "$label: starting upkeep serve on 127.0.0.1:$UPKEEP_PORT ($store, data $data)"
  start_server "$data" "${extra[@]}"
  UPKEEP_TOKEN=$(cat "$data/master") java -jar "$JAR" project register "$PROJECT" \
    --server "http://127.0.0.1:$UPKEEP_PORT" >&2
  local url=http://127.0.0.1:$UPKEEP_PORT/api/breadcrumb

  warm_up "$label" "$url"
  DB_PIDS=""
  if [[ $store == postgres ]]; then
    # the collector's connections and the server's background processes (checkpointer, WAL writer, ...)
    DB_PIDS=$(pgtool pids "$DATABASE_URL" "$PG_APP")
    log "$label: PostgreSQL processes counted as the database: $DB_PIDS"
  fi
  thread_cpu "$SERVER_PID" >"$WORK/$label-threads-before.txt"
  # (not c0/s0: measure() sets s0 and s1, bash's variables are dynamically scoped)
  local commits0 sum0 commits1 sum1
  commits0=$(metric "$UPKEEP_PORT" upkeep_ingest_commit_seconds_count)
  sum0=$(metric "$UPKEEP_PORT" upkeep_ingest_commit_seconds_sum)
  measure "$label" "$url" "$LUA" "$SERVER_PID"
  DB_PIDS=""
  commits1=$(metric "$UPKEEP_PORT" upkeep_ingest_commit_seconds_count)
  sum1=$(metric "$UPKEEP_PORT" upkeep_ingest_commit_seconds_sum)
  thread_cpu "$SERVER_PID" >"$WORK/$label-threads-after.txt"
  echo "$(mib "$(rss_kb "$SERVER_PID" VmRSS)") (peak $(mib "$(rss_kb "$SERVER_PID" VmHWM)"))" \
    >"$WORK/$label-rss.txt"

  # Durability: every acknowledged (2xx) breadcrumb must be stored. wrk counts only the responses
  # it read, so requests still in flight when it stopped may be stored without being counted:
  # stored >= acknowledged is the check. Counted live, then again after a SIGKILL and restart
  # (the server answers 2xx only after the commit; this shows nothing acknowledged lived only in
  # memory).
  local acked_warmup acked acked_total stored_live stored_after durable
  acked_warmup=$(field "$WORK/$label-warmup.txt" acked)
  acked=$(field "$WORK/$label.txt" acked)
  acked_total=$((acked_warmup + acked))
  stored_live=$(hits "$UPKEEP_PORT")
  log "$label: acknowledged $acked_total (warm-up $acked_warmup + measured $acked); stored (live) $stored_live"

  # The HTTP stack's floor on this machine: the same wrk command, GET / (no body, no store).
  if [[ $floor == 1 ]]; then
    local floor_lua=$ROOT/bench/wrk/get-root.lua
    warm_up floor "http://127.0.0.1:$UPKEEP_PORT/" "$floor_lua"
    measure floor "http://127.0.0.1:$UPKEEP_PORT/" "$floor_lua" "$SERVER_PID"
  fi

  log "$label: SIGKILL the server, restart it on the same data, count again"
  kill -KILL "$SERVER_PID"
  wait "$SERVER_PID" 2>/dev/null || true
  start_server "$data" "${extra[@]}"
  stored_after=$(hits "$UPKEEP_PORT")
  log "$label: stored after SIGKILL + restart: $stored_after"
  kill "$SERVER_PID"
  wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=""
  durable=yes
  if ((stored_live < acked_total || stored_after < acked_total)); then durable=NO; fi
  echo "$durable" >"$WORK/$label-durable.txt"
  echo "acked $acked_total, stored $stored_live live / $stored_after after kill -9: durable $durable" \
    >"$WORK/$label-check.txt"

  # Server CPU by thread during the measured run (clock ticks, folded by thread name).
  awk 'FNR == NR { b[$1] += $2; next } { a[$1] += $2 }
       END { for (k in a) { d = a[k] - b[k]; tot += d; if (d > 0) r[k] = d }
             for (k in r) printf "%s %d %.1f%%\n", k, r[k], 100 * r[k] / tot }' \
    "$WORK/$label-threads-before.txt" "$WORK/$label-threads-after.txt" | sort -k2,2nr \
    >"$WORK/$label-threads.txt"

  local seconds_run hz server_cores commits
  seconds_run=$(awk -v us="$(field "$WORK/$label.txt" duration_us)" 'BEGIN { print us / 1e6 }')
  hz=$(getconf CLK_TCK)
  server_cores=$(awk -v hz="$hz" -v s="$seconds_run" '{ t += $2 } END { printf "%.2f", t / hz / s }' \
    "$WORK/$label-threads.txt")
  commits=$(awk -v a="$commits0" -v b="$commits1" 'BEGIN { printf "%d", b - a }')
  awk -v c="$commits" -v a="$sum0" -v b="$sum1" -v s="$seconds_run" \
    -v n="$(field "$WORK/$label.txt" requests)" -v cores="$server_cores" -v all="$(nproc)" \
    'BEGIN { printf "%d group commits, %.1f breadcrumbs per commit, mean commit %.2f ms, writer thread in commits %.0f%% of the run; process CPU %.2f cores of %d",
             c, n / c, 1000 * (b - a) / c, 100 * (b - a) / s, cores, all }' >"$WORK/$label-writer.txt"
}

FIRST=1
for store in $STORES; do
  if [[ $store == sqlite ]]; then label=upkeep; else label=upkeep-pg; fi
  run_upkeep "$label" "$store" "$([[ $FIRST == 1 && ${FLOOR:-1} == 1 ]] && echo 1 || echo 0)"
  FIRST=0
done

# --- bare Jetty ------------------------------------------------------------------------------
# Jetty 12 (the collector's HTTP server) answering 200 from one core handler without reading the
# body: what any Jetty-based endpoint can reach here. JVM options: JETTY_OPTS (by default the
# collector's).
JETTY_PORT=$(free_port "$JETTY_PORT")
log "starting bare Jetty (dev.upkeep.bench.JettyFloor) on 127.0.0.1:$JETTY_PORT"
# shellcheck disable=SC2086 # JETTY_OPTS is a list of options
java $JETTY_OPTS -cp "$WORK/upkeep-bench.jar" dev.upkeep.bench.JettyFloor "$JETTY_PORT" \
  >"$WORK/jetty.log" 2>&1 &
JETTY_PID=$!
wait_http "http://127.0.0.1:$JETTY_PORT/" 30 || die "bare Jetty did not start: $(cat "$WORK/jetty.log")"
warm_up jetty "http://127.0.0.1:$JETTY_PORT/api/breadcrumb"
measure jetty "http://127.0.0.1:$JETTY_PORT/api/breadcrumb" "$LUA" "$JETTY_PID"
echo "$(mib "$(rss_kb "$JETTY_PID" VmRSS)") (peak $(mib "$(rss_kb "$JETTY_PID" VmHWM)"))" \
  >"$WORK/jetty-rss.txt"
kill "$JETTY_PID"
wait "$JETTY_PID" 2>/dev/null || true
JETTY_PID=""

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

# --- alternating pairs -----------------------------------------------------------------------
# One ratio compares two runs a minute apart; on a shared machine either may be disturbed. So both
# the collector (SQLite, a new data directory) and bare Jetty run side by side, each warmed up once,
# and wrk measures them in turn PAIRS times; the median of the pairs' ratios is the verdict.
if ((PAIRS > 0)) && [[ " $STORES " == *" sqlite "* ]]; then
  PAIRS_DATA=$WORK/data-pairs
  mkdir -p "$PAIRS_DATA"
  log "pairs: starting upkeep serve (sqlite, data $PAIRS_DATA) and bare Jetty"
  start_server "$PAIRS_DATA"
  UPKEEP_TOKEN=$(cat "$PAIRS_DATA/master") java -jar "$JAR" project register "$PROJECT" \
    --server "http://127.0.0.1:$UPKEEP_PORT" >&2
  # shellcheck disable=SC2086 # JETTY_OPTS is a list of options
  java $JETTY_OPTS -cp "$WORK/upkeep-bench.jar" dev.upkeep.bench.JettyFloor "$JETTY_PORT" \
    >>"$WORK/jetty.log" 2>&1 &
  JETTY_PID=$!
  wait_http "http://127.0.0.1:$JETTY_PORT/" 30 || die "bare Jetty did not start: $(cat "$WORK/jetty.log")"
  warm_up pairs-upkeep "http://127.0.0.1:$UPKEEP_PORT/api/breadcrumb"
  warm_up pairs-jetty "http://127.0.0.1:$JETTY_PORT/api/breadcrumb"
  for i in $(seq "$PAIRS"); do
    log "pairs: pair $i of $PAIRS"
    run_wrk "pair$i-upkeep" "$DURATION" "http://127.0.0.1:$UPKEEP_PORT/api/breadcrumb"
    run_wrk "pair$i-jetty" "$DURATION" "http://127.0.0.1:$JETTY_PORT/api/breadcrumb"
  done
  kill "$JETTY_PID" "$SERVER_PID"
  wait "$JETTY_PID" "$SERVER_PID" 2>/dev/null || true
  JETTY_PID=""
  SERVER_PID=""
fi

# --- report ----------------------------------------------------------------------------------
N_RPS=$(field "$WORK/nginx.txt" rps)
J_RPS=$(field "$WORK/jetty.txt" rps)
ratio_to() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a / b }'; }
name_of() { if [[ $1 == upkeep ]]; then echo "upkeep serve (SQLite)"; else echo "upkeep serve (PostgreSQL)"; fi; }
labels=()
for store in $STORES; do
  if [[ $store == sqlite ]]; then labels+=(upkeep); else labels+=(upkeep-pg); fi
done

echo
echo "### Ingest (A): migas REST breadcrumb, wrk -t$THREADS -c$CONNECTIONS -d$DURATION ($(date -u +%FT%TZ))"
echo
echo "Tree: $COMMIT; collector jar ${UPKEEP_JAR:-upkeep-cli/target/upkeep.jar} ($(sha256sum "$JAR" | cut -c1-12)). JAVA_OPTS: ${JAVA_OPTS:-none}; bare Jetty's: ${JETTY_OPTS:-none}. uptime before: $UPTIME_BEFORE; after: $(uptime)."
echo
echo "| target | requests/s | p50 | p99 | max | non-2xx | socket errors | RSS under load | / bare Jetty | / nginx | CPU per request (server + database) | acked vs stored |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: | --- |"
row() { # label file rss-text ratio-to-nginx cpu-per-request durability
  local f=$2
  local errs=$(($(field "$f" errors_connect) + $(field "$f" errors_read) + $(field "$f" errors_write) + $(field "$f" errors_timeout)))
  printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$1" "$(field "$f" rps)" \
    "$(ms "$(field "$f" p50_us)")" "$(ms "$(field "$f" p99_us)")" "$(ms "$(field "$f" max_us)")" \
    "$(field "$f" non2xx)" "$errs" "$3" "$(ratio_to "$(field "$f" rps)" "$J_RPS")" "$4" "$5" "$6"
}
per_request() { # label -> CPU µs per request of the target (+ database) in the measured run
  awk -v c="$(cat "$WORK/$1-cpus.txt")" -v n="$(field "$WORK/$1.txt" requests)" \
    'BEGIN { printf "%.1f µs", 1e6 * c / n }'
}
for l in "${labels[@]}"; do
  row "$(name_of "$l")" "$WORK/$l.txt" "$(cat "$WORK/$l-rss.txt")" \
    "$(ratio_to "$(field "$WORK/$l.txt" rps)" "$N_RPS")" "$(per_request "$l")" "$(cat "$WORK/$l-check.txt")"
  if [[ $l == "${labels[0]}" && -f $WORK/floor.txt ]]; then
    row "upkeep serve GET / (HTTP stack floor: no body, no store)" "$WORK/floor.txt" "" \
      "$(ratio_to "$(field "$WORK/floor.txt" rps)" "$N_RPS")" "$(per_request floor)" "n/a"
  fi
done
row "bare Jetty (JettyFloor: core handler, 200, body not read)" "$WORK/jetty.txt" \
  "$(cat "$WORK/jetty-rss.txt")" "$(ratio_to "$J_RPS" "$N_RPS")" "$(per_request jetty)" "n/a"
row "nginx return 204" "$WORK/nginx.txt" "$(mib "$NGINX_RSS") (master + workers)" "1" "$(per_request nginx)" "n/a"
echo
DURABLE=yes
for l in "${labels[@]}"; do
  RATIO=$(ratio_to "$(field "$WORK/$l.txt" rps)" "$J_RPS")
  MET=$(awk -v r="$RATIO" -v b="$BUDGET" 'BEGIN { print (r >= b) ? "met" : "MISSED" }')
  echo "Budget, $(name_of "$l"): upkeep/bare Jetty >= $BUDGET with every acknowledged event durable: ratio $RATIO ($MET; to nginx $(ratio_to "$(field "$WORK/$l.txt" rps)" "$N_RPS")), durable $(cat "$WORK/$l-durable.txt")."
  [[ $(cat "$WORK/$l-durable.txt") == yes ]] || DURABLE=NO
done
if [[ -f $WORK/pair1-upkeep.txt ]]; then
  echo
  echo "Alternating pairs (both servers running and warm; wrk -d$DURATION each, collector first):"
  echo
  echo "| pair | upkeep serve (SQLite) requests/s | bare Jetty requests/s | ratio |"
  echo "| ---: | ---: | ---: | ---: |"
  ratios=()
  for i in $(seq "$PAIRS"); do
    u=$(field "$WORK/pair$i-upkeep.txt" rps)
    j=$(field "$WORK/pair$i-jetty.txt" rps)
    ratios+=("$(ratio_to "$u" "$j")")
    echo "| $i | $u | $j | ${ratios[-1]} |"
  done
  MEDIAN=$(printf '%s\n' "${ratios[@]}" | sort -n | awk '{ r[NR] = $1 } END {
    print (NR % 2) ? r[(NR + 1) / 2] : sprintf("%.3f", (r[NR / 2] + r[NR / 2 + 1]) / 2) }')
  MET=$(awk -v r="$MEDIAN" -v b="$BUDGET" 'BEGIN { print (r >= b) ? "met" : "MISSED" }')
  echo
  echo "Budget over $PAIRS alternating pairs, upkeep serve (SQLite)/bare Jetty >= $BUDGET: median ratio $MEDIAN ($MET)."
fi
if [[ -f $WORK/upkeep.txt && -f $WORK/upkeep-pg.txt ]]; then
  echo
  echo "PostgreSQL / SQLite: requests/s $(ratio_to "$(field "$WORK/upkeep-pg.txt" rps)" "$(field "$WORK/upkeep.txt" rps)"); CPU per request (collector + database) $(per_request upkeep) on SQLite, $(per_request upkeep-pg) on PostgreSQL."
fi
if [[ -f $WORK/pg-settings.txt ]]; then
  echo
  echo "PostgreSQL: $(cat "$WORK/pg-settings.txt")."
fi
echo
echo "Machine CPU during the measured run (average cores busy; wrk and the target share the machine;"
echo "'database' is the PostgreSQL processes working for the collector: its connections and the"
echo "server's background processes; 'rest' is everything else: another build on this machine,"
echo "other PostgreSQL clients, interrupts). Busy before the run: $BEFORE cores."
for l in "${labels[@]}"; do
  echo "- $(name_of "$l"): $(cat "$WORK/$l-cpu.txt")"
  if [[ $l == "${labels[0]}" && -f $WORK/floor-cpu.txt ]]; then
    echo "- upkeep serve GET /: $(cat "$WORK/floor-cpu.txt")"
  fi
done
echo "- bare Jetty: $(cat "$WORK/jetty-cpu.txt")"
echo "- nginx: $(cat "$WORK/nginx-cpu.txt")"
for l in "${labels[@]}"; do
  echo
  echo "$(name_of "$l") during the measured run: $(cat "$WORK/$l-writer.txt")."
  echo
  echo "$(name_of "$l") CPU by thread during the measured run (clock ticks, share of the process):"
  echo
  echo '```'
  head -12 "$WORK/$l-threads.txt"
  echo '```'
done

[[ $DURABLE == yes ]] || die "acknowledged breadcrumbs are missing from the store"
