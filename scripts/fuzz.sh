#!/usr/bin/env bash
# Builds the libFuzzer targets (the fuzz preset: clang 14, ASan+UBSan; run scripts/setup.sh --fuzz
# once) and runs each for a bounded time, one process at a time (-jobs=1).
#   scripts/fuzz.sh                      every target, 60 s each
#   scripts/fuzz.sh http_request         one target (scenario, duration_text, quartz_cron,
#   scripts/fuzz.sh sql_statement --seconds 600      sql_statement, block_list, http_request)
# Each run starts from the target's checked-in corpus (tests/fuzz/corpus/<target>/, read only) and
# writes what it finds to a scratch directory outside the repository ($DRDRILL_FUZZ_OUT, default
# /tmp/drdrill-fuzz/<target>/: new/ for new coverage, crashes/ for reproducers, fuzz-0.log).
# At the end it prints what to copy back: reproducers go into the corpus under a name that says
# what they found (the replay test must fail before the fix); new coverage only after merging it
# small (-merge=1, shown). Stops by itself; exits 1 if any target crashed.
set -euo pipefail
cd "$(dirname "$0")/.."

targets=()
seconds=60
while (( $# )); do
  case "$1" in
    --seconds) seconds=${2:?--seconds needs a number}; shift 2 ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    -*) echo "usage: $0 [TARGET...] [--seconds N]" >&2; exit 2 ;;
    *) targets+=("$1"); shift ;;
  esac
done
[[ "$seconds" =~ ^[0-9]+$ ]] || { echo "fuzz: --seconds takes whole seconds" >&2; exit 2; }
all_targets=(scenario duration_text quartz_cron sql_statement block_list http_request)
(( ${#targets[@]} )) || targets=("${all_targets[@]}")

if ! command -v clang++-14 >/dev/null; then
  echo "fuzz: clang++-14 is missing: run scripts/setup.sh --fuzz" >&2
  exit 1
fi

launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
cmake --preset fuzz "${launcher[@]}" >/dev/null
cmake --build --preset fuzz -j2 --target "${targets[@]/%/_fuzzer}"

repo=$(pwd)
out_root=${DRDRILL_FUZZ_OUT:-/tmp/drdrill-fuzz}
failed=()
for target in "${targets[@]}"; do
  out=$out_root/$target
  rm -f "$out/fuzz-0.log"
  mkdir -p "$out/new" "$out/crashes"
  corpus=tests/fuzz/corpus/$target
  echo "fuzz: $target for ${seconds}s (log: $out/fuzz-0.log)"
  crashes_before=$(find "$out/crashes" -type f | wc -l)
  dict=()
  [[ -f tests/fuzz/$target.dict ]] && dict=(-dict="$repo/tests/fuzz/$target.dict")
  # -rss_limit_mb: a runaway allocation is a finding, not a machine in swap. -timeout: one input
  # that takes longer is a hang reproducer.
  # -jobs=1: one fuzzing process, which libFuzzer logs to fuzz-0.log in the working directory,
  # hence the cd into the scratch directory.
  if ! (cd "$out" && "$repo/build/fuzz/tests/fuzz/${target}_fuzzer" "$out/new" "$repo/$corpus" -max_total_time="$seconds" \
          -jobs=1 -workers=1 -timeout=10 -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 \
          -artifact_prefix="$out/crashes/" "${dict[@]}" >"$out/$target.log" 2>&1) ||
     (( $(find "$out/crashes" -type f | wc -l) > crashes_before )); then
    failed+=("$target")
  fi
  grep -E '^#[0-9]+.*cov:' "$out/fuzz-0.log" | tail -1 || true
  grep -E '^stat::(number_of_executed_units|average_exec_per_sec)' "$out/fuzz-0.log" || true
done

echo
echo "fuzz: scratch output under $out_root"
for target in "${targets[@]}"; do
  out=$out_root/$target
  crashes=$(find "$out/crashes" -type f | wc -l)
  new=$(find "$out/new" -type f | wc -l)
  echo "  $target: $crashes reproducer(s) in $out/crashes, $new new input(s) in $out/new"
  if (( crashes )); then
    echo "    copy each reproducer as tests/fuzz/corpus/$target/<what-it-found>, fix, check the replay:"
    echo "    ctest --preset dev -R fuzz_replay.$target"
  fi
  if (( new )); then
    echo "    to keep new coverage, merge it small into the corpus first:"
    echo "    build/fuzz/tests/fuzz/${target}_fuzzer -merge=1 tests/fuzz/corpus/$target $out/new"
    echo "    (then keep it to tens of files: docs/testing.md)"
  fi
done
if (( ${#failed[@]} )); then
  echo "fuzz: crashed or broke a contract: ${failed[*]}" >&2
  exit 1
fi
