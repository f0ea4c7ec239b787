#!/usr/bin/env bash
# drdrill serve SCENARIO ends by itself at the scenario's run.max_time (simulated), writes the
# reports it is asked for (report.html too) and records the drill in a results history, and exits
# as drdrill run would; without --run it serves until then. Bounded by `timeout`.
set -uo pipefail
drdrill=$1
scenario=$2
dir=$(mktemp -d "${TMPDIR:-/tmp}/drdrill-serve-end.XXXXXX")
trap 'rm -rf "$dir"' EXIT
timeout 60 "$drdrill" serve "$scenario" --time-scale 7200 --out "$dir/out" --endpoints-file "$dir/e.json" \
  --format json,md,junit,html --history "$dir/h.db" --label served 2>"$dir/log"
rc=$?
[[ $rc -eq 0 ]] || { echo "exit status $rc (expected 0)" >&2; cat "$dir/log" >&2; exit 1; }
grep -q "the run reached its max_time" "$dir/log" || { echo "no end message" >&2; cat "$dir/log" >&2; exit 1; }
grep -q '"simulated_s"' "$dir/out/report.json" || { echo "no report" >&2; exit 1; }
grep -q 'start region_outage' "$dir/out/report.json" || { echo "the fault did not fire" >&2; exit 1; }
grep -q 'end region_outage' "$dir/out/report.json" || { echo "the fault did not end" >&2; exit 1; }
[[ ! -e $dir/e.json ]] || { echo "endpoints file left behind" >&2; exit 1; }
grep -q '<svg' "$dir/out/report.html" || { echo "no report.html with its chart" >&2; exit 1; }
grep -q "history: $dir/h.db (drill #1)" "$dir/log" || { echo "the summary does not say where the drill was recorded" >&2; cat "$dir/log" >&2; exit 1; }
"$drdrill" history "$dir/h.db" | grep -q ' served$' || { echo "the served drill is not in the history" >&2; exit 1; }
"$drdrill" history "$dir/h.db" --report 1 | cmp -s - "$dir/out/report.json" || { echo "the stored report differs" >&2; exit 1; }
# A history file that is not one is refused before anything listens.
echo "not a database" >"$dir/notes.txt"
timeout 30 "$drdrill" serve "$scenario" --out "$dir/out2" --history "$dir/notes.txt" 2>"$dir/log2"
[[ $? -eq 2 ]] || { echo "a non-history file must exit 2" >&2; cat "$dir/log2" >&2; exit 1; }
grep -q 'not a drdrill results history' "$dir/log2" || { echo "no clear error" >&2; cat "$dir/log2" >&2; exit 1; }
grep -q 'listening\|serving until' "$dir/log2" && { echo "it served before refusing" >&2; exit 1; }
echo "serve ended at its max_time with reports"
