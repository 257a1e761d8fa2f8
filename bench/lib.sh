# Helpers shared by the bench/run-*.sh scripts; source it after setting BENCH_NAME (the script's name
# for log lines) and ROOT (the repository). Needs bash.

log() { printf '[%s] %s\n' "${BENCH_NAME:-bench}" "$*" >&2; }
die() {
  log "ERROR: $*"
  exit 1
}

# require_tools TOOL... : dies naming the first one missing.
require_tools() {
  local tool
  for tool in "$@"; do
    command -v "$tool" >/dev/null || die "$tool not found (apt-get install -y hyperfine jq curl wrk)"
  done
}

# stop_pid PID : stops a background process of the script, if it still runs.
stop_pid() {
  if [[ -n ${1:-} ]] && kill -0 "$1" 2>/dev/null; then
    kill "$1" 2>/dev/null || true
    wait "$1" 2>/dev/null || true
  fi
}

# build_jars MAVEN-ARGS... : builds the jars without tests (offline first), when one is missing
# or REBUILD=1; every argument is passed to mvn (e.g. -pl upkeep-cli -am).
build_jars() {
  local args=(-q -Dmaven.test.skip=true -Dspotless.check.skip=true package "$@")
  if [[ ${REBUILD:-0} == 1 || ! -f $CLI_JAR || ! -f $SERVER_JAR ]]; then
    log "building: mvn ${args[*]}"
    maven_build "${args[@]}"
  fi
}

# maven_build MAVEN-ARGS... : mvn in $ROOT, offline first, then online for what is not downloaded.
maven_build() {
  (cd "$ROOT" && mvn -o "$@" >&2) || (cd "$ROOT" && mvn "$@" >&2)
}

# remove_work RC : deletes $WORK after a run that ended with RC 0; keeps it, saying where, after a
# failure or with KEEP=1.
remove_work() {
  if [[ ${KEEP:-0} == 1 || $1 != 0 ]]; then log "kept $WORK"; else rm -rf "$WORK"; fi
}

# private_copies JAR... : copies the jars into $WORK (a build elsewhere may replace them during the
# run), logs their hashes, and sets TREE to the commit they were built from.
private_copies() {
  local j
  TREE=$(cd "$ROOT" && git rev-parse --short HEAD 2>/dev/null || echo "not a git tree")
  if [[ -n $(cd "$ROOT" && git status --porcelain -- upkeep-client upkeep-protocol upkeep-server 2>/dev/null) ]]; then
    TREE="$TREE + uncommitted changes"
  fi
  for j in "$@"; do
    cp "$j" "$WORK/"
    log "$(basename "$j"): $(sha256sum "$j" | cut -c1-12), built $(date -u -r "$j" +%FT%TZ)"
  done
}

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# free_port FIRST : the first port from FIRST on that nothing listens on.
free_port() {
  local p=$1
  while port_in_use "$p"; do p=$((p + 1)); done
  echo "$p"
}

# wait_http URL SECONDS : true once URL answers.
wait_http() {
  local i
  for ((i = 0; i < $2 * 10; i++)); do
    if curl -s -o /dev/null "$1"; then return 0; fi
    sleep 0.1
  done
  return 1
}

cpu_snapshot() { # /proc/stat cpu line: busy ticks, idle ticks
  awk '$1 == "cpu" { print $2 + $3 + $4 + $7 + $8 + $9, $5 + $6 }' /proc/stat
}

# busy_cores : busy cores of the whole machine over a 2 s sample.
busy_cores() {
  local b0 i0 b1 i1
  read -r b0 i0 < <(cpu_snapshot)
  sleep 2
  read -r b1 i1 < <(cpu_snapshot)
  awk -v b=$((b1 - b0)) -v i=$((i1 - i0)) -v c="$(nproc)" 'BEGIN { printf "%.2f", c * b / (b + i) }'
}

# wait_quiet SECONDS : waits up to SECONDS for a 2 s sample with fewer than 0.2 busy cores, then
# goes on whatever the load; BEFORE holds the last sample.
wait_quiet() {
  local deadline=$((SECONDS + $1))
  while :; do
    BEFORE=$(busy_cores)
    if awk -v b="$BEFORE" 'BEGIN { exit !(b < 0.2) }' || ((SECONDS >= deadline)); then return; fi
    log "machine busy ($BEFORE cores), waiting for it to be quiet"
  done
}

# write_serve_scripts PORT : writes $WORK/serve-ready.sh and $WORK/serve-wait.sh, for hyperfine.
#   serve-ready.sh DATA LAUNCHER... : one start of `LAUNCHER serve` over DATA on a free port from
#     PORT (output appended to $WORK/serve-runs.log) until GET /v1/health answers, then SIGTERM to
#     the process serving that port (a JVM under a wrapper such as unshare too), without waiting:
#     its stop is not start-up;
#   serve-wait.sh : waits for that stop (hyperfine's untimed --prepare, and before the next start).
write_serve_scripts() {
  cat >"$WORK/serve-ready.sh" <<EOF
#!/usr/bin/env bash
set -u
data=\$1; shift
port=\$(( $1 + RANDOM % 200 ))
while (exec 3<>"/dev/tcp/127.0.0.1/\$port") 2>/dev/null; do port=\$((port + 1)); done
"\$@" serve --data "\$data" --host 127.0.0.1 --port "\$port" >>"$WORK/serve-runs.log" 2>&1 &
pid=\$!
for ((i = 0; i < 6000; i++)); do
  if curl -sf -o /dev/null "http://127.0.0.1:\$port/v1/health"; then
    pkill -TERM -f -- "--port \$port"; echo \$pid >"$WORK/serve.pid"; exit 0
  fi
  kill -0 \$pid 2>/dev/null || exit 1
  sleep 0.01
done
kill \$pid; exit 1
EOF
  cat >"$WORK/serve-wait.sh" <<EOF
#!/usr/bin/env bash
pid=\$(cat "$WORK/serve.pid" 2>/dev/null) || exit 0
while kill -0 "\$pid" 2>/dev/null; do sleep 0.02; done
EOF
  chmod +x "$WORK/serve-ready.sh" "$WORK/serve-wait.sh"
}
