#!/usr/bin/env bash
# The whole test suite, from a fresh Debian 12 machine: install what is missing, build, run ctest.
# Extra arguments go to ctest (e.g. scripts/test.sh -R Blob). PRESET=asan selects the sanitizer build.
set -euo pipefail
cd "$(dirname "$0")/.."
preset=${PRESET:-dev}

scripts/setup.sh --test
scripts/check-determinism.sh
cmake --preset "$preset" >/dev/null
cmake --build --preset "$preset"
ctest --preset "$preset" "$@"
