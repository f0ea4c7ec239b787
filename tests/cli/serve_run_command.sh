#!/usr/bin/env bash
# drdrill serve SCENARIO --run CMD: the command starts when the scenario's external runbook says,
# with DRDRILL_ENDPOINTS and the tool's variables set; its exit status and output land in the
# reports; a command that fails fails the drill (exit 1), one that succeeds lets it pass (exit 0).
# At x3600 the two simulated hours take about two seconds; every wait is bounded by `timeout`.
set -uo pipefail
drdrill=$1
scenario=$2
dir=$(mktemp -d "${TMPDIR:-/tmp}/drdrill-serve-run.XXXXXX")
trap 'rm -rf "$dir"' EXIT
fail() { echo "FAIL: $*" >&2; cat "$dir"/*/serve.log >&2 2>/dev/null; exit 1; }

# 1. A command that checks its environment, prints, and exits 3.
timeout 60 "$drdrill" serve "$scenario" --time-scale 3600 --out "$dir/a" --run sh -c \
  'test -f "$DRDRILL_ENDPOINTS" && grep -q "\"control\"" "$DRDRILL_ENDPOINTS" && echo "endpoints ok: $AZURE_STORAGE_ACCOUNT $NODE_EXTRA_CA_CERTS"; echo to-stderr >&2; exit 3' \
  2>"$dir/a.log"
rc=$?
mkdir -p "$dir/a" && mv "$dir/a.log" "$dir/a/serve.log"
[[ $rc -eq 1 ]] || fail "exit status $rc for a command that exits 3 (expected 1)"
[[ -f $dir/a/report.json && -f $dir/a/report.md && -f $dir/a/junit.xml ]] || fail "reports missing"
grep -q '"exit_status": 3' "$dir/a/report.json" || fail "report.json lacks the exit status"
grep -q '"served": true' "$dir/a/report.json" || fail "report.json is not marked served"
grep -q 'endpoints ok: lake /' "$dir/a/runbook-output.log" || fail "the command did not see DRDRILL_ENDPOINTS and the variables"
grep -q 'to-stderr' "$dir/a/report.json" || fail "the output tail is not in report.json"
grep -q 'runbook.command' "$dir/a/junit.xml" || fail "junit.xml lacks the runbook.command case"
grep -q '"started_s": 900' "$dir/a/report.json" || fail "the command did not start at the external runbook's start (15 min)"
grep -q 'command: exited 3' "$dir/a/serve.log" || fail "the summary lacks the command's outcome"
[[ ! -e $dir/a/endpoints.json ]] || fail "the endpoints file was left behind"

# 2. The same drill with a command that succeeds passes.
# It exits at 15 min, in the outage (10-20 min); --settle 30min lets the probe see the recovery.
timeout 60 "$drdrill" serve "$scenario" --time-scale 3600 --settle 30min --out "$dir/b" --run true 2>"$dir/b.log"
rc=$?
mkdir -p "$dir/b" && mv "$dir/b.log" "$dir/b/serve.log"
[[ $rc -eq 0 ]] || fail "exit status $rc for a command that exits 0 (expected 0)"
grep -q '"exit_status": 0' "$dir/b/report.json" || fail "report.json lacks exit status 0"
grep -q '"rto_s": [0-9]' "$dir/b/report.json" || fail "no RTO measured from the probes"
echo "serve --run recorded the command and judged it"
