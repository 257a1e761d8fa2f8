#!/usr/bin/env bash
# The hostile-HTTP suite of issue 14 (upkeep-it's HostileHttpIT), run longer than in the test
# suite: every count and duration times SCALE. It starts `upkeep serve` in a child JVM with the
# default limits (header-timeout 2 s, idle-timeout 5 s to keep it short), attacks it from many
# loopback source addresses — slow-path bodies, invalid UTF-8, oversized headers and bodies to
# every route, broken framing, a flood of 1 000-event batches from 64 addresses beside legitimate
# breadcrumbs from another, slow headers and 2 000 idle connections — while /v1/health is asked
# every 100 ms, and prints the figures table recorded in docs/security.md.
#
# Usage: bench/run-hostile.sh        Environment: SCALE=5 (1 is the suite's size)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SCALE=${SCALE:-5}
BENCH_NAME=run-hostile
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"

require_tools java mvn
log "building the reactor without tests"
maven_build -q -DskipTests -Dspotless.check.skip=true install -pl upkeep-it -am
log "HostileHttpIT at scale $SCALE"
maven_build -q -pl upkeep-it verify -Dspotless.check.skip=true -Dtest=none \
  -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=HostileHttpIT -Dhostile.scale="$SCALE" || {
  cat "$ROOT/upkeep-it/target/hostile-figures.md" >&2 || true
  die "the suite failed (see upkeep-it/target/failsafe-reports)"
}
cat "$ROOT/upkeep-it/target/hostile-figures.md"
