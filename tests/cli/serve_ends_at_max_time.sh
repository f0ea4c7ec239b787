#!/usr/bin/env bash
# drdrill serve SCENARIO ends by itself at the scenario's run.max_time (simulated), writes the
# reports and exits as drdrill run would; without --run it serves until then. Bounded by `timeout`.
set -uo pipefail
drdrill=$1
scenario=$2
dir=$(mktemp -d "${TMPDIR:-/tmp}/drdrill-serve-end.XXXXXX")
trap 'rm -rf "$dir"' EXIT
timeout 60 "$drdrill" serve "$scenario" --time-scale 7200 --out "$dir/out" --endpoints-file "$dir/e.json" 2>"$dir/log"
rc=$?
[[ $rc -eq 0 ]] || { echo "exit status $rc (expected 0)" >&2; cat "$dir/log" >&2; exit 1; }
grep -q "the run reached its max_time" "$dir/log" || { echo "no end message" >&2; cat "$dir/log" >&2; exit 1; }
grep -q '"simulated_s"' "$dir/out/report.json" || { echo "no report" >&2; exit 1; }
grep -q 'start region_outage' "$dir/out/report.json" || { echo "the fault did not fire" >&2; exit 1; }
grep -q 'end region_outage' "$dir/out/report.json" || { echo "the fault did not end" >&2; exit 1; }
[[ ! -e $dir/e.json ]] || { echo "endpoints file left behind" >&2; exit 1; }
echo "serve ended at its max_time with reports"
