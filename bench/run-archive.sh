#!/usr/bin/env bash
# File-system release archive speed (issue 13), in ONE hyperfine run per tree, page cache warm:
#   (L) 1 GiB in 100 files (random bytes, 100 x 10 MiB + rest)
#   (S) 10 000 files of 4 KiB in 100 directories
# For each tree, side by side: `cp -r TREE DEST` (the anchor), `upkeep release push TREE` into a
# fresh archive, and `upkeep release pull` of that release into a fresh directory (every file
# checked for size and SHA-256, renamed into place, marker last). Before timing, a pull is
# compared with the tree (diff -r). First, `upkeep --version` alone: the JVM's start, a floor. Budget (ARCHITECTURE.md §7): push and pull >= 80 % of
# cp -r's throughput. Wall times include the JVM's start (about 0.3 s): what a user waits.
# Every run starts after `sync` in its prepare step, so no command pays for the dirty pages an
# earlier one left (without it, cp -r of the same 1 GiB took 0.29 s in one run and 2.7 s in another).
#
# Usage: bench/run-archive.sh   (needs hyperfine, jq: apt-get install -y hyperfine jq)
# Environment (all optional): RUNS=5 WARMUP=1 THREADS= (upkeep's default) REBUILD=0 KEEP=0
#   WORK_DIR= (where about 4 GiB of test data go; default a temp dir under /tmp)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
RUNS=${RUNS:-5}
WARMUP=${WARMUP:-1}
CLI_JAR=$ROOT/upkeep-cli/target/upkeep.jar
SERVER_JAR=$CLI_JAR
BENCH_NAME=run-archive
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"

require_tools hyperfine jq java diff
WORK=${WORK_DIR:-$(mktemp -d -t upkeep-bench-archive.XXXXXX)}
mkdir -p "$WORK"
cleanup() {
  local rc=$?
  remove_work "$rc"
}
trap cleanup EXIT

build_jars -pl upkeep-cli -am
private_copies "$CLI_JAR"
UPKEEP="java -jar $WORK/upkeep.jar"
THREADS_ARG=${THREADS:+--threads $THREADS}

log "writing the trees under $WORK"
mkdir -p "$WORK/large" "$WORK/small"
for i in $(seq 1 100); do
  head -c $(((1 << 30) / 100)) /dev/urandom >"$WORK/large/file-$i.bin"
done
for d in $(seq 1 100); do
  mkdir -p "$WORK/small/dir-$d"
  head -c $((100 * 4096)) /dev/urandom | split -b 4096 -a 3 - "$WORK/small/dir-$d/f-"
done

report() { # JSON BYTES
  jq -r --argjson bytes "$2" '.results[] |
    "\(.command)\tmedian \(.median * 1000 | floor) ms\tmean \(.mean * 1000 | floor) ± \(.stddev * 1000 | floor) ms\t\($bytes / .median / 1048576 | floor) MiB/s"' "$1"
}

# The floor every upkeep command pays: the JVM's start and exit, doing nothing.
hyperfine -N --runs "$RUNS" --warmup "$WARMUP" --export-json "$WORK/start.json" \
  -n "upkeep --version" "$UPKEEP --version" >&2
echo "(start) $(jq -r '.results[0] | "upkeep --version\tmedian \(.median * 1000 | floor) ms"' "$WORK/start.json")"

for tree in large small; do
  src=$WORK/$tree
  bytes=$(du -sb --apparent-size "$src" | cut -f1)
  files=$(find "$src" -type f | wc -l)
  archive=$WORK/archive-$tree
  new_archive="rm -rf $archive && mkdir -p $archive && echo '#made by rocky mountain ellipse' > $archive/.rmearchive && sync"
  push="$UPKEEP release push $src --archive $archive --title bench --version 1.0.0 $THREADS_ARG"
  pull="$UPKEEP release pull bench --archive $WORK/store-$tree --into $WORK/out $THREADS_ARG"
  # The archive pulled from, filled once; checked against the tree.
  sh -c "${new_archive//$archive/$WORK/store-$tree}"
  $UPKEEP release push "$src" --archive "$WORK/store-$tree" --title bench --version 1.0.0 >&2
  rm -rf "$WORK/out" && $UPKEEP release pull bench --archive "$WORK/store-$tree" --into "$WORK/out" >&2
  diff -r -x .rme "$src" "$WORK/out" || die "the pulled $tree tree differs from the pushed one"
  log "$tree: $files files, $bytes bytes; $(nproc) cores, $(busy_cores) busy; commit $TREE"
  hyperfine -N --runs "$RUNS" --warmup "$WARMUP" --export-json "$WORK/$tree.json" \
    --prepare "sh -c 'rm -rf $WORK/dest && sync'" -n "cp -r" "cp -r $src $WORK/dest" \
    --prepare "sh -c \"$new_archive\"" -n "upkeep release push" "$push" \
    --prepare "sh -c 'rm -rf $WORK/out && sync'" -n "upkeep release pull" "$pull" >&2
  echo "($tree) $files files, $bytes bytes, $RUNS runs"
  report "$WORK/$tree.json" "$bytes"
done
