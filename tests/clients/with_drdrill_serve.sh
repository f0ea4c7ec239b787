#!/usr/bin/env bash
# Runs a command against a fresh `drdrill serve`, then stops the server; what ctest runs for every
# real-client test.
#
#   with_drdrill_serve.sh DRDRILL [serve flags...] -- COMMAND [args...]
#
# Starts `DRDRILL serve` on 127.0.0.1 (ports 0) with an endpoints file in a new temporary
# directory, waits (bounded) for the file, runs COMMAND with DRDRILL_ENDPOINTS=<endpoints file>
# and NODE_EXTRA_CA_CERTS=<the run's CA file>, then sends SIGTERM and waits (bounded) for the
# server. Fails if the server does not start, if COMMAND fails, or if the server does not stop
# gracefully: exit status 0 and its endpoints file removed. Every wait is bounded; the server is
# always stopped, even when this script is interrupted.
set -uo pipefail

start_wait_s=${DRDRILL_START_WAIT_S:-20}
command_timeout_s=${DRDRILL_COMMAND_TIMEOUT_S:-240}
stop_wait_s=${DRDRILL_STOP_WAIT_S:-15}
# The server's lifetime is bounded too, so that it cannot outlive this script if this script is
# killed outright (SIGKILL cannot be trapped): `timeout` ends it after this long.
server_lifetime_s=$((start_wait_s + command_timeout_s + stop_wait_s + 30))

drdrill=$1
shift
serve_args=()
while [[ $# -gt 0 && $1 != "--" ]]; do
  serve_args+=("$1")
  shift
done
if [[ $# -lt 2 ]]; then
  echo "usage: $0 DRDRILL [serve flags...] -- COMMAND [args...]" >&2
  exit 2
fi
shift  # the --

here=$(cd "$(dirname "$0")" && pwd)
if [[ ! -d $here/node_modules/@azure/storage-blob ]]; then
  echo "with_drdrill_serve: the Node.js clients are not installed; run scripts/setup.sh --test" >&2
  exit 1
fi

dir=$(mktemp -d "${TMPDIR:-/tmp}/drdrill-serve-test.XXXXXX")
endpoints=$dir/endpoints.json
ca=$dir/ca.pem
server_pid=

stop_server() {
  [[ -n $server_pid ]] || return 0
  local pid=$server_pid
  server_pid=
  kill -TERM "$pid" 2>/dev/null
  local waited=0
  while kill -0 "$pid" 2>/dev/null && (( waited < stop_wait_s * 20 )); do
    sleep 0.05
    (( waited++ ))
  done
  if kill -0 "$pid" 2>/dev/null; then
    echo "with_drdrill_serve: the server did not stop within ${stop_wait_s}s of SIGTERM; killing it" >&2
    kill -KILL "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    return 1
  fi
  wait "$pid"
  local rc=$?
  if (( rc != 0 )); then
    echo "with_drdrill_serve: the server exited with $rc after SIGTERM (expected 0)" >&2
    return 1
  fi
  if [[ -e $endpoints ]]; then
    echo "with_drdrill_serve: the server left its endpoints file behind" >&2
    return 1
  fi
  return 0
}

show_log() {
  echo "---- drdrill serve log ----" >&2
  cat "$dir/serve.log" >&2 2>/dev/null
  echo "---------------------------" >&2
}

cleanup() {
  stop_server
  rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# timeout passes SIGTERM on to the server and exits with its status.
timeout --kill-after=5 "$server_lifetime_s" \
  "$drdrill" serve --endpoints-file "$endpoints" --ca-file "$ca" --out "$dir/out" "${serve_args[@]}" 2>"$dir/serve.log" &
server_pid=$!

waited=0
until [[ -f $endpoints ]]; do
  if ! kill -0 "$server_pid" 2>/dev/null; then
    wait "$server_pid"
    echo "with_drdrill_serve: the server exited with $? before serving" >&2
    server_pid=
    show_log
    exit 1
  fi
  if (( waited >= start_wait_s * 20 )); then
    echo "with_drdrill_serve: no endpoints file after ${start_wait_s}s" >&2
    show_log
    exit 1
  fi
  sleep 0.05
  (( waited++ ))
done

DRDRILL_ENDPOINTS=$endpoints NODE_EXTRA_CA_CERTS=$ca timeout --kill-after=5 "$command_timeout_s" "$@"
rc=$?
if (( rc == 124 )); then echo "with_drdrill_serve: the command timed out after ${command_timeout_s}s" >&2; fi

stop_server
stop_rc=$?
if (( rc != 0 || stop_rc != 0 )); then
  show_log
  (( rc != 0 )) && exit "$rc"
  exit 1
fi
exit 0
