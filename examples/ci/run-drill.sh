#!/usr/bin/env bash
# A disaster-recovery drill as a CI step: `drdrill serve` stands up the scenario's world on
# 127.0.0.1, injects its outage, starts the failover tool when the outage is declared, measures RTO
# and RPO from outside and writes report.json, report.md and junit.xml. This script fails (exit 1)
# when the drill misses its targets, so the CI job fails with it.
#
#   examples/ci/run-drill.sh [-- extra arguments for the failover tool]
#
# Settings (environment):
#   DRDRILL        the drdrill executable      (default: drdrill on PATH, else build/release/cli/drdrill)
#   SCENARIO       the scenario file           (default: scenarios/examples/failover-script.json)
#   OUT            where the reports go        (default: out/drill)
#   TIME_SCALE     simulated seconds per wall second (default: 1000; 1 simulated hour = 3.6 s)
#   DRILL_TIMEOUT_S  wall-clock bound for the whole drill (default: 300)
#   TOOL           the failover tool's command (default: node examples/failover/failover.mjs)
#
# Exit status: drdrill's — 0 the drill passed, 1 it failed (a target missed, service not restored,
# an invariant broken), 2 bad input, 3 internal error; 124 when DRILL_TIMEOUT_S ran out.
# Run from the repository root. Needs Node.js >= 20 and the tool's packages (`npm ci`, done here
# when missing).
set -euo pipefail

scenario=${SCENARIO:-scenarios/examples/failover-script.json}
out=${OUT:-out/drill}
time_scale=${TIME_SCALE:-1000}
drill_timeout_s=${DRILL_TIMEOUT_S:-300}
tool_dir=examples/failover

if [[ $# -gt 0 && $1 == "--" ]]; then shift; fi
tool_args=("$@")

if [[ -n ${DRDRILL:-} ]]; then
  drdrill=$DRDRILL
elif command -v drdrill >/dev/null; then
  drdrill=$(command -v drdrill)
else
  drdrill=build/release/cli/drdrill
fi
if [[ ! -x $drdrill ]]; then
  echo "run-drill: no drdrill executable at '$drdrill' (build it: cmake --preset release && cmake --build --preset release --target drdrill, or set DRDRILL)" >&2
  exit 2
fi
if [[ ! -f $scenario ]]; then
  echo "run-drill: no scenario file '$scenario' (run from the repository root, or set SCENARIO)" >&2
  exit 2
fi
if [[ -n ${TOOL:-} ]]; then
  read -r -a tool <<<"$TOOL"
else
  command -v node >/dev/null || { echo "run-drill: node (>= 20) is needed for the failover tool" >&2; exit 2; }
  if [[ ! -d $tool_dir/node_modules/@azure/arm-storage ]]; then
    echo "run-drill: installing the failover tool's pinned packages (npm ci in $tool_dir)"
    (cd "$tool_dir" && npm ci --no-audit --no-fund --loglevel=error)
  fi
  tool=(node "$tool_dir/failover.mjs")
fi

mkdir -p "$out"
echo "run-drill: $drdrill serve $scenario --time-scale $time_scale --out $out --run ${tool[*]} ${tool_args[*]}"
set +e
timeout --kill-after=10 "$drill_timeout_s" \
  "$drdrill" serve "$scenario" --time-scale "$time_scale" --out "$out" \
  --run "${tool[@]}" "${tool_args[@]}"
status=$?
set -e

if (( status == 124 )); then
  echo "run-drill: the drill did not finish within ${drill_timeout_s}s" >&2
fi
if [[ -f $out/report.md ]]; then
  echo "---- $out/report.md ----"
  cat "$out/report.md"
fi
case $status in
  0) echo "run-drill: PASS (reports in $out: report.json, report.md, junit.xml)" ;;
  1) echo "run-drill: FAIL — the drill missed its targets; see $out/report.md" >&2 ;;
  *) echo "run-drill: ERROR — drdrill serve exited with $status" >&2 ;;
esac
exit "$status"
