-- wrk script: GET one of BLOB_COUNT blobs named "<BLOB_PREFIX>-<t>-<n>" (as put_new_names.lua wrote
-- them with LOADER_THREADS threads), chosen at random per request, keeping the URL's query (a SAS).
-- With BLOB_COUNT=1 it GETs the one blob "<BLOB_PREFIX>-1-1" every time, through the same code path.
function init(args)
  prefix = os.getenv("BLOB_PREFIX") or "put"
  count = tonumber(os.getenv("BLOB_COUNT") or "1")
  loader_threads = tonumber(os.getenv("LOADER_THREADS") or "1")
  per_thread = math.max(1, math.floor(count / loader_threads))
  container, query = wrk.path:match("^([^?]*)(.*)$")
  math.randomseed(12345 + (id or 0))
end

function request()
  local t = math.random(1, math.min(loader_threads, count))
  local n = math.random(1, per_thread)
  return wrk.format("GET", string.format("%s/%s-%d-%d%s", container, prefix, t, n, query))
end
