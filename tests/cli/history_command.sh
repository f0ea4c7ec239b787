#!/usr/bin/env bash
# drdrill run --history FILE and drdrill history FILE as a user meets them: two drills recorded and
# listed, JSON for pipelines, one drill's stored report.json, and exit 2 for what is not a history.
set -uo pipefail
drdrill=$1
scenario=$2
dir=$(mktemp -d "${TMPDIR:-/tmp}/drdrill-history.XXXXXX")
trap 'rm -rf "$dir"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

"$drdrill" run "$scenario" --out "$dir/a" --history "$dir/h.db" --label "first drill" >"$dir/a.out" || fail "first run"
grep -q "history: $dir/h.db (drill #1)" "$dir/a.out" || fail "the summary does not say where the drill was recorded"
"$drdrill" run "$scenario" --seed 2 --out "$dir/b" --history "$dir/h.db" >/dev/null || fail "second run"

"$drdrill" history "$dir/h.db" >"$dir/list" || fail "history exit $?"
[[ $(wc -l <"$dir/list") -eq 3 ]] || fail "expected a header and two drills: $(cat "$dir/list")"
grep -qE '^1 .* first drill$' "$dir/list" || fail "drill 1 lacks its label: $(cat "$dir/list")"
grep -qE '^2 .*  2  ' "$dir/list" || fail "drill 2 lacks its seed: $(cat "$dir/list")"

"$drdrill" history "$dir/h.db" --last 1 --json >"$dir/last.json" || fail "history --json"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert len(d)==1 and d[0]["id"]==2 and d[0]["seed"]==2, d' \
  "$dir/last.json" || fail "--last 1 --json is not the second drill"

"$drdrill" history "$dir/h.db" --report 1 >"$dir/report1.json" || fail "history --report 1"
cmp -s "$dir/report1.json" "$dir/a/report.json" || fail "the stored report.json differs from the one the run wrote"

"$drdrill" history "$dir/missing.db" 2>/dev/null; [[ $? -eq 2 ]] || fail "a missing history must exit 2"
[[ ! -e $dir/missing.db ]] || fail "listing a missing history created it"
"$drdrill" history "$dir/h.db" --report 9 2>/dev/null; [[ $? -eq 2 ]] || fail "an unknown drill must exit 2"
echo "not a database" >"$dir/notes.txt"
"$drdrill" run "$scenario" --out "$dir/c" --history "$dir/notes.txt" 2>/dev/null; [[ $? -eq 2 ]] || fail "a non-history file must exit 2"
[[ $(cat "$dir/notes.txt") == "not a database" ]] || fail "the non-history file was changed"
"$drdrill" run "$scenario" --out "$dir/d" --label x 2>/dev/null; [[ $? -eq 2 ]] || fail "--label without --history must exit 2"
echo "history command: ok"
