#!/usr/bin/env bash
# The example failover tool drilled end to end with the real clients against the real fakes:
# examples/ci/run-drill.sh runs `drdrill serve scenarios/examples/failover-script.json --run node
# examples/failover/failover.mjs ...` and this test checks drdrill's exit status and report.json.
#
#   failover_drill_test.sh REPO_ROOT DRDRILL OUT_DIR EXPECTED_STATUS EXPECTED_VERDICT
#                          [--finding F]... [--no-finding F]... [--probe-error REGEX] [-- TOOL ARGS...]
#
#   --finding F        F must be among report.json's findings
#   --no-finding F     F must not be (a twin's mistake must not be blamed on something else)
#   --probe-error RE   every probe that did not recover must have failed last with an error
#                      matching RE (why the service stayed down, as drdrill saw it)
#   --tool-exit ok|failed  how the tool itself must end (default: ok for a passing drill, failed
#                      for a failing one)
#   --validate SQL     the tool's validation statement (default: SELECT COUNT(*) FROM sales.orders)
#   --tool-default-validation  pass no --validate: the tool's own default, SHOW TABLES
#
# A passing drill may report no finding but data_lost (an unplanned failover loses what had not
# replicated; rpo_max bounds it), must show the tool's failover stages on the RTO breakdown
# (drdrill saw its ARM and Databricks calls on the wire) and the tool must exit 0. A failing one
# must have its tool exit non-zero unless --tool-exit ok (a broken twin notices that its validation
# never succeeded — or, with a validation too weak to notice, drdrill must still fail the drill).
# Bounded: run-drill.sh stops the drill after DRILL_TIMEOUT_S (default 90 s); ctest has TIMEOUT.
# TIME_SCALE (default 1000) is passed on to drdrill serve.
set -uo pipefail

root=$1 drdrill=$2 out=$3 want_status=$4 want_verdict=$5
shift 5
want_findings=()
unwanted_findings=()
probe_error=
tool_exit=
validate="SELECT COUNT(*) FROM sales.orders"
while [[ $# -gt 0 && $1 != "--" ]]; do
  case $1 in
    --finding) want_findings+=("$2"); shift 2 ;;
    --no-finding) unwanted_findings+=("$2"); shift 2 ;;
    --probe-error) probe_error=$2; shift 2 ;;
    --tool-exit) tool_exit=$2; shift 2 ;;
    --validate) validate=$2; shift 2 ;;
    --tool-default-validation) validate=; shift ;;
    *) echo "failover_drill_test: unknown argument $1" >&2; exit 2 ;;
  esac
done
[[ $# -gt 0 ]] && shift
tool_args=("$@")
[[ -n $validate ]] && tool_args=(--validate "$validate" "${tool_args[@]}")
if [[ -z $tool_exit ]]; then
  tool_exit=$([[ $want_status == 0 ]] && echo ok || echo failed)
fi

cd "$root" || exit 1
if [[ ! -d examples/failover/node_modules/@azure/arm-storage ]]; then
  echo "failover_drill_test: the example's clients are not installed; run scripts/setup.sh --test" >&2
  exit 1
fi
rm -rf "$out"
mkdir -p "$out"

started_ns=$(date +%s%N)
DRDRILL=$drdrill OUT=$out TIME_SCALE=${TIME_SCALE:-1000} DRILL_TIMEOUT_S=${DRILL_TIMEOUT_S:-90} \
  examples/ci/run-drill.sh -- "${tool_args[@]}" >"$out/run-drill.log" 2>&1
status=$?
wall_ms=$((($(date +%s%N) - started_ns) / 1000000))

show() {
  echo "---- run-drill.sh output ----" >&2
  cat "$out/run-drill.log" >&2
  if [[ -f $out/runbook-output.log ]]; then
    echo "---- $out/runbook-output.log (the tool) ----" >&2
    tail -n 40 "$out/runbook-output.log" | cut -c1-400 >&2
  fi
}

if (( status != want_status )); then
  echo "failover_drill_test: drdrill exited $status, expected $want_status (wall ${wall_ms} ms)" >&2
  show
  exit 1
fi
if [[ ! -f $out/report.json ]]; then
  echo "failover_drill_test: no report.json in $out" >&2
  show
  exit 1
fi

node - "$out/report.json" "$want_verdict" "$want_status" "$wall_ms" "$probe_error" "$tool_exit" \
  "${want_findings[@]/#/+}" "${unwanted_findings[@]/#/-}" <<'NODE'
const [file, verdict, status, wallMs, probeError, toolExit, ...expectations] = process.argv.slice(2);
const report = JSON.parse(require('node:fs').readFileSync(file, 'utf8'));
const findings = report.findings ?? [];
const problems = [];
if (report.served !== true) problems.push('report.json is not a served drill\'s');
if (report.verdict !== verdict) problems.push(`verdict ${report.verdict}, expected ${verdict}`);
for (const e of expectations) {
  const f = e.slice(1);
  if (e[0] === '+' && !findings.includes(f)) problems.push(`finding ${f} missing (findings: ${findings.join(', ') || 'none'})`);
  if (e[0] === '-' && findings.includes(f)) problems.push(`finding ${f} reported (findings: ${findings.join(', ')})`);
}
const tool = report.external_command;
if (!tool) {
  problems.push('report.json does not record the external command');
} else {
  if (!tool.command.includes('examples/failover/failover.mjs')) problems.push(`the command run was ${tool.command.join(' ')}`);
  if (toolExit === 'ok' && tool.exit_status !== 0) problems.push(`the failover tool ${tool.outcome}, expected it to exit 0`);
  if (toolExit === 'failed' && tool.exit_status === 0) problems.push('the failover tool exited 0: its own validation should have failed');
}
if (status === '0') {
  const extra = findings.filter((f) => f !== 'data_lost');
  if (extra.length) problems.push(`a passing drill with findings: ${extra.join(', ')}`);
  if (report.rto_s == null) problems.push('no RTO in a passing drill');
  for (const stage of ['storage_failover', 'sql_failover', 'cluster_start']) {
    if (!(stage in (report.rto_stages ?? {}))) problems.push(`no ${stage} stage in the RTO breakdown: ${JSON.stringify(report.rto_stages)}`);
  }
}
if (probeError) {
  const re = new RegExp(probeError);
  const down = report.probes.filter((p) => !p.expect_failure && p.recovered_at_s == null);
  if (!down.length) problems.push('every probe recovered');
  for (const p of down) {
    if (!re.test(p.last_error)) problems.push(`probe ${p.name} last failed with "${p.last_error.slice(0, 300)}", expected /${probeError}/`);
  }
}
if (problems.length) {
  console.error(`report.json (${file}):\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
const rto = report.rto_s == null ? 'none' : `${report.rto_s} s (${(report.rto_s / 3600).toFixed(2)} h)`;
console.log(`report.json: verdict ${report.verdict}, findings [${findings.join(', ')}], RTO ${rto}, ` +
  `stages ${JSON.stringify(report.rto_stages)}, RPO ${JSON.stringify(report.rpo_s)}, ` +
  `tool ${tool.outcome}; wall ${wallMs} ms`);
NODE
checked=$?
if (( checked != 0 )); then
  show
  exit 1
fi
exit 0
