#!/usr/bin/env bash
# migas-py's own test suites, including those that need a live migas server (they skip unless one
# answers on http://localhost:8080/, a URL they hard-code), against `upkeep serve` with default
# settings on a fresh data directory. As migas-server's docker quickstart seeds `nipreps/nipreps`,
# the project the suites use is registered first, with one version (its `check_project` test wants
# a latest version; this machine cannot ask GitHub).
#
# Usage: MIGAS_PY=/path/to/migas-py bench/run-migas-live.sh [PYTEST-ARGS...]   (default: tests)
# Needs: a migas-py checkout whose imports resolve in python3 (`pip install -e "$MIGAS_PY"` and
# pytest), curl, port 8080 free. Nothing of migas-py is in this repository. Tests that reach
# httpbin.org (test_request.py) fail without internet access; they do not involve the collector.
# Environment: REBUILD=0 (1 rebuilds the jar), KEEP=0 (1 keeps the data directory and logs).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH_NAME=migas-live
CLI_JAR=$ROOT/upkeep-cli/target/upkeep.jar
SERVER_JAR=$CLI_JAR
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"

[[ -d ${MIGAS_PY:-} ]] || die "set MIGAS_PY to a migas-py checkout (git clone of nipreps/migas-py)"
require_tools python3 curl java
python3 -c 'import migas, pytest' 2>/dev/null || (cd "$MIGAS_PY" && python3 -c 'import migas, pytest') ||
  die "python3 cannot import migas and pytest from $MIGAS_PY"
port_in_use 8080 && die "port 8080 is taken; migas-py's suites only talk to http://localhost:8080/"
build_jars -pl upkeep-cli -am

WORK=$(mktemp -d)
rc=1
pid=
trap 'stop_pid "$pid"; remove_work "$rc"' EXIT
java -jar "$CLI_JAR" serve --port 8080 --data "$WORK/data" >"$WORK/collector.log" 2>&1 &
pid=$!
wait_http http://127.0.0.1:8080/v1/health 60 || die "the collector did not answer; see $WORK/collector.log"
token=$(sed -n 's/.*Master token[^:]*: \(m_[A-Za-z0-9_-]*\).*/\1/p' "$WORK/collector.log" | head -n 1)
[[ -n $token ]] || die "no master token in $WORK/collector.log"
export UPKEEP_TOKEN=$token
java -jar "$CLI_JAR" project register nipreps/nipreps >&2
java -jar "$CLI_JAR" version add nipreps/nipreps 1.0.0 >&2

log "migas-py $(cd "$MIGAS_PY" && git rev-parse --short HEAD 2>/dev/null || echo '(not a git checkout)')," \
  "collector $(cd "$ROOT" && git rev-parse --short HEAD)"
set +e
(cd "$MIGAS_PY" && XDG_CONFIG_HOME="$WORK/xdg" PYTHONPATH="$MIGAS_PY${PYTHONPATH:+:$PYTHONPATH}" \
  python3 -m pytest -v -rA -p no:cacheprovider "${@:-tests}")
rc=$?
set -e
exit "$rc"
