#!/usr/bin/env bash
# Runs a drill from a fresh Debian 12 machine: install what is missing, build drdrill (release),
# then run the default scenario. Extra arguments go to the drill command.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh
cmake --preset release >/dev/null
cmake --build --preset release --target drdrill
# Until the drill engine lands (issue 6) this runs the kernel's geo-replication demo.
exec build/release/cli/drdrill demo "$@"
