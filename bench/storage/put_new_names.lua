-- wrk script: PUT Block Blob requests of BLOB_BYTES (default 1024) bytes, each to a new blob name
-- "<BLOB_PREFIX>-<thread>-<n>" in the container of the URL, keeping the URL's query (a SAS).
-- With PER_THREAD_BLOBS = N > 0 each thread writes at most N distinct names (later requests
-- overwrite them), and once N responses have arrived prints "loader thread <id> done" and stops:
-- a loader of exactly threads x N blobs. (wrk itself still waits for -d to pass; blob_bench.sh
-- interrupts it when every thread is done.)
local threads = 0

function setup(thread)
  threads = threads + 1
  thread:set("id", threads)
end

function init(args)
  body = string.rep("x", tonumber(os.getenv("BLOB_BYTES") or "1024"))
  prefix = os.getenv("BLOB_PREFIX") or "put"
  per_thread = tonumber(os.getenv("PER_THREAD_BLOBS") or "0")
  container, query = wrk.path:match("^([^?]*)(.*)$")
  headers = { ["x-ms-blob-type"] = "BlockBlob", ["Content-Type"] = "application/octet-stream" }
  sent, received = 0, 0
end

function request()
  sent = sent + 1
  local n = sent
  if per_thread > 0 then n = (sent - 1) % per_thread + 1 end
  return wrk.format("PUT", string.format("%s/%s-%d-%d%s", container, prefix, id, n, query), headers, body)
end

function response(status, headers, body)
  received = received + 1
  if per_thread > 0 and received == per_thread then
    io.write(string.format("loader thread %d done\n", id))
    io.flush()
    wrk.thread:stop()
  end
end
