#!/usr/bin/env bash
# Runs a drill from a fresh Debian 12 machine: install what is missing, build drdrill (release),
# then run the default scenario (scenarios/regional-outage.json) and write its reports to
# build/drill/. Arguments, when given, replace the default ones: `scripts/drill.sh
# scenarios/planned-failover-drill.json --seed 7 --out /tmp/drill`.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh
cmake --preset release >/dev/null
cmake --build --preset release --target drdrill
if [[ $# -eq 0 ]]; then set -- scenarios/regional-outage.json --out build/drill; fi
exec build/release/cli/drdrill run "$@"
