#!/usr/bin/env bash
# Installs what drdrill needs on Debian 12 and is missing; does nothing when all is present.
#   scripts/setup.sh            packages to build and run drills
#   scripts/setup.sh --test     also what the test suite needs (real clients: Node.js packages, az CLI)
#   scripts/setup.sh --bench    also what bench/storage/blob_bench.sh needs (wrk, the Node.js packages
#                               for Azurite)
#   scripts/setup.sh --fuzz     also clang 14 and libFuzzer (libclang-rt-14-dev) for the fuzz preset
#                               and scripts/fuzz.sh (never needed by CI: it only replays the corpus)
# Idempotent: checks with dpkg-query first and runs apt-get only for missing packages; runs
# `npm ci` only when the lockfile changed since the last install.
set -euo pipefail
cd "$(dirname "$0")/.."

want_test=0
want_bench=0
want_fuzz=0
for arg in "$@"; do
  case "$arg" in
    --test) want_test=1 ;;
    --bench) want_bench=1 ;;
    --fuzz) want_fuzz=1 ;;
    *) echo "usage: $0 [--test] [--bench] [--fuzz]" >&2; exit 2 ;;
  esac
done

build_packages=(
  cmake ninja-build g++ pkg-config
  libboost1.81-dev libboost-url1.81-dev
  nlohmann-json3-dev libsqlite3-dev libssl-dev libcli11-dev
  googletest libgtest-dev libgmock-dev libbenchmark-dev
)
# azure-cli: the real-client tests drive `az storage blob ...` (Debian's 2.45); python3 and
# python3-yaml: the independent checks of report.html/sweep.html, drdrill history's JSON and
# examples/ci/github-actions.yml.
test_packages=(curl openssl azure-cli python3 python3-yaml)
bench_packages=(wrk)
fuzz_packages=(clang-14 libclang-rt-14-dev)

packages=("${build_packages[@]}")
(( want_test )) && packages+=("${test_packages[@]}")
(( want_bench )) && packages+=("${bench_packages[@]}")
(( want_fuzz )) && packages+=("${fuzz_packages[@]}")

sudo=()
if [[ $(id -u) -ne 0 ]]; then sudo=(sudo); fi

missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$p")
done

if (( ${#missing[@]} )); then
  echo "setup: installing missing Debian packages: ${missing[*]}"
  if (( ${#sudo[@]} )) && ! command -v sudo >/dev/null; then
    echo "setup: need root or sudo to install: ${missing[*]}" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get update -qq
  "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# Node.js clients used by the real-client tests and the example failover tool are pinned in
# tests/clients/package-lock.json and examples/failover/package-lock.json.
if (( want_test || want_bench )) && [[ -f tests/clients/package-lock.json ]]; then
  if ! command -v npm >/dev/null; then
    echo "setup: installing Node.js and npm from Debian"
    "${sudo[@]}" apt-get update -qq  # the package lists may never have been fetched on a fresh machine
    "${sudo[@]}" apt-get install -y -qq --no-install-recommends nodejs npm
  fi
  node_dirs=(tests/clients)
  (( want_test )) && [[ -f examples/failover/package-lock.json ]] && node_dirs+=(examples/failover)
  for dir in "${node_dirs[@]}"; do
    stamp=$dir/node_modules/.drdrill-lock-stamp
    if [[ ! -f "$stamp" ]] || ! cmp -s "$dir/package-lock.json" "$stamp"; then
      echo "setup: npm ci in $dir"
      (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
      cp "$dir/package-lock.json" "$stamp"
    fi
  done
fi
