#!/usr/bin/env bash
# Hashing speed of `upkeep hash` (issue 7), in ONE hyperfine run per pair, page cache warm:
#   (T) tree hash of a 1 GiB tree     `upkeep hash tree`  beside
#       `git add -A && git ls-files -s tree | git hash-object --stdin` (a fresh repository each
#       run, prepared outside the timing), after checking both print the same hash;
#   (S) raw SHA-256 of one 1 GiB file `upkeep hash --flavour sha256 big.bin` beside
#       `sha256sum big.bin`, after checking both print the same hash.
# Budget (ARCHITECTURE.md §7): hashing >= 90 % of sha256sum's throughput. Wall times include the
# JVM's start (about 0.2 s): they are what a user of the command waits.
# The tree: 8 files of 64 MiB and 8192 files of 64 KiB in 64 directories (random bytes), plus one
# executable and one symbolic link.
#
# Usage: bench/run-hash.sh   (needs hyperfine, jq, git, sha256sum: apt-get install -y hyperfine jq)
# Environment (all optional): RUNS=10 WARMUP=2 REBUILD=0 KEEP=0 (1 keeps the temp dir)
#   WORK_DIR= (where the 2 GiB of test data go; default a temp dir under /tmp)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
RUNS=${RUNS:-10}
WARMUP=${WARMUP:-2}
CLI_JAR=$ROOT/upkeep-cli/target/upkeep.jar
SERVER_JAR=$CLI_JAR
BENCH_NAME=run-hash
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"

require_tools hyperfine jq git sha256sum java
WORK=${WORK_DIR:-$(mktemp -d -t upkeep-bench-hash.XXXXXX)}
mkdir -p "$WORK"
cleanup() {
  local rc=$?
  remove_work "$rc"
}
trap cleanup EXIT

build_jars -pl upkeep-cli -am
private_copies "$CLI_JAR"
UPKEEP="java -jar $WORK/upkeep.jar"

log "writing the 1 GiB tree and the 1 GiB file under $WORK"
mkdir -p "$WORK/repo/tree"
for i in $(seq 1 8); do
  head -c $((64 << 20)) /dev/urandom >"$WORK/repo/tree/large-$i.bin"
done
for d in $(seq 1 64); do
  mkdir -p "$WORK/repo/tree/dir-$d"
  # 128 files of 64 KiB each, cut from one random 8 MiB block per directory
  head -c $((8 << 20)) /dev/urandom | split -b $((64 << 10)) -a 3 - "$WORK/repo/tree/dir-$d/part-"
done
printf '#!/bin/sh\necho hi\n' >"$WORK/repo/tree/run.sh" && chmod +x "$WORK/repo/tree/run.sh"
ln -s large-1.bin "$WORK/repo/tree/link"
head -c $((1 << 30)) /dev/urandom >"$WORK/big.bin"
TREE_BYTES=$(du -sb --apparent-size "$WORK/repo/tree" | cut -f1)
FILE_BYTES=$(stat -c %s "$WORK/big.bin")
log "tree: $(find "$WORK/repo/tree" -type f | wc -l) files, $TREE_BYTES bytes; file: $FILE_BYTES bytes"

GIT_HASH='git add -A && git ls-files -s tree | git hash-object --stdin'
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null
ours=$(cd "$WORK/repo" && $UPKEEP hash tree)
theirs=$(cd "$WORK/repo" && git init -q && sh -c "$GIT_HASH" && rm -rf .git)
[[ $ours == "$theirs" ]] || die "tree hashes differ: upkeep $ours, git $theirs"
ours=$($UPKEEP hash --flavour sha256 "$WORK/big.bin")
theirs=$(sha256sum "$WORK/big.bin" | cut -d' ' -f1)
[[ $ours == "$theirs" ]] || die "SHA-256 differs: upkeep $ours, sha256sum $theirs"
log "both pairs agree; machine: $(nproc) cores, $(busy_cores) busy before the run; commit $TREE"

(cd "$WORK/repo" && hyperfine -N --runs "$RUNS" --warmup "$WARMUP" --export-json "$WORK/tree.json" \
  --prepare 'rm -rf .git' -n "upkeep hash tree" "$UPKEEP hash tree" \
  --prepare 'sh -c "rm -rf .git && git init -q"' -n "git add + ls-files + hash-object" \
  "sh -c '$GIT_HASH'" >&2)
hyperfine -N --runs "$RUNS" --warmup "$WARMUP" --export-json "$WORK/sha.json" \
  -n "upkeep hash --flavour sha256" "$UPKEEP hash --flavour sha256 $WORK/big.bin" \
  -n "sha256sum" "sha256sum $WORK/big.bin" >&2

report() { # JSON BYTES
  jq -r --argjson bytes "$2" '.results[] |
    "\(.command)\tmedian \(.median * 1000 | floor) ms\tmean \(.mean * 1000 | floor) ± \(.stddev * 1000 | floor) ms\t\($bytes / .median / 1048576 | floor) MiB/s"' "$1"
}
echo "(T) tree hash of $TREE_BYTES bytes, $RUNS runs"
report "$WORK/tree.json" "$TREE_BYTES"
echo "(S) SHA-256 of $FILE_BYTES bytes, $RUNS runs"
report "$WORK/sha.json" "$FILE_BYTES"
jq -r '"(S) upkeep / sha256sum throughput: \((.results[1].median / .results[0].median) * 100 | floor) % (budget >= 90 %)"' "$WORK/sha.json"
jq -r '"(T) upkeep / git throughput: \((.results[1].median / .results[0].median) * 100 | floor) %"' "$WORK/tree.json"
