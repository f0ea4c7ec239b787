#!/usr/bin/env bash
# Blob GET and PUT of 1 KiB over loopback, side by side: drdrill serve, Azurite (in memory) and a
# bare Boost.Beast server, with keep-alive and real authentication. Starts and stops everything
# itself (every process it starts is stopped on every exit path: normal end, error, Ctrl-C, SIGTERM),
# listens on 127.0.0.1 only, and is bounded in time: about 6 minutes with the defaults, never more
# than BENCH_TIMEOUT_S (a watchdog ends it; every wrk run and client has its own timeout).
#
#   bench/storage/blob_bench.sh            # installs wrk/Azurite if missing, builds release, runs
#
# What it measures (wrk, --latency; 1 wrk thread at c=1, 2 otherwise):
#   1. GET of one 1 KiB blob at c = 1, 16, 64 against drdrill serve and Azurite, each request
#      authorised by a container SAS that @azure/storage-blob generated (the server verifies the
#      HMAC on every request), and against transport_bench --serve: a minimal Beast server and
#      drdrill's HttpServer with a trivial handler, both answering 1 KiB to anything.
#   2. PUT Block Blob of 1 KiB, a new blob name per request, same SAS, drdrill and Azurite.
#   3. GET in a container of 100,000 blobs vs the one blob of a container (same wrk script),
#      drdrill only: the index must not slow reads down. Twice: the same blob every time (the
#      index's own cost: the lookup walks a 100,000-entry tree), and a random blob per request
#      (adds the machine's cache misses over a working set of ~150 MB).
#   4. Start-up time of drdrill serve to serving: spawn until the endpoints file exists and a first
#      request is answered (median of 10).
#   5. Resident memory of drdrill serve holding 1,000,000 blobs of 1 KiB, loaded over HTTP by wrk
#      (PUT with SAS, through the full service: SAS check, put, geo-replication to the secondary
#      copy, the write ledger), at --time-scale 10000 so that replication has completed when VmRSS
#      is read from /proc.
# Client and servers share the machine's cores, so absolute figures depend on the machine; the
# ratios are measured in the same run.
#
# Environment: BENCH_DURATION_S (5 per wrk run), BENCH_CONCURRENCY ("1 16 64"), BENCH_BIG_BLOBS
# (100000; 0 skips step 3), BENCH_RSS_BLOBS (1000000; 0 skips step 5), BENCH_RESULTS (directory for
# raw wrk output, the servers' logs and reports, and summary.md; default a new temporary directory),
# BENCH_SKIP_BUILD=1 (use the existing release build), BENCH_TIMEOUT_S (1800: the whole run's bound).
set -euo pipefail
cd "$(dirname "$0")/../.."
repo=$PWD
here=$repo/bench/storage

duration=${BENCH_DURATION_S:-5}
read -r -a concurrencies <<<"${BENCH_CONCURRENCY:-1 16 64}"
big_blobs=${BENCH_BIG_BLOBS:-100000}
rss_blobs=${BENCH_RSS_BLOBS:-1000000}
timeout_s=${BENCH_TIMEOUT_S:-1800}
results=${BENCH_RESULTS:-$(mktemp -d "${TMPDIR:-/tmp}/drdrill-blob-bench.XXXXXX")}
mkdir -p "$results"
work=$(mktemp -d "${TMPDIR:-/tmp}/drdrill-blob-bench-work.XXXXXX")

# Azurite's well-known development account.
azurite_account=devstoreaccount1
azurite_key='Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=='

log() { echo "blob_bench: $*" >&2; }

# ---- processes: every one started here is stopped on exit -----------------------------------------
# `pids` holds the background processes still running; a process is dropped from it once it has been
# stopped and reaped, so that cleanup never signals a pid the system may have given to someone else.
# Foreground commands run under `timeout`, so the traps below run within seconds of a signal.
pids=()
forget_pid() {
  local pid=$1 kept=() p
  for p in "${pids[@]}"; do [[ $p == "$pid" ]] || kept+=("$p"); done
  pids=("${kept[@]}")
}
stop_pid() {  # SIGTERM, up to 10 s to exit (drdrill serve writes its reports), then SIGKILL; reaps it
  local pid=$1
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 200); do kill -0 "$pid" 2>/dev/null || break; sleep 0.05; done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  forget_pid "$pid"
}
cleanup() {
  local status=$? pid
  trap - EXIT INT TERM
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do stop_pid "$pid"; done
  rm -rf "$work"
  exit "$status"
}
trap cleanup EXIT
trap 'log "interrupted"; exit 130' INT TERM

# The whole run's bound: the watchdog interrupts the script, whose traps stop everything (the
# watchdog too, and its sleep with it).
watchdog() {
  sleep "$timeout_s" &
  watchdog_sleep=$!
  trap 'kill "$watchdog_sleep" 2>/dev/null; exit 0' TERM
  wait "$watchdog_sleep" || exit 0
  log "still running after ${timeout_s}s (BENCH_TIMEOUT_S): stopping"
  kill -TERM $$
}
watchdog &
pids+=("$!")

wait_for() {  # wait_for WHAT SECONDS COMMAND...
  local what=$1 seconds=$2
  shift 2
  for _ in $(seq 1 $((seconds * 20))); do "$@" && return 0; sleep 0.05; done
  log "timed out after ${seconds}s waiting for $what"
  exit 1
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
json() { timeout 30 node -e 'const v=require(process.argv[1]); console.log(process.argv[2].split(".").reduce((o,k)=>o[k],v))' "$1" "$2"; }
free_port() { timeout 30 node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }

# setup_container URL ACCOUNT KEY CONTAINER: creates the container and its blob "one"; prints a SAS.
setup_container() { timeout 60 node "$here/bench_setup.cjs" "$@"; }

# start_drdrill NAME [serve flags...]: sets ep_file and drdrill_pid. Its reports (written when it
# stops) go to $results/NAME-reports, not to the current directory.
start_drdrill() {
  local name=$1
  shift
  ep_file=$work/$name.json
  "$drdrill" serve --endpoints-file "$ep_file" --out "$results/$name-reports" "$@" 2>"$results/$name.log" &
  drdrill_pid=$!
  pids+=("$drdrill_pid")
  wait_for "drdrill serve ($name)" 20 test -f "$ep_file"
}

# load_blobs URL COUNT PREFIX OUTPUT: PUTs exactly COUNT (>= 1) new 1 KiB blobs (wrk, 2 threads and
# 16 connections, or 1 and 1 for an odd count, put_new_names.lua), bounded to 15 minutes.
load_blobs() {
  local url=$1 count=$2 prefix=$3 out=$4 threads=2
  if (( count < 1 )); then log "load_blobs: nothing to load ($count blobs)"; exit 1; fi
  (( count % 2 == 1 )) && threads=1
  PER_THREAD_BLOBS=$((count / threads)) BLOB_PREFIX=$prefix \
    wrk -t"$threads" -c$((threads == 1 ? 1 : 16)) -d900s -s "$here/put_new_names.lua" "$url" >"$out" 2>&1 &
  local wrk_pid=$!
  pids+=("$wrk_pid")
  local done_lines=0
  for _ in $(seq 1 $((900 * 20))); do
    done_lines=$(grep -c '^loader thread .* done' "$out" || true)
    (( done_lines >= threads )) && break
    kill -0 "$wrk_pid" 2>/dev/null || break
    sleep 0.05
  done
  kill -INT "$wrk_pid" 2>/dev/null || true  # wrk prints its summary and exits
  wait "$wrk_pid" 2>/dev/null || true
  forget_pid "$wrk_pid"
  if (( done_lines < threads )); then log "loading $count blobs did not finish (see $out)"; exit 1; fi
  if grep -q 'Non-2xx' "$out"; then log "loading $count blobs got errors (see $out)"; exit 1; fi
}

rss_kib() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }
hwm_kib() { awk '/^VmHWM:/ {print $2}' "/proc/$1/status"; }

# ---- wrk runs --------------------------------------------------------------------------------------
summary=$results/runs.tsv
printf 'server\top\tc\treq_s\tp50_ms\tp99_ms\tnon_2xx\tsocket_errors\tserver_cpu_us_per_req\n' >"$summary"
clk_tck=$(getconf CLK_TCK)
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }  # user + system time of a process

to_ms() {  # wrk latency ("812.00us", "1.20ms", "2.01s") -> ms
  awk -v v="$1" 'BEGIN {
    n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
    if (u == "us") n /= 1000; else if (u == "s") n *= 1000; else if (u == "m") n *= 60000
    printf "%.3f", n }'
}

# run_wrk SERVER OP C PID URL [wrk args...]; extra environment goes to the wrk script. PID is the
# server's process: its CPU time per request is steadier than requests/s on a shared machine.
run_wrk() {
  local server=$1 op=$2 c=$3 pid=$4 url=$5
  shift 5
  local threads=$((c == 1 ? 1 : 2))
  local out=$results/wrk-$server-$op-c$c.txt
  local cpu_before cpu_after
  cpu_before=$(cpu_ticks "$pid")
  timeout $((duration + 30)) wrk -t"$threads" -c"$c" -d"${duration}s" --timeout 10s --latency "$@" "$url" >"$out" 2>&1 || true
  cpu_after=$(cpu_ticks "$pid")
  local rps p50 p99 non2xx sockerr
  rps=$(awk '/^Requests\/sec:/ {print $2}' "$out")
  p50=$(to_ms "$(awk '$1 == "50%" {print $2}' "$out")")
  p99=$(to_ms "$(awk '$1 == "99%" {print $2}' "$out")")
  non2xx=$(awk '/Non-2xx or 3xx responses:/ {print $NF}' "$out")
  sockerr=$(awk -F'[ ,]+' '/Socket errors:/ {print $4+$6+$8+$10}' "$out")
  local requests cpu_us
  requests=$(awk '/ requests in / {print $1}' "$out")
  cpu_us=$(awk -v t=$((cpu_after - cpu_before)) -v hz="$clk_tck" -v n="${requests:-0}" 'BEGIN { printf "%.1f", (n > 0 ? t * 1e6 / hz / n : 0) }')
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$server" "$op" "$c" "${rps:-0}" "$p50" "$p99" "${non2xx:-0}" "${sockerr:-0}" "$cpu_us" >>"$summary"
  log "$(printf '%-22s %-14s c=%-3s %10s req/s  p50 %8s ms  p99 %8s ms  cpu %6s us/req  non-2xx %s' "$server" "$op" "$c" "${rps:-0}" "$p50" "$p99" "$cpu_us" "${non2xx:-0}")"
}

load_start=$(cut -d' ' -f1-3 /proc/loadavg)

# ---- prerequisites and build -------------------------------------------------------------------
scripts/setup.sh --bench
if [[ ${BENCH_SKIP_BUILD:-0} != 1 ]]; then
  cmake --preset release >/dev/null
  cmake --build --preset release --target drdrill transport_bench
fi
drdrill=$repo/build/release/cli/drdrill
transport_bench=$repo/build/release/bench/transport/transport_bench
azurite=$repo/tests/clients/node_modules/.bin/azurite-blob

# ---- 1 and 2: GET and PUT against the three servers ----------------------------------------------
start_drdrill main
dr_url=$(json "$ep_file" storage.blob_primary)
dr_sas=$(setup_container "$dr_url" "$(json "$ep_file" storage.account)" "$(json "$ep_file" storage.key)" bench)

az_port=$(free_port)
"$azurite" --inMemoryPersistence --silent --skipApiVersionCheck --blobHost 127.0.0.1 --blobPort "$az_port" \
  >"$results/azurite.log" 2>&1 &
azurite_pid=$!
pids+=("$azurite_pid")
wait_for "Azurite" 60 port_open "$az_port"
az_url=http://127.0.0.1:$az_port/$azurite_account
az_sas=$(setup_container "$az_url" "$azurite_account" "$azurite_key" bench)

"$transport_bench" --serve 3600 >"$work/beast.txt" 2>"$results/beast.log" &
beast_pid=$!
pids+=("$beast_pid")
wait_for "transport_bench --serve" 20 grep -q '^minimal ' "$work/beast.txt"
beast_url=$(awk '$1 == "minimal" {print $2}' "$work/beast.txt")
transport_url=$(awk '$1 == "drdrill" {print $2}' "$work/beast.txt")

log "GET 1 KiB, ${duration}s per run"
for c in "${concurrencies[@]}"; do
  run_wrk drdrill-serve GET "$c" "$drdrill_pid" "$dr_url/bench/one?$dr_sas"
  run_wrk azurite GET "$c" "$azurite_pid" "$az_url/bench/one?$az_sas"
  run_wrk bare-beast GET "$c" "$beast_pid" "${beast_url}bench/one"
  run_wrk drdrill-transport-only GET "$c" "$beast_pid" "${transport_url}bench/one"
done
log "PUT 1 KiB, a new blob per request"
for c in "${concurrencies[@]}"; do
  BLOB_PREFIX=put-c$c run_wrk drdrill-serve PUT "$c" "$drdrill_pid" "$dr_url/bench?$dr_sas" -s "$here/put_new_names.lua"
  BLOB_PREFIX=put-c$c run_wrk azurite PUT "$c" "$azurite_pid" "$az_url/bench?$az_sas" -s "$here/put_new_names.lua"
done
stop_pid "$drdrill_pid"
stop_pid "$azurite_pid"
stop_pid "$beast_pid"

# ---- 3: GET among 100,000 blobs vs one ---------------------------------------------------------
index_concurrencies=()
for c in "${concurrencies[@]}"; do [[ $c == 1 ]] || index_concurrencies+=("$c"); done
if (( big_blobs > 0 && ${#index_concurrencies[@]} > 0 )); then
  start_drdrill index
  dr_url=$(json "$ep_file" storage.blob_primary)
  account=$(json "$ep_file" storage.account)
  key=$(json "$ep_file" storage.key)
  one_sas=$(setup_container "$dr_url" "$account" "$key" single)
  big_sas=$(setup_container "$dr_url" "$account" "$key" big)
  load_blobs "$dr_url/single?$one_sas" 1 blob "$results/load-single.txt"
  log "loading $big_blobs blobs into one container"
  load_blobs "$dr_url/big?$big_sas" "$big_blobs" blob "$results/load-big.txt"
  big_loaders=$(( big_blobs % 2 == 1 ? 1 : 2 ))  # as load_blobs wrote them
  for c in "${index_concurrencies[@]}"; do
    BLOB_PREFIX=blob BLOB_COUNT=1 LOADER_THREADS=1 \
      run_wrk drdrill-serve GET-1-blob "$c" "$drdrill_pid" "$dr_url/single?$one_sas" -s "$here/get_random_blob.lua"
    BLOB_PREFIX=blob BLOB_COUNT=1 LOADER_THREADS=1 \
      run_wrk drdrill-serve GET-same-of-$big_blobs "$c" "$drdrill_pid" "$dr_url/big?$big_sas" -s "$here/get_random_blob.lua"
    BLOB_PREFIX=blob BLOB_COUNT=$big_blobs LOADER_THREADS=$big_loaders \
      run_wrk drdrill-serve GET-random-of-$big_blobs "$c" "$drdrill_pid" "$dr_url/big?$big_sas" -s "$here/get_random_blob.lua"
  done
  stop_pid "$drdrill_pid"
else
  log "skipping GET among $big_blobs blobs (BENCH_BIG_BLOBS=0, or no concurrency above 1)"
fi

# ---- 4: start-up time ------------------------------------------------------------------------------
# Each start gets its own --out (a temporary directory the helper removes), so no report lands here.
read -r startup_median_ms startup_max_ms < <(timeout 150 node "$here/startup_time.cjs" "$drdrill" 10 || echo "- -")
log "start-up to serving: median ${startup_median_ms} ms, max ${startup_max_ms} ms (10 runs)"

# ---- 5: resident memory with 1M blobs ------------------------------------------------------------
rss_line="skipped (BENCH_RSS_BLOBS=0)"
if (( rss_blobs > 0 )); then
  start_drdrill rss --time-scale 10000
  dr_url=$(json "$ep_file" storage.blob_primary)
  rss_sas=$(setup_container "$dr_url" "$(json "$ep_file" storage.account)" "$(json "$ep_file" storage.key)" million)
  rss_empty=$(rss_kib "$drdrill_pid")
  log "loading $rss_blobs blobs of 1 KiB over HTTP"
  load_blobs "$dr_url/million?$rss_sas" "$rss_blobs" blob "$results/load-million.txt"
  sleep 2  # replication at x10000: the p99 lag (900 s) is 90 ms of wall time
  rss_full=$(rss_kib "$drdrill_pid")
  hwm_full=$(hwm_kib "$drdrill_pid")
  per_blob=$(( (rss_full - rss_empty) * 1024 / rss_blobs ))
  rss_line=$(awk -v r="$rss_full" -v h="$hwm_full" -v e="$rss_empty" -v p="$per_blob" -v n="$rss_blobs" \
    'BEGIN { printf "%d blobs: VmRSS %.2f GiB (peak %.2f GiB; %.0f MiB empty), %d bytes per blob", n, r/1048576, h/1048576, e/1024, p }')
  log "memory: $rss_line"
  stop_pid "$drdrill_pid"
fi

# ---- summary ---------------------------------------------------------------------------------------
{
  echo "# Blob benchmark ($(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, wrk ${duration}s per run)"
  echo
  echo "Load average (1/5/15 min): at the start $load_start; at the end $(cut -d' ' -f1-3 /proc/loadavg)"
  echo
  echo "| server | op | c | req/s | p50 ms | p99 ms | server CPU us/req | non-2xx | socket errors |"
  echo "|---|---|---|---|---|---|---|---|---|"
  tail -n +2 "$summary" | awk -F'\t' '{ printf "| %s | %s | %s | %.0f | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6, $9, $7, $8 }'
  echo
  echo "Ratios (same run):"
  awk -F'\t' -v big="$big_blobs" '
    NR > 1 { r[$1 "|" $2 "|" $3] = $4; cpu[$1 "|" $2 "|" $3] = $9; cs[$3] = 1 }
    END {
      n = split("1 16 64", order, " ")
      for (i = 1; i <= n; i++) {
        c = order[i]; if (!(c in cs)) continue
        g = r["drdrill-serve|GET|" c]; b = r["bare-beast|GET|" c]; a = r["azurite|GET|" c]
        p = r["drdrill-serve|PUT|" c]; ap = r["azurite|PUT|" c]
        if (b > 0) printf "- c=%s: GET drdrill/bare Beast %.2fx (target >= 0.5; by server CPU per request %.2fx)", c, g / b, (cpu["drdrill-serve|GET|" c] > 0 ? cpu["bare-beast|GET|" c] / cpu["drdrill-serve|GET|" c] : 0)
        if (a > 0) printf ", GET drdrill/Azurite %.1fx", g / a
        if (ap > 0) printf ", PUT drdrill/Azurite %.1fx (target >= 20)", p / ap
        one = r["drdrill-serve|GET-1-blob|" c]; same = r["drdrill-serve|GET-same-of-" big "|" c]
        rnd = r["drdrill-serve|GET-random-of-" big "|" c]
        c1 = cpu["drdrill-serve|GET-1-blob|" c]; cs_ = cpu["drdrill-serve|GET-same-of-" big "|" c]
        cr = cpu["drdrill-serve|GET-random-of-" big "|" c]
        if (one > 0) printf ", GET in %d blobs/1 blob: same blob %.2fx (CPU %.2fx; target >= 0.9), random blob %.2fx (CPU %.2fx)", big, same / one, (cs_ > 0 ? c1 / cs_ : 0), rnd / one, (cr > 0 ? c1 / cr : 0)
        printf "\n"
      }
    }' "$summary"
  echo "- start-up to serving: median ${startup_median_ms} ms, max ${startup_max_ms} ms over 10 runs (target < 100 ms)"
  echo "- memory: ${rss_line} (target <= 1.5 GiB)"
} | tee "$results/summary.md"
log "raw wrk output and logs: $results"
