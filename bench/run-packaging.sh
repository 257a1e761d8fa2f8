#!/usr/bin/env bash
# Sizes and start-up of each way Upkeep is installed (issue 20), in one run:
#   the shaded jar (java -jar upkeep-cli/target/upkeep.jar, the build's JDK),
#   the distribution (upkeep-VERSION.tar.gz: bin/upkeep with the build's JDK),
#   the linux-x64 image (upkeep-VERSION-linux-x64.tar.gz: bin/upkeep on its own jlink runtime),
#     and the same with lib/upkeep.jsa, the AppCDS archive bin/upkeep maps when it is there (made
#     first by one start of serve, as docs/deploy.md says),
#   the container image (upkeep-VERSION-image.tar: its entry point under unshare + chroot as user
#   65532, unpacked by skopeo + umoci, as upkeep-dist's ContainerIT runs it; needs root).
# For each, hyperfine (RUNS runs) times `--version`, `hash` of a small tree and `serve` on an existing
# SQLite store until GET /v1/health answers (then SIGTERM; the stop is waited for, untimed).
#
# Usage: bench/run-packaging.sh   (needs hyperfine, jq, curl, skopeo, umoci; REBUILD=1 rebuilds)
# Environment (all optional): RUNS=10 WARMUP=1 EVENTS=100000 KEEP=0 PORT=18410 REBUILD=0
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
RUNS=${RUNS:-10}
WARMUP=${WARMUP:-1}
EVENTS=${EVENTS:-100000}
PORT=${PORT:-18410}
# the project's version: the first <version> of the parent POM
VERSION=$(sed -n 's:^  <version>\(.*\)</version>:\1:p' "$ROOT/pom.xml" | head -1)
DIST=$ROOT/upkeep-dist/target
CLI_JAR=$ROOT/upkeep-cli/target/upkeep.jar
SERVER_JAR=$DIST/upkeep-$VERSION-image.tar
BENCH_NAME=run-packaging
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"

require_tools hyperfine jq curl java skopeo umoci unshare chroot
[[ $(id -u) == 0 ]] || die "the container's entry point runs under chroot, which needs root"
WORK=$(mktemp -d -t upkeep-bench-packaging.XXXXXX)
cleanup() { remove_work $?; }
trap cleanup EXIT

build_jars -pl upkeep-dist -am
private_copies "$CLI_JAR"

# --- sizes and the unpacked installations -----------------------------------------------------
mkdir -p "$WORK/dist" "$WORK/image"
tar -xzf "$DIST/upkeep-$VERSION.tar.gz" -C "$WORK/dist"
tar -xzf "$DIST/upkeep-$VERSION-linux-x64.tar.gz" -C "$WORK/image"
mkdir -p "$WORK/image-cds" && tar -xzf "$DIST/upkeep-$VERSION-linux-x64.tar.gz" -C "$WORK/image-cds"
skopeo copy -q "docker-archive:$DIST/upkeep-$VERSION-image.tar" "oci:$WORK/oci:upkeep"
umoci unpack --image "$WORK/oci:upkeep" "$WORK/bundle" >/dev/null
ROOTFS=$WORK/bundle/rootfs
mkdir -p "$ROOTFS/proc" "$ROOTFS/dev"
mib() { awk -v b="$1" 'BEGIN { printf "%.1f MiB", b / 1048576 }'; }
size() { stat -c %s "$1"; }
tree_size() { du -sb "$1" | cut -f1; }
{
  echo "| artifact | file | unpacked |"
  echo "|---|---|---|"
  echo "| upkeep.jar (shaded, needs a JDK) | $(mib "$(size "$CLI_JAR")") | — |"
  echo "| upkeep-$VERSION.tar.gz | $(mib "$(size "$DIST/upkeep-$VERSION.tar.gz")") | $(mib "$(tree_size "$WORK/dist")") |"
  echo "| upkeep-$VERSION.zip | $(mib "$(size "$DIST/upkeep-$VERSION.zip")") | $(mib "$(tree_size "$WORK/dist")") |"
  echo "| upkeep-$VERSION-linux-x64.tar.gz | $(mib "$(size "$DIST/upkeep-$VERSION-linux-x64.tar.gz")") | $(mib "$(tree_size "$WORK/image")") (runtime/ $(mib "$(tree_size "$WORK/image/upkeep-$VERSION/runtime")")) |"
  echo "| upkeep-$VERSION-image.tar (layers gzipped) | $(mib "$(size "$DIST/upkeep-$VERSION-image.tar")") | $(mib "$(tree_size "$ROOTFS")") root file system |"
} >"$WORK/sizes.md"

# --- launchers: each prints the start of one `upkeep ARGS...` command ------------------------------
JAR_CMD="java -jar $CLI_JAR"
DIST_CMD="$WORK/dist/upkeep-$VERSION/bin/upkeep"
# no JAVA_HOME and a PATH with only what bin/upkeep needs, so no java (as RuntimeImageIT does)
mkdir -p "$WORK/path"
for t in sh ls dirname; do ln -s "$(command -v "$t")" "$WORK/path/$t"; done
IMAGE_CMD="env -u JAVA_HOME PATH=$WORK/path $WORK/image/upkeep-$VERSION/bin/upkeep"
ENTRY=$(jq -r '.process.args[:-3] | map(@sh) | join(" ")' "$WORK/bundle/config.json")
# the image's JAVA_TOOL_OPTIONS (its JVM options), quoted for sh
JTO=$(jq -r '.process.env[] | select(startswith("JAVA_TOOL_OPTIONS=")) | ltrimstr("JAVA_TOOL_OPTIONS=") | @sh' \
  "$WORK/bundle/config.json")
cat >"$WORK/container.sh" <<EOF
#!/bin/sh
# the image's entry point with its JVM options, then the arguments given, in the unpacked root
# file system
R=$ROOTFS
export JAVA_TOOL_OPTIONS=$JTO
exec unshare --mount --pid --fork --kill-child sh -c 'mount -t proc proc "\$0/proc" && mount --rbind /dev "\$0/dev" && shift && exec chroot --userspec=65532:65532 "\$0" "\$@"' "\$R" x $ENTRY "\$@"
EOF
chmod +x "$WORK/container.sh"
CONTAINER_CMD="env -i $WORK/container.sh"

# --- the store (one copy per packaging; the container's owned by its user) and the tree --------
java -jar "$CLI_JAR" demo --events "$EVENTS" --data "$WORK/store" >"$WORK/demo.log" 2>&1 ||
  die "upkeep demo failed: $(tail -3 "$WORK/demo.log")"
for p in jar dist image image-cds; do cp -r "$WORK/store" "$WORK/data-$p"; done
cp -r "$WORK/store/." "$ROOTFS/var/lib/upkeep/" && chown -R 65532:65532 "$ROOTFS/var/lib/upkeep"
mkdir -p "$WORK/tree" "$ROOTFS/tmp/tree"
for ((i = 0; i < 100; i++)); do head -c 4096 /dev/urandom >"$WORK/tree/file-$i.bin"; done
cp "$WORK/tree/"* "$ROOTFS/tmp/tree/" && chown -R 65532:65532 "$ROOTFS/tmp/tree"

write_serve_scripts "$PORT"
IMAGE_CDS_CMD="env -u JAVA_HOME PATH=$WORK/path $WORK/image-cds/upkeep-$VERSION/bin/upkeep"
log "making lib/upkeep.jsa of the linux-x64 image: one start of serve with -XX:ArchiveClassesAtExit"
# shellcheck disable=SC2086 # a command line
"$WORK/serve-ready.sh" "$(mktemp -d -p "$WORK")" env JAVA_OPTS="-XX:ArchiveClassesAtExit=$WORK/image-cds/upkeep-$VERSION/lib/upkeep.jsa -Xlog:cds=off -Xlog:cds+dynamic=off" $IMAGE_CDS_CMD ||
  die "serve for the archive did not start"
"$WORK/serve-wait.sh"
[[ -f $WORK/image-cds/upkeep-$VERSION/lib/upkeep.jsa ]] || die "no lib/upkeep.jsa was written"
for p in jar dist image image-cds container; do
  case $p in
    jar) cmd=$JAR_CMD data=$WORK/data-jar ;;
    dist) cmd=$DIST_CMD data=$WORK/data-dist ;;
    image) cmd=$IMAGE_CMD data=$WORK/data-image ;;
    image-cds) cmd=$IMAGE_CDS_CMD data=$WORK/data-image-cds ;;
    container) cmd=$CONTAINER_CMD data=/var/lib/upkeep ;;
  esac
  # shellcheck disable=SC2086 # cmd is a command line
  if ! "$WORK/serve-ready.sh" "$data" $cmd; then
    die "$p: serve did not answer on /v1/health: $(tail -5 "$WORK/serve-runs.log")"
  fi
  "$WORK/serve-wait.sh"
  # shellcheck disable=SC2086
  $cmd --version >&2 || die "$p: --version failed"
done

# --- the runs ------------------------------------------------------------------------------------
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
log "machine: $(nproc) cores, $(busy_cores) busy before the runs, load $LOAD_BEFORE; commit $TREE"
: >"$WORK/serve-runs.log"
hyperfine -N --runs "$RUNS" --warmup "$WARMUP" --export-json "$WORK/version.json" \
  -n "jar: --version" "$JAR_CMD --version" -n "distribution: --version" "$DIST_CMD --version" \
  -n "linux-x64 image: --version" "$IMAGE_CMD --version" \
  -n "linux-x64 image + lib/upkeep.jsa: --version" "$IMAGE_CDS_CMD --version" \
  -n "container: --version" "$CONTAINER_CMD --version" >&2
hyperfine -N --runs "$RUNS" --warmup "$WARMUP" --export-json "$WORK/hash.json" \
  -n "jar: hash" "$JAR_CMD hash $WORK/tree" -n "distribution: hash" "$DIST_CMD hash $WORK/tree" \
  -n "linux-x64 image: hash" "$IMAGE_CMD hash $WORK/tree" \
  -n "linux-x64 image + lib/upkeep.jsa: hash" "$IMAGE_CDS_CMD hash $WORK/tree" \
  -n "container: hash" "$CONTAINER_CMD hash /tmp/tree" >&2
hyperfine -N --runs "$RUNS" --warmup "$WARMUP" --prepare "$WORK/serve-wait.sh" --export-json "$WORK/serve.json" \
  -n "jar: serve until health answers" "$WORK/serve-ready.sh $WORK/data-jar $JAR_CMD" \
  -n "distribution: serve until health answers" "$WORK/serve-ready.sh $WORK/data-dist $DIST_CMD" \
  -n "linux-x64 image: serve until health answers" "$WORK/serve-ready.sh $WORK/data-image $IMAGE_CMD" \
  -n "linux-x64 image + lib/upkeep.jsa: serve until health answers" "$WORK/serve-ready.sh $WORK/data-image-cds $IMAGE_CDS_CMD" \
  -n "container: serve until health answers" "$WORK/serve-ready.sh /var/lib/upkeep $CONTAINER_CMD" >&2
"$WORK/serve-wait.sh"
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)

# --- the tables ------------------------------------------------------------------------------------
echo "Packaging, commit $TREE, $(nproc) cores; load average $LOAD_BEFORE before, $LOAD_AFTER after; $RUNS runs each (hyperfine)"
echo
cat "$WORK/sizes.md"
echo
echo "| command | mean | ± σ | median | min | max |"
echo "|---|---|---|---|---|---|"
for f in version hash serve; do
  jq -r '.results[] | [.command, .mean, .stddev, .median, .min, .max] | @tsv' "$WORK/$f.json"
done | while IFS=$'\t' read -r name mean sd median min max; do
  awk -v n="$name" -v a="$mean" -v s="$sd" -v md="$median" -v lo="$min" -v hi="$max" \
    'BEGIN { printf "| %s | %.3f s | %.3f s | %.3f s | %.3f s | %.3f s |\n", n, a, s, md, lo, hi }'
done
echo
echo "The collectors' own lines (in the order above, warm-ups included):"
echo
echo '```'
grep -o 'ready in [0-9.]* s ([^)]*)' "$WORK/serve-runs.log" || true
echo '```'
