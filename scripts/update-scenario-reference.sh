#!/usr/bin/env bash
# Regenerates the two files made from the scenario loader's field table (sim/src/scenario_spec.cpp):
# the JSON Schema scenarios/drdrill-scenario.schema.json and the field reference section of
# docs/scenarios.md. Tests fail until they match; run this after changing the table.
# Usage: scripts/update-scenario-reference.sh [path/to/drdrill]   (default: build/dev/cli/drdrill)
set -euo pipefail
cd "$(dirname "$0")/.."
drdrill=${1:-build/dev/cli/drdrill}
"$drdrill" validate --print-schema > scenarios/drdrill-scenario.schema.json
reference=$(mktemp)
trap 'rm -f "$reference"' EXIT
"$drdrill" validate --print-reference > "$reference"
awk -v ref="$reference" '
  /<!-- BEGIN FIELD REFERENCE -->/ { print; while ((getline line < ref) > 0) print line; skip = 1; next }
  /<!-- END FIELD REFERENCE -->/ { skip = 0 }
  !skip { print }
' docs/scenarios.md > docs/scenarios.md.new
mv docs/scenarios.md.new docs/scenarios.md
echo "updated scenarios/drdrill-scenario.schema.json and docs/scenarios.md"
