#!/usr/bin/env bash
# drdrill serve writes its endpoints and CA files once serving, and on SIGINT stops, exits 0 and
# removes both, writing the reports of the drill so far. Every wait is bounded.
set -uo pipefail
drdrill=$1
dir=$(mktemp -d "${TMPDIR:-/tmp}/drdrill-sigint.XXXXXX")
trap 'rm -rf "$dir"' EXIT
"$drdrill" serve --endpoints-file "$dir/endpoints.json" --out "$dir/out" --print-env >"$dir/stdout" 2>"$dir/log" &
pid=$!
for _ in $(seq 1 400); do [[ -f $dir/endpoints.json ]] && break; sleep 0.05; done
if [[ ! -f $dir/endpoints.json || ! -f $dir/endpoints.ca.pem ]]; then
  echo "no endpoints or CA file after 20 s" >&2; cat "$dir/log" >&2; kill -KILL "$pid"; exit 1
fi
grep -q '"blob_primary": "http://127.0.0.1:' "$dir/endpoints.json" || { echo "no blob_primary" >&2; kill -KILL "$pid"; exit 1; }
for key in '"listener_rw"' '"failover_group"\|"primary_server"' '"host_http"' '"token"' '"DATABRICKS_HOST"'; do
  grep -q "$key" "$dir/endpoints.json" || { echo "no $key in the endpoints file" >&2; kill -KILL "$pid"; exit 1; }
done
for _ in $(seq 1 100); do grep -q "^export DRDRILL_ENDPOINTS=" "$dir/stdout" && break; sleep 0.05; done
grep -q "^export DATABRICKS_HOST='https://127.0.0.1:" "$dir/stdout" || { echo "--print-env printed no DATABRICKS_HOST" >&2; cat "$dir/stdout" >&2; kill -KILL "$pid"; exit 1; }
grep -q "^export AZURE_STORAGE_CONNECTION_STRING='DefaultEndpointsProtocol=http;AccountName=drdrill;" "$dir/stdout" || { echo "--print-env printed no connection string" >&2; kill -KILL "$pid"; exit 1; }
kill -INT "$pid"
for _ in $(seq 1 200); do kill -0 "$pid" 2>/dev/null || break; sleep 0.05; done
if kill -0 "$pid" 2>/dev/null; then echo "still running 10 s after SIGINT" >&2; kill -KILL "$pid"; exit 1; fi
wait "$pid"
rc=$?
[[ $rc -eq 0 ]] || { echo "exit status $rc after SIGINT" >&2; cat "$dir/log" >&2; exit 1; }
[[ ! -e $dir/endpoints.json && ! -e $dir/endpoints.ca.pem ]] || { echo "files left behind" >&2; exit 1; }
grep -q "SIGINT: stopping" "$dir/log" || { echo "no stop message" >&2; cat "$dir/log" >&2; exit 1; }
[[ -f $dir/out/report.json ]] || { echo "no report.json after SIGINT" >&2; cat "$dir/log" >&2; exit 1; }
echo "serve stopped cleanly on SIGINT"
