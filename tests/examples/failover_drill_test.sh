#!/usr/bin/env bash
# The example failover tool drilled end to end: examples/ci/run-drill.sh runs `drdrill serve` on
# scenarios/examples/failover-script.json at --time-scale 1000 with examples/failover/failover.mjs
# as the external runbook, and this test checks drdrill's exit status and report.json.
#
#   failover_drill_test.sh REPO_ROOT DRDRILL OUT_DIR EXPECTED_STATUS EXPECTED_VERDICT [FINDING...] [-- TOOL ARGS...]
#
# Every finding listed must be in report.json's findings; the tool's own exit status must be 0
# for a passing drill and non-zero for a failing one (a broken twin notices that its validation
# never succeeded). Bounded: run-drill.sh stops the drill after DRILL_TIMEOUT_S (default 90 s).
set -uo pipefail

root=$1 drdrill=$2 out=$3 want_status=$4 want_verdict=$5
shift 5
want_findings=()
while [[ $# -gt 0 && $1 != "--" ]]; do
  want_findings+=("$1")
  shift
done
[[ $# -gt 0 ]] && shift
tool_args=("$@")

cd "$root" || exit 1
if [[ ! -d examples/failover/node_modules/@azure/arm-storage ]]; then
  echo "failover_drill_test: the example's clients are not installed; run scripts/setup.sh --test" >&2
  exit 1
fi
rm -rf "$out"
mkdir -p "$out"

DRDRILL=$drdrill OUT=$out TIME_SCALE=${TIME_SCALE:-1000} DRILL_TIMEOUT_S=${DRILL_TIMEOUT_S:-90} \
  examples/ci/run-drill.sh -- --validate "SELECT COUNT(*) FROM sales.orders" "${tool_args[@]}" >"$out/run-drill.log" 2>&1
status=$?

show() {
  echo "---- run-drill.sh output ----" >&2
  cat "$out/run-drill.log" >&2
  for f in "$out"/*.log "$out"/*output*; do
    [[ -f $f && $f != "$out/run-drill.log" ]] || continue
    echo "---- $f ----" >&2
    tail -n 60 "$f" >&2
  done
}

if (( status != want_status )); then
  echo "failover_drill_test: drdrill exited $status, expected $want_status" >&2
  show
  exit 1
fi
if [[ ! -f $out/report.json ]]; then
  echo "failover_drill_test: no report.json in $out" >&2
  show
  exit 1
fi

# report.json: verdict, findings, and the external command's exit status.
node - "$out/report.json" "$want_verdict" "$want_status" "${want_findings[@]}" <<'EOF'
const [file, verdict, status, ...findings] = process.argv.slice(2);
const report = JSON.parse(require('node:fs').readFileSync(file, 'utf8'));
const problems = [];
if (report.verdict !== verdict) problems.push(`verdict ${report.verdict}, expected ${verdict}`);
for (const f of findings) {
  if (!report.findings.includes(f)) problems.push(`finding ${f} missing (findings: ${report.findings.join(', ') || 'none'})`);
}
if (verdict === 'pass' && report.findings.length) problems.push(`a passing drill with findings: ${report.findings.join(', ')}`);
const tool = report.external_command ?? report.runbook?.external_command ?? null;
if (tool) {
  const exit = tool.exit_status;
  if (status === '0' && exit !== 0) problems.push(`the failover tool exited ${exit} (${tool.outcome}) in a passing drill`);
  if (status === '1' && exit === 0) problems.push('a broken twin exited 0: its own validation should have failed');
} else {
  problems.push('report.json does not record the external command');
}
if (status === '0' && report.rto_s == null) problems.push('no RTO in a passing drill');
if (problems.length) {
  console.error(`report.json (${file}):\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log(`report.json: verdict ${report.verdict}, findings [${report.findings.join(', ')}], RTO ${report.rto_s} s`);
EOF
checked=$?
if (( checked != 0 )); then
  show
  exit 1
fi
exit 0
