#!/usr/bin/env bash
# Releases hosted by the collector (issue 16), in one run on this machine, page cache warm:
#   (P) a file of 1 GiB (random bytes) and one of 4 KiB pushed as releases to `upkeep serve` on
#       loopback (its data dir in the work dir); then in ONE hyperfine run, side by side for each
#       file: `upkeep release pull` into a fresh directory (every byte hashed with SHA-256 and
#       checked, the file renamed into place, the marker last), `curl -s -o FILE` of the same blob
#       from the same collector route (GET /v1/blobs/SHA256), and `curl` of the very same file on
#       disk served by nginx (bench/nginx/nginx-static.conf, sendfile on). The collector's VmRSS is
#       sampled every 100 ms before and during that run.
#   (S) 10 000 files of 4 KiB in 100 directories: `upkeep release push` to the collector and
#       `upkeep release pull` from it, beside the same push and pull on a file-system archive.
# Before timing, a pull and both curls of the 1 GiB blob are compared with the collector's file
# (cmp), and a pull of the small tree with the tree (diff -r). Every run starts after `sync` in its
# prepare step (see run-archive.sh). Each push of (S) sends a tree of new random bytes (made in its
# prepare step), so no blob is on the collector already; (S) runs through hyperfine's shell for the
# push's new version number (hyperfine subtracts the shell's start).
# Budget (issue 16, ARCHITECTURE.md §7): the pull >= 90 % of curl's throughput from the collector
# for the big pull; the collector's RSS no more than +64 MiB over its baseline while serving it.
# Wall times include the JVM's start (about 0.3 s; `upkeep --version` alone is measured first).
# The 4 KiB release gives the transfer alone: 1 GiB / (t(1 GiB) - t(4 KiB)) for each command, where
# what a pull pays whatever the size (JVM start, the release record, the marker, the download
# count) cancels out; what it pays per byte (hashing, the JIT compiling its copy loop) stays.
# Not a second big size: with 2 and 4 GiB, fresh memory (see docs/benchmarks.md: this VM gives
# freed pages back to its host) and the kernel's writeback made a command's time swing by up to
# 40 % from run to run.
#
# Usage: bench/run-releases.sh   (needs hyperfine, jq, curl, nginx: apt-get install -y hyperfine
#   jq curl nginx-light)
# Environment (all optional): RUNS=5 WARMUP=1 THREADS= (upkeep's default) REBUILD=0 KEEP=0
#   BIG_MIB=1024 UPKEEP_PORT=18310 NGINX_PORT=18320
#   QUIET_WAIT=0 (seconds to wait for an idle machine first) JAVA_OPTS= (the collector's JVM)
#   WORK_DIR= (where about 3 GiB of test data go; default a temp dir under /tmp)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
RUNS=${RUNS:-5}
WARMUP=${WARMUP:-1}
BIG_MIB=${BIG_MIB:-1024}
CLI_JAR=$ROOT/upkeep-cli/target/upkeep.jar
SERVER_JAR=$CLI_JAR
BENCH_NAME=run-releases
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"

require_tools hyperfine jq java curl nginx diff cmp sha256sum
WORK=${WORK_DIR:-$(mktemp -d -t upkeep-bench-releases.XXXXXX)}
mkdir -p "$WORK"
SERVER_PID=""
NGINX_PID=""
SAMPLER_PID=""
cleanup() {
  local rc=$?
  stop_pid "$SAMPLER_PID"
  stop_pid "$SERVER_PID"
  if [[ -n $NGINX_PID ]] && kill -0 "$NGINX_PID" 2>/dev/null; then
    kill -QUIT "$NGINX_PID" 2>/dev/null || true
    wait "$NGINX_PID" 2>/dev/null || true
  fi
  remove_work "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

build_jars -pl upkeep-cli -am
private_copies "$CLI_JAR"
JAR=$WORK/upkeep.jar
UPKEEP="java -jar $JAR"
THREADS_ARG=${THREADS:+--threads $THREADS}
# No keyring, no credentials file of the user: reads of a public project go without a token, as
# curl's do; pushes get the master token in their own environment only.
export UPKEEP_KEYRING=off XDG_CONFIG_HOME=$WORK/config
unset UPKEEP_ARCHIVE_TOKEN UPKEEP_TOKEN

wait_quiet "${QUIET_WAIT:-0}"
log "$(nproc) cores, $BEFORE busy before the run; commit $TREE"

# --- the collector -------------------------------------------------------------------------------
DATA=$WORK/data
UPKEEP_PORT=$(free_port "${UPKEEP_PORT:-18310}")
URL=http://127.0.0.1:$UPKEEP_PORT
log "starting upkeep serve on $URL (data $DATA)"
# shellcheck disable=SC2086 # JAVA_OPTS: several options, split on purpose
UPKEEP_MAX_BLOB_SIZE=$((BIG_MIB * 1048576 + 1)) \
  java ${JAVA_OPTS:-} -jar "$JAR" serve --host 127.0.0.1 --port "$UPKEEP_PORT" --data "$DATA" \
  --master-token-file "$DATA/master" --no-rate-limit >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
wait_http "$URL/v1/health" 60 || die "upkeep serve did not start: $(tail -20 "$WORK/server.log")"
MASTER=$(cat "$DATA/master")
for title in big tiny small pushed; do
  $UPKEEP project register "bench/$title" --server "$URL" --token "$MASTER" >&2
done

rss_kb() { # PID FIELD : FIELD (VmRSS, VmHWM) of /proc/PID/status in kB
  awk -v f="$2:" '$1 == f { print $2 }' "/proc/$1/status"
}
mib() { awk -v k="$1" 'BEGIN { printf "%+.0f", k / 1024 }' | sed 's/^+//; s/^-0$/0/'; }
RSS_START=$(rss_kb "$SERVER_PID" VmRSS)

# sample_rss PID FILE : appends "microseconds VmRSS-kB" to FILE every 100 ms while PID lives.
sample_rss() {
  local k v rest
  while [[ -r /proc/$1/status ]]; do
    while read -r k v rest; do
      if [[ $k == VmRSS: ]]; then
        echo "${EPOCHREALTIME/./} $v"
        break
      fi
    done <"/proc/$1/status"
    sleep 0.1
  done >>"$2"
}
now_us() { echo "${EPOCHREALTIME/./}"; }

# --- (P): the files, pushed once -----------------------------------------------------------------
declare -A HASH BYTES=([big]=$((BIG_MIB * 1048576)) [tiny]=4096)
for title in big tiny; do
  src=$WORK/src-$title
  mkdir -p "$src"
  log "writing ${BYTES[$title]} random bytes, pushing them as release $title 1.0.0"
  head -c "${BYTES[$title]}" /dev/urandom >"$src/$title.bin"
  HASH[$title]=$(sha256sum "$src/$title.bin" | cut -c1-64)
  t0=$(now_us)
  UPKEEP_ARCHIVE_TOKEN=$MASTER $UPKEEP release push "$src" --archive "$URL/" --title "$title" \
    --version 1.0.0 >&2
  t1=$(now_us)
  echo "$title ${BYTES[$title]} $(((t1 - t0) / 1000))" >>"$WORK/push-once.txt"
  blob=$DATA/blobs/${HASH[$title]:0:2}/${HASH[$title]}
  [[ -f $blob ]] || die "the collector holds no file $blob"
  rm -rf "$src" # the collector's file is the source from now on (nginx serves it too)
done

# --- nginx, serving the collector's blob files ---------------------------------------------------
NGX=$WORK/nginx
mkdir -p "$NGX"
NGINX_PORT=$(free_port "${NGINX_PORT:-18320}")
sed -e "s|@PORT@|$NGINX_PORT|g" -e "s|@PREFIX@|$NGX|g" -e "s|@ROOT@|$DATA/blobs|g" \
  -e "s|@USER@|$(id -un) $(id -gn)|g" \
  "$ROOT/bench/nginx/nginx-static.conf" >"$NGX/nginx.conf"
nginx -p "$NGX" -c "$NGX/nginx.conf" -e "$NGX/error.log" &
NGINX_PID=$!
wait_http "http://127.0.0.1:$NGINX_PORT/" 10 || die "nginx did not start: $(cat "$NGX/error.log")"
blob_url() { echo "$URL/v1/blobs/${HASH[$1]}"; }
nginx_url() { echo "http://127.0.0.1:$NGINX_PORT/${HASH[$1]:0:2}/${HASH[$1]}"; }

# --- (P): the collector's RSS from here on; the baseline over 3 s before the first pull ---------
SAMPLES=$WORK/rss.txt
sample_rss "$SERVER_PID" "$SAMPLES" &
SAMPLER_PID=$!
BASE_FROM=$(now_us)
sleep 3
BASE_TO=$(now_us)

OUT=$WORK/out
fresh_out="sh -c 'rm -rf $OUT && mkdir $OUT && sync'"
big_file=$DATA/blobs/${HASH[big]:0:2}/${HASH[big]}
log "checking: one pull and both curls of the $BIG_MIB MiB blob against the collector's file"
rm -rf "$OUT" && $UPKEEP release pull big --archive "$URL/" --into "$OUT" >&2
cmp "$big_file" "$OUT/big.bin" || die "the pulled file differs from the pushed one"
for u in "$(blob_url big)" "$(nginx_url big)"; do
  curl -sf -o "$WORK/check.bin" "$u" || die "curl $u failed"
  cmp "$big_file" "$WORK/check.bin" || die "curl $u gave other bytes"
done
rm -rf "$WORK/check.bin" "$OUT"

# The floor every upkeep command pays: the JVM's start and exit, doing nothing.
hyperfine -N --runs "$RUNS" --warmup "$WARMUP" --export-json "$WORK/start.json" \
  -n "upkeep --version" "$UPKEEP --version" >&2

args=()
for title in big tiny; do
  args+=(--prepare "$fresh_out" -n "pull $title"
    "$UPKEEP release pull $title --archive $URL/ --into $OUT $THREADS_ARG")
  args+=(--prepare "$fresh_out" -n "curl collector $title" "curl -s -o $OUT/blob $(blob_url "$title")")
  args+=(--prepare "$fresh_out" -n "curl nginx $title" "curl -s -o $OUT/blob $(nginx_url "$title")")
done
log "(P): $BIG_MIB MiB and 4 KiB; $(nproc) cores, $(busy_cores) busy"
hyperfine -N --runs "$RUNS" --warmup "$WARMUP" --export-json "$WORK/pull.json" "${args[@]}" >&2
RUN_TO=$(now_us)
stop_pid "$SAMPLER_PID"
SAMPLER_PID=""
RSS_HWM=$(rss_kb "$SERVER_PID" VmHWM)
rm -rf "$OUT"

# --- (S): 10 000 files of 4 KiB ------------------------------------------------------------------
# new-tree.sh DIR : DIR anew, 100 directories of 100 files of 4 KiB of new random bytes; counts
# the runs in $WORK/run (the version of the next push).
cat >"$WORK/new-tree.sh" <<'EOF'
set -eu
rm -rf "$1"
for d in $(seq 1 100); do
  mkdir -p "$1/dir-$d"
  head -c $((100 * 4096)) /dev/urandom | split -b 4096 -a 3 - "$1/dir-$d/f-"
done
n=$(cat "$2/run" 2>/dev/null || echo 0)
echo $((n + 1)) >"$2/run"
sync
EOF
SMALL=$WORK/small
PUSHED=$WORK/pushed
STORE=$WORK/store-small
FS_ARCHIVE=$WORK/archive-small
sh "$WORK/new-tree.sh" "$SMALL" "$WORK"
small_bytes=$(du -sb --apparent-size "$SMALL" | cut -f1)
small_files=$(find "$SMALL" -type f | wc -l)
$UPKEEP release init "$STORE" >&2
$UPKEEP release push "$SMALL" --archive "$STORE" --title small --version 1.0.0 >&2
UPKEEP_ARCHIVE_TOKEN=$MASTER $UPKEEP release push "$SMALL" --archive "$URL/" --title small \
  --version 1.0.0 >&2
for from in "$STORE" "$URL/"; do
  rm -rf "$OUT" && $UPKEEP release pull small --archive "$from" --into "$OUT" >&2
  diff -r -x .rme "$SMALL" "$OUT" || die "the tree pulled from $from differs from the pushed one"
done
new_archive="rm -rf $FS_ARCHIVE && $UPKEEP release init $FS_ARCHIVE >/dev/null"
log "(S): $small_files files, $small_bytes bytes; $(nproc) cores, $(busy_cores) busy"
hyperfine --runs "$RUNS" --warmup "$WARMUP" --export-json "$WORK/small.json" \
  --prepare "sh $WORK/new-tree.sh $PUSHED $WORK && $new_archive && sync" \
  -n "push file-system archive" \
  "$UPKEEP release push $PUSHED --archive $FS_ARCHIVE --title pushed --version 1.1.\$(cat $WORK/run) $THREADS_ARG" \
  --prepare "sh $WORK/new-tree.sh $PUSHED $WORK" -n "push collector" \
  "UPKEEP_ARCHIVE_TOKEN=$MASTER $UPKEEP release push $PUSHED --archive $URL/ --title pushed --version 1.1.\$(cat $WORK/run) $THREADS_ARG" \
  --prepare "$fresh_out" -n "pull file-system archive" \
  "$UPKEEP release pull small --archive $STORE --into $OUT $THREADS_ARG" \
  --prepare "$fresh_out" -n "pull collector" \
  "$UPKEEP release pull small --archive $URL/ --into $OUT $THREADS_ARG" >&2

# --- the report ----------------------------------------------------------------------------------
median() { # JSON NAME : median seconds of command NAME
  jq -r --arg n "$2" '.results[] | select(.command == $n) | .median' "$1"
}
cpu() { # JSON NAME : mean user + system seconds of command NAME (its process, not the server's)
  jq -r --arg n "$2" '.results[] | select(.command == $n) | .user + .system' "$1"
}
calc() { awk "BEGIN { printf \"$1\", $2 }"; }
START=$(jq -r '.results[0].median' "$WORK/start.json")
P=$WORK/pull.json

echo "(P) $URL, nginx on port $NGINX_PORT; $RUNS runs, $WARMUP warm-up; upkeep --version median $(calc %.0f "$START * 1000") ms"
echo
echo "| | upkeep release pull | curl, collector | curl, nginx | pull / curl (collector) |"
echo "|---|---|---|---|---|"
cell() { # NAME BYTES : median, throughput and CPU of command NAME
  local s
  s=$(median "$P" "$1")
  calc "%.0f ms, %.0f MiB/s (CPU %.2f s)" "$s * 1000, $2 / 1048576 / $s, $(cpu "$P" "$1")"
}
row=()
for c in pull "curl collector" "curl nginx"; do row+=("$(cell "$c big" "${BYTES[big]}")"); done
pull_s=$(median "$P" "pull big")
curl_s=$(median "$P" "curl collector big")
echo "| $BIG_MIB MiB, wall | ${row[0]} | ${row[1]} | ${row[2]} | **$(calc %.3f "$curl_s / $pull_s")** |"
echo "| $BIG_MIB MiB, pull less \`upkeep --version\` | $(calc "%.0f ms, %.0f MiB/s" "($pull_s - $START) * 1000, $BIG_MIB / ($pull_s - $START)") | | | $(calc %.3f "$curl_s / ($pull_s - $START)") |"
row=()
for c in pull "curl collector" "curl nginx"; do row+=("$(calc "%.0f ms" "$(median "$P" "$c tiny") * 1000")"); done
echo "| 4 KiB, wall | ${row[0]} | ${row[1]} | ${row[2]} | |"
alone() { calc %.0f "$BIG_MIB / ($(median "$P" "$1 big") - $(median "$P" "$1 tiny"))"; }
pr=$(alone pull)
cr=$(alone "curl collector")
echo "| transfer alone: $BIG_MIB MiB / (t($BIG_MIB MiB) − t(4 KiB)) | $pr MiB/s | $cr MiB/s | $(alone "curl nginx") MiB/s | **$(calc %.3f "$pr / $cr")** |"
echo
read -r BASE N_BASE < <(awk -v b0="$BASE_FROM" -v b1="$BASE_TO" '$1 >= b0 && $1 <= b1 { print $2 }' \
  "$SAMPLES" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)], NR }')
read -r PEAK N_RUN < <(awk -v b1="$BASE_TO" -v r1="$RUN_TO" '
  $1 > b1 && $1 <= r1 { if ($2 > peak) peak = $2; n++ } END { print peak, n }' "$SAMPLES")
echo "Collector VmRSS (every 100 ms): at start $(mib "$RSS_START") MiB; baseline after the pushes $(mib "$BASE") MiB (median of $N_BASE samples over 3 s); peak from the first pull to the end of (P) $(mib "$PEAK") MiB ($N_RUN samples); **peak − baseline $(mib $((PEAK - BASE))) MiB** (budget +64 MiB); VmHWM $(mib "$RSS_HWM") MiB (includes the pushes)."
while read -r title bytes ms; do
  echo "Push of release $title ($bytes bytes), once: $ms ms ($(calc %.1f "$bytes / 1048576 * 1000 / $ms") MiB/s)."
done <"$WORK/push-once.txt"
echo
S=$WORK/small.json
echo "(S) $small_files files, $small_bytes bytes; $RUNS runs, $WARMUP warm-up"
echo
echo "| | file-system archive (anchor) | collector | collector / anchor (time) |"
echo "|---|---|---|---|"
for op in push pull; do
  a=$(median "$S" "$op file-system archive")
  c=$(median "$S" "$op collector")
  echo "| upkeep release $op | $(calc "%.0f ms (CPU %.2f s)" "$a * 1000, $(cpu "$S" "$op file-system archive")") | $(calc "%.0f ms (CPU %.2f s)" "$c * 1000, $(cpu "$S" "$op collector")") | $(calc %.2f "$c / $a") |"
done
