#!/usr/bin/env bash
# Fails if wall-clock time, sleeps, unseeded randomness or threads appear in code that must be
# deterministic (everything but the real-time transport). A line that truly needs one carries a
# '// wall-clock ok: <why>' comment.
set -euo pipefail
cd "${DRDRILL_CHECK_ROOT:-$(dirname "$0")/..}"  # DRDRILL_CHECK_ROOT: only for the self-test
pattern='system_clock::now|steady_clock::now|high_resolution_clock::now|this_thread::sleep_|\busleep\(|\bnanosleep\(|std::rand\b|[^_a-z]rand\(\)|random_device|std::thread\b|std::jthread\b|\btime\(nullptr\)|\btime\(NULL\)'
dirs=()
for d in core sim mocks reports scenarios; do [[ -d $d ]] && dirs+=("$d"); done
hits=$(grep -rnE "$pattern" --include='*.cpp' --include='*.h' "${dirs[@]}" \
  | grep -v '^mocks/transport/' | grep -v 'wall-clock ok' || true)
if [[ -n "$hits" ]]; then
  echo "check-determinism: wall clock, sleep, unseeded randomness or threads outside the transport:" >&2
  echo "$hits" >&2
  exit 1
fi
