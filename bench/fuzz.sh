#!/usr/bin/env bash
# Fuzzes every parser for a while (issue 14, item 8): each Jazzer @FuzzTest target in turn, in
# fuzzing mode (JAZZER_FUZZ=1), for FUZZ_DURATION each, then prints the executions and the findings
# of every target. See docs/fuzzing.md.
#
# Jazzer fuzzes one target per JVM, so each target is its own Maven run. A finding stops its target:
# the crashing input is written to src/test/resources/<package>/<Class>Inputs/<method>/crash-<sha1>
# (and so becomes a regression input of every later `mvn verify`); the log names the exception.
# The corpus Jazzer grows is kept in <module>/.cifuzz-corpus/ (git-ignored) for the next run.
#
# Usage: bench/fuzz.sh [FILTER...]   (a FILTER keeps the targets whose name contains it)
# Environment (all optional):
#   FUZZ_DURATION=5m      fuzzing time per target (Jazzer's syntax: 30s, 4m, 1h)
#   FUZZ_HEAP=1g          the fuzzing JVM's -Xmx (an input needing more is a finding)
#   FUZZ_OFFLINE=1        0 lets Maven download (the first run after a dependency change)
#   FUZZ_LOG_DIR=target/fuzz   where each target's log goes
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH_NAME=fuzz
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"

DURATION=${FUZZ_DURATION:-5m}
HEAP=${FUZZ_HEAP:-1g}
LOG_DIR=${FUZZ_LOG_DIR:-$ROOT/target/fuzz}
OFFLINE=()
[[ ${FUZZ_OFFLINE:-1} == 1 ]] && OFFLINE=(-o)

# module class#method [more classes to instrument for coverage: the library doing the parsing]
# (Jazzer instruments only the test's package by default.)
TARGETS=(
  "upkeep-protocol dev.upkeep.protocol.EventBatchFuzzTest#decode"
  "upkeep-protocol dev.upkeep.protocol.JsonFuzzTest#parse"
  "upkeep-server dev.upkeep.server.api.v1.EventsFuzzTest#decode"
  "upkeep-server dev.upkeep.server.api.migas.RestCrumbFuzzTest#decode com.fasterxml.jackson.**"
  "upkeep-server dev.upkeep.server.api.migas.GraphQlFuzzTest#parseAndValidate graphql.**"
  "upkeep-server dev.upkeep.server.api.usagestats.ReportFuzzTest#parse"
  "upkeep-server dev.upkeep.server.api.otumat.EventRowsFuzzTest#decode com.fasterxml.jackson.**"
  "upkeep-server dev.upkeep.server.http.FormBodyFuzzTest#parse"
  "upkeep-server dev.upkeep.server.versions.VersionSchemeFuzzTest#compare org.semver4j.**,org.apache.maven.artifact.**"
  "upkeep-archive dev.upkeep.archive.RecordYamlFuzzTest#read org.yaml.snakeyaml.**"
  "upkeep-archive dev.upkeep.archive.VersionFuzzTest#expression org.semver4j.**"
  "upkeep-signing dev.upkeep.signing.KeysFuzzTest#parse org.bouncycastle.**"
  "upkeep-signing dev.upkeep.signing.SignaturesFuzzTest#verify"
)

selected=()
for t in "${TARGETS[@]}"; do
  if [[ $# -eq 0 ]]; then
    selected+=("$t")
  else
    for f in "$@"; do
      [[ $t == *"$f"* ]] && selected+=("$t") && break
    done
  fi
done
[[ ${#selected[@]} -gt 0 ]] || die "no target matches: $*"
require_tools mvn java
mkdir -p "$LOG_DIR"

summary=()
for t in "${selected[@]}"; do
  read -r module test libraries <<<"$t"
  name=${test##*.}
  log_file=$LOG_DIR/${name/\#/.}.log
  log "fuzzing $name for $DURATION (log: $log_file)"
  started=$(date +%s)
  # -am builds the module's reactor dependencies from source (never a stale jar in ~/.m2); the
  # other modules have no test of that name. JUnit's own timeout is off because JUnit would apply
  # it to the whole fuzzing run; Jazzer applies each target's @Timeout (10 s) to every input, so a
  # slower input is a finding (a hang). Jazzer's sanitizer hooks, off for `mvn verify`
  # (junit-platform.properties), are on.
  set +e
  JAZZER_FUZZ=1 JAZZER_MAX_DURATION=$DURATION JAZZER_INSTRUMENT="dev.upkeep.**${libraries:+,$libraries}" \
    mvn "${OFFLINE[@]}" -B -pl "$module" -am test \
    -Dtest="$test" -Dsurefire.failIfNoSpecifiedTests=false -Dspotless.check.skip=true \
    -Djunit.jupiter.execution.timeout.mode=disabled -Djazzer.hooks=true \
    -DargLine="-Xmx$HEAP" >"$log_file" 2>&1
  rc=$?
  set -e
  seconds=$(($(date +%s) - started))
  runs=$(grep -oE '^Done [0-9]+ runs' "$log_file" | tail -1 | grep -oE '[0-9]+' || true)
  if [[ -z $runs ]]; then
    runs=$(grep -oE '^#[0-9]+' "$log_file" | tail -1 | tr -d '#' || true)
  fi
  cov=$(grep -oE 'cov: [0-9]+' "$log_file" | tail -1 | grep -oE '[0-9]+' || true)
  if [[ $rc == 0 ]]; then
    result="no finding"
  else
    finding=$(grep -m1 -E '^== Java Exception: |Timeout after|^==[0-9]+== ERROR' "$log_file" |
      sed -E 's/^== Java Exception: //' | cut -c1-120 || true)
    crash=$(grep -m1 -oE 'crash-[0-9a-f]{40}|timeout-[0-9a-f]{40}' "$log_file" || true)
    result="FINDING: ${finding:-build failed, see the log} ${crash:+($crash)}"
  fi
  summary+=("$(printf '%-42s %8s s %12s runs  cov %-6s %s' "$name" "$seconds" "${runs:-?}" \
    "${cov:-?}" "$result")")
done

printf '\nfuzz results (%s per target, %s, %s)\n' "$DURATION" "$(date -u +%Y-%m-%dT%H:%MZ)" \
  "$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')"
printf '%s\n' "${summary[@]}"
