#!/usr/bin/env bash
# Client caller-cost benchmark: JMH (dev.upkeep.bench.ClientCallerCostBench) of what upkeep-client
# costs the calling thread — addBreadcrumb, addBreadcrumb with 2 attributes, track + close, and
# addBreadcrumb with a full queue — beside two floors measured in the same run (an empty method
# feeding a Blackhole; ConcurrentLinkedQueue.offer of a small object). Prints a Markdown table
# (p50/p90/p99/p99.9/p99.99/max per call from SampleTime, mean from AverageTime) and the p99
# budget check to stdout; JMH's own output and the client's per-iteration delivery counters go to
# stderr.
#
# Usage: bench/run-client-jmh.sh [JMH options]   e.g. -p gapNanos=200000, -f 1, -i 5
#   (needs java and jq: apt-get install -y jq)
# Environment (all optional):
#   REBUILD=1        build bench/ and the modules it needs from this tree first (0: reuse the jar)
#   JAR=             the benchmark jar to run (default bench/target/upkeep-client-jmh.jar), e.g. one
#                    built from an older commit for a side-by-side run (with REBUILD=0)
#   BUDGET_NS=1000   p99 budget per call, nanoseconds
#   KEEP=0           1 keeps the temp dir (JMH log and JSON)
#   QUIET_WAIT=0     seconds to wait for the machine to be idle (< 0.2 busy cores) first
#   JSON=            also copy JMH's JSON result to this file
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
JAR=${JAR:-$ROOT/bench/target/upkeep-client-jmh.jar}
BUDGET_NS=${BUDGET_NS:-1000}

BENCH_NAME=run-client-jmh
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"

for tool in java jq awk sha256sum; do
  command -v "$tool" >/dev/null || die "$tool not found (apt-get install -y jq)"
done

WORK=$(mktemp -d -t upkeep-bench-client-jmh.XXXXXX)
JMH_PID=""
cleanup() {
  local rc=$?
  if [[ -n $JMH_PID ]] && kill -0 "$JMH_PID" 2>/dev/null; then
    kill "$JMH_PID" 2>/dev/null || true
    wait "$JMH_PID" 2>/dev/null || true
  fi
  remove_work "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- build -----------------------------------------------------------------------------------
if [[ ${REBUILD:-1} == 1 || ! -f $JAR ]]; then
  log "building $JAR (bench and the modules it needs, from this tree)"
  # -Dmaven.test.skip (not only -DskipTests): test sources are not compiled at all, so a test
  # being edited elsewhere in the tree cannot break the benchmark build.
  args=(-q -Pbench -Dmaven.test.skip=true -Dspotless.check.skip=true package -pl bench -am)
  maven_build "${args[@]}"
fi
# The tree the jars were built from (another session may be editing it).
TREE=$(cd "$ROOT" && git rev-parse --short HEAD 2>/dev/null || echo "not a git tree")
if [[ -n $(cd "$ROOT" && git status --porcelain -- upkeep-client upkeep-protocol 2>/dev/null) ]]; then
  TREE="$TREE + uncommitted changes in upkeep-client/upkeep-protocol"
fi
log "tree: $TREE"
# A private copy: a build elsewhere in the tree may replace the jar while JMH forks from it.
cp "$JAR" "$WORK/jmh.jar"
CLIENT_JAR=$ROOT/upkeep-client/target/upkeep-client-0.1.0-SNAPSHOT.jar
log "jmh jar: $(sha256sum "$WORK/jmh.jar" | cut -c1-12), built $(date -u -r "$JAR" +%FT%TZ)"
if [[ -f $CLIENT_JAR ]]; then
  log "client under test: $(basename "$CLIENT_JAR") $(sha256sum "$CLIENT_JAR" | cut -c1-12), built $(date -u -r "$CLIENT_JAR" +%FT%TZ)"
fi

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

# --- run -------------------------------------------------------------------------------------
START=$(date -u +%FT%TZ)
log "java -jar jmh.jar ClientCallerCostBench -rf json $*"
read -r B0 I0 < <(cpu_snapshot)
T0=$(date +%s.%N)
TIMEFORMAT='%U %S'
exec 3>&2 # JMH's output: to the log and to this script's stderr
{ time java -jar "$WORK/jmh.jar" ClientCallerCostBench -rf json -rff "$WORK/jmh.json" "$@" \
  > >(tee "$WORK/jmh.log" >&3) 2>&1; } 2>"$WORK/jmh.time" || die "JMH failed (see $WORK/jmh.log)"
sleep 0.2 # let tee finish
T1=$(date +%s.%N)
read -r B1 I1 < <(cpu_snapshot)
[[ -n ${JSON:-} ]] && cp "$WORK/jmh.json" "$JSON"

# CPU during the run: JMH (host and forks, user + system) vs everything else on the machine.
read -r JU JS <"$WORK/jmh.time"
CPU=$(awk -v busy=$((B1 - B0)) -v idle=$((I1 - I0)) -v ju="$JU" -v js="$JS" -v t0="$T0" -v t1="$T1" \
  -v hz="$(getconf CLK_TCK)" -v cores="$(nproc)" \
  'BEGIN { wall = t1 - t0; b = busy / hz / wall; j = (ju + js) / wall;
           printf "%.0f s wall; JMH %.2f cores, rest %.2f, idle %.2f (of %d)", wall, j, b - j, idle / hz / wall, cores }')

# --- report ----------------------------------------------------------------------------------
order='["baselineBlackhole","baselineQueueOffer","addBreadcrumb","addBreadcrumbAttributes","trackClose","addBreadcrumbQueueFull"]'
what='{"baselineBlackhole":"floor: empty method, Blackhole.consume(project, version)",
       "baselineQueueOffer":"floor: ConcurrentLinkedQueue.offer(new small object + currentTimeMillis)",
       "addBreadcrumb":"addBreadcrumb(project, version)",
       "addBreadcrumbAttributes":"addBreadcrumb(project, version, 2 attributes)",
       "trackClose":"track(project, version) + close() (2 events)",
       "addBreadcrumbQueueFull":"addBreadcrumb, queue full (drop path)"}'
SETTINGS=$(jq -r '.[0] | "forks \(.forks), warm-up \(.warmupIterations) × \(.warmupTime), measurement \(.measurementIterations) × \(.measurementTime), JVM \(.vmVersion), fork options \(.jvmArgs | join(" "))"' "$WORK/jmh.json")
PARAMS=$(jq -r '[.[] | .params // {} | to_entries[] | "\(.key)=\(.value)"] | unique | join(", ")' "$WORK/jmh.json")

echo
echo "### Client caller cost (JMH), $START"
echo
echo "Settings: $SETTINGS; params: $PARAMS. Tree: $TREE. Machine: $CPU; busy before: $BEFORE cores."
echo
echo "| benchmark | what | samples | p50 | p90 | p99 | p99.9 | p99.99 | max | mean (sample) | mean (avgt) | p99 ≤ $BUDGET_NS ns |"
echo "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |"
jq -r --argjson order "$order" --argjson what "$what" --argjson budget "$BUDGET_NS" '
  def name: .benchmark | split(".") | last;
  def ns: if . >= 100000 then "\(. / 1000 | floor) µs" elif . >= 10000 then "\(. / 100 | floor / 10) µs" else "\(. | floor) ns" end;
  . as $all
  | $order[] as $b
  | ($all | map(select(name == $b))) as $rows
  | select($rows | length > 0)
  | ($rows | map(select(.mode == "sample")) | first) as $s
  | ($rows | map(select(.mode == "avgt")) | first) as $a
  | ($s.primaryMetric.scorePercentiles) as $p
  | [ $b, $what[$b],
      ($s.primaryMetric.rawDataHistogram | [.[][][][1]] | add | tostring),
      ($p["50.0"] | ns), ($p["90.0"] | ns), ($p["99.0"] | ns), ($p["99.9"] | ns), ($p["99.99"] | ns), ($p["100.0"] | ns),
      "\($s.primaryMetric.score | floor) ns",
      (if $a then "\($a.primaryMetric.score * 10 | floor / 10)" + (if ($a.primaryMetric.scoreError | type) == "number" then " ± \($a.primaryMetric.scoreError * 10 | floor / 10)" else "" end) + " ns" else "–" end),
      (if ($b | startswith("baseline")) then "(floor)" elif $p["99.0"] <= $budget then "met" else "**MISSED**" end) ]
  | "| " + join(" | ") + " |"' "$WORK/jmh.json"
echo
WARNINGS=$(grep -c 'WARNING: not only' "$WORK/jmh.log" || true)
echo "Offer path only (no queue-full drop, no failed send during any measured or warm-up iteration of the offer-path benchmarks; queue-full benchmark never accepted an event): $([[ $WARNINGS == 0 ]] && echo yes || echo "NO ($WARNINGS warnings in the JMH log)")."
echo
echo "Client delivery per trial (from the forks):"
echo
echo '```'
grep -E '^\[(client|full)\] (trial|queue full)' "$WORK/jmh.log" || true
echo '```'
echo
echo "Sender per measured iteration (events/s sent; sender CPU per event), min–max over all forks:"
echo
awk '/^# Benchmark: / { b = $3; sub(/.*\./, "", b) } /^# Warmup Iteration/ { w = 1 } /^Iteration / { w = 0 }
     /^\[client\] iteration/ && !w {
       r = $0; sub(/.*sent [0-9]+ \(/, "", r); sub(/\/s\).*/, "", r); r += 0
       c = $0; sub(/.*CPU [0-9]+ ms \(/, "", c); sub(/ µs per event.*/, "", c); c += 0
       n[b]++; if (!(b in lo) || r < lo[b]) lo[b] = r; if (r > hi[b]) hi[b] = r
       if (!(b in clo) || c < clo[b]) clo[b] = c; if (c > chi[b]) chi[b] = c }
     END { for (b in n) printf "- %s: %d iterations, %d–%d events/s sent, %s–%s µs sender CPU per event\n", b, n[b], lo[b], hi[b], clo[b], chi[b] }' \
  "$WORK/jmh.log" | sort
