#!/usr/bin/env bash
# examples/ci/run-drill.sh against a stand-in for drdrill (records its arguments, writes a
# report.md, exits as told): the command line it builds, that it passes drdrill's exit status on
# (the CI job fails with the drill), its errors for a missing executable or scenario, and its
# wall-clock bound. The real drill through the same script: Examples.FailoverDrill.*.
#
#   run_drill_recipe_test.sh REPO_ROOT
set -uo pipefail

root=$1
cd "$root" || exit 1
recipe=examples/ci/run-drill.sh
work=$(mktemp -d "${TMPDIR:-/tmp}/run-drill-test.XXXXXX")
trap 'rm -rf "$work"' EXIT
failures=0

fail() {
  echo "FAILED: $*" >&2
  failures=$((failures + 1))
}

cat >"$work/drdrill" <<'EOF'
#!/usr/bin/env bash
# Stand-in for drdrill serve: find --out, record the arguments there, write a report, exit.
out=
prev=
for a in "$@"; do
  [[ $prev == --out ]] && out=$a
  prev=$a
done
printf '%s\n' "$@" >"$out/args"
echo "# Drill report (stand-in)" >"$out/report.md"
[[ -n ${STUB_SLEEP_S:-} ]] && exec sleep "$STUB_SLEEP_S"
exit "${STUB_EXIT:-0}"
EOF
chmod +x "$work/drdrill"

# Runs the recipe with a bound of its own, so that this test cannot hang either.
recipe_run() {
  timeout 60 env DRDRILL="$work/drdrill" OUT="$work/out" TOOL="node examples/failover/failover.mjs" "$@" \
    "$recipe" -- --validate "SELECT COUNT(*) FROM sales.orders" >"$work/stdout" 2>"$work/stderr"
}

# 1. A passing drill: exit 0, the serve command line, the report shown.
recipe_run STUB_EXIT=0
status=$?
(( status == 0 )) || fail "a passing drill: exit $status, expected 0"
expected=(serve scenarios/examples/failover-script.json --time-scale 1000 --out "$work/out"
          --run node examples/failover/failover.mjs --validate "SELECT COUNT(*) FROM sales.orders")
mapfile -t got <"$work/out/args"
[[ "${got[*]}" == "${expected[*]}" && ${#got[@]} -eq ${#expected[@]} ]] ||
  fail "drdrill arguments: got [${got[*]}] (${#got[@]}), expected [${expected[*]}] (${#expected[@]})"
grep -q "Drill report (stand-in)" "$work/stdout" || fail "the report is not shown"
grep -q "run-drill: PASS" "$work/stdout" || fail "no PASS line"

# 2. A drill that misses its targets: exit 1, so the job fails.
recipe_run STUB_EXIT=1
status=$?
(( status == 1 )) || fail "a failing drill: exit $status, expected 1"
grep -q "run-drill: FAIL" "$work/stderr" || fail "no FAIL line"

# 3. Settings: time scale and scenario are passed on.
recipe_run STUB_EXIT=0 TIME_SCALE=250 SCENARIO=scenarios/regional-outage.json
mapfile -t got <"$work/out/args"
[[ ${got[1]} == scenarios/regional-outage.json && ${got[3]} == 250 ]] || fail "SCENARIO/TIME_SCALE not passed on: ${got[*]}"

# 4. drdrill's other statuses come through as they are.
recipe_run STUB_EXIT=3
status=$?
(( status == 3 )) || fail "an internal error: exit $status, expected 3"
grep -q "run-drill: ERROR" "$work/stderr" || fail "no ERROR line"

# 5. No executable, no scenario: exit 2 with a message naming the problem.
timeout 60 env DRDRILL="$work/missing" OUT="$work/out" "$recipe" >"$work/stdout" 2>"$work/stderr"
status=$?
(( status == 2 )) && grep -q "no drdrill executable" "$work/stderr" || fail "missing drdrill: exit $status, $(cat "$work/stderr")"
recipe_run SCENARIO=scenarios/none.json
status=$?
(( status == 2 )) && grep -q "no scenario file" "$work/stderr" || fail "missing scenario: exit $status, $(cat "$work/stderr")"

# 6. A drill that does not end is stopped at DRILL_TIMEOUT_S: exit 124.
recipe_run STUB_SLEEP_S=30 DRILL_TIMEOUT_S=1
status=$?
(( status == 124 )) || fail "a drill past its bound: exit $status, expected 124"
grep -q "did not finish within 1s" "$work/stderr" || fail "no timeout message"

if (( failures )); then
  echo "$failures check(s) failed" >&2
  exit 1
fi
echo "run-drill.sh: all checks passed"
