#!/usr/bin/env bash
# Runs every scenario `drdrill run` accepts (scenarios/, scenarios/examples, tests/sim/data) for
# seeds 1..5 and keeps each run's report.json, report.md, junit.xml, stdout and exit code under
# OUT/<scenario>/<seed>/. Given BASE (an earlier OUT), compares the two byte for byte (the output
# directories' own paths aside) and exits 1 naming every file that differs.
#
# For changes that must not change behaviour (speed work, refactors): run it on the old binary,
# then on the new one against the first; and for a change that re-baselines reports on purpose,
# to list exactly which reports moved.
#   scripts/compare-reports.sh build/release/cli/drdrill /tmp/before
#   scripts/compare-reports.sh build/release/cli/drdrill /tmp/after /tmp/before
set -uo pipefail
if [[ $# -lt 2 || $# -gt 3 ]]; then
  echo "usage: $0 DRDRILL_BINARY OUT_DIR [BASE_DIR]" >&2
  exit 2
fi
bin=$(realpath "$1"); out=$2; base=${3:-}
cd "$(dirname "$0")/.."
rm -rf "$out" && mkdir -p "$out"
for file in scenarios/*.json scenarios/examples/*.json tests/sim/data/*.json; do
  [[ $file == *schema.json ]] && continue
  name=$(echo "${file%.json}" | tr '/' '_')
  for seed in 1 2 3 4 5; do
    dir="$out/$name/$seed"
    mkdir -p "$dir"
    "$bin" run "$file" --seed "$seed" --out "$dir" >"$dir/stdout" 2>"$dir/stderr"
    echo "$?" >"$dir/rc"
  done
done
[[ -z $base ]] && exit 0
status=0
while IFS= read -r f; do
  if ! cmp -s <(sed "s#$base##g" "$base/$f") <(sed "s#$out##g" "$out/$f"); then
    echo "differs: $f"
    status=1
  fi
done < <(cd "$base" && find . -type f | sort)
[[ $status == 0 ]] && echo "every report identical"
exit $status
