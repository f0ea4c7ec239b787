// List Blobs served in-process: what one entry of a listing costs, on the service side (rendering
// every property of every blob) and through the lakehouse's StorageClient (request, rendering and
// the client's parsing of the names). A Delta reader checks its files with such a listing, so a
// table of a thousand files costs one listing of a thousand entries per COUNT(*).
//
//   cmake --preset release && cmake --build --preset release --target blob_list_bench
//   build/release/bench/storage/blob_list_bench
//
// items_per_second counts entries: 1e9 / items_per_second is the time per entry in ns.

#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "blob_bench_support.h"
#include "databricks/mounts.h"
#include "lakehouse/storage_client.h"
#include "storage/shared_key.h"

namespace {

using namespace drdrill;
using bench::join;

constexpr std::string_view kAccount = "lake";
// Azurite's published development key (not a secret).
constexpr std::string_view kKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
constexpr std::string_view kTableDir = "tables/sales/";

storage::AccountConfig lake_config() {
  storage::AccountConfig config;
  config.name = std::string(kAccount);
  config.key1 = std::string(kKey);
  config.key2 = std::string(kKey);
  return config;
}

// One account with a Delta-like table directory: `files` data files of ~1 KiB (as the drill's
// writes leave them: Put Blob, so each has a Content-MD5) and a few log entries under _delta_log/.
struct World : bench::BlobServiceWorld {
  explicit World(std::int64_t files) : BlobServiceWorld(lake_config()) {
    if (send(signed_request(http::Method::kPut, "/data?restype=container", "")) != 201) std::abort();
    const std::string body(1000, 'x');
    for (std::int64_t i = 0; i < files; ++i) {
      char name[96];
      std::snprintf(name, sizeof name, "part-00000-%08lld-0000-0000-0000-000000000000.c000.json",
                    static_cast<long long>(i));
      if (send(signed_request(http::Method::kPut, join({"/data/", kTableDir, name}), body)) != 201) std::abort();
    }
    for (int v = 0; v < 3; ++v) {
      const std::string name = join({"/data/", kTableDir, "_delta_log/0000000000000000000", std::to_string(v), ".json"});
      if (send(signed_request(http::Method::kPut, name, "{}\n")) != 201) std::abort();
    }
  }

  http::Request signed_request(http::Method method, std::string target, std::string body) const {
    http::Request r;
    r.method = method;
    r.target = std::move(target);
    r.headers.add("Host", join({kAccount, ".blob.core.windows.net"}));
    r.headers.add("x-ms-version", std::string(storage::kDefaultServiceVersion));
    r.headers.add("x-ms-date", format_rfc1123(clock.now()));
    if (method == http::Method::kPut && r.target.find("restype=") == std::string::npos) {
      r.headers.add("x-ms-blob-type", "BlockBlob");
    }
    r.headers.add("Content-Length", std::to_string(body.size()));
    r.body = std::move(body);
    storage::sign_shared_key(r, kAccount, account->signing_keys()[0]);
    return r;
  }
};

// The service alone: one signed List Blobs request (prefix = the table directory, delimiter "/",
// as the Delta reader sends it) answered with range(0) blob entries and one BlobPrefix.
void ListBlobsServed(benchmark::State& state) {
  const std::int64_t files = state.range(0);
  World world(files);
  const http::Request request = world.signed_request(
      http::Method::kGet, join({"/data?restype=container&comp=list&prefix=tables%2Fsales%2F&delimiter=%2F"}), "");
  for (auto _ : state) {
    const http::Response response = world.service.handle(request);
    if (response.status != 200) state.SkipWithError("List Blobs failed");
    benchmark::DoNotOptimize(response);
  }
  state.SetItemsProcessed(state.iterations() * files);
}
BENCHMARK(ListBlobsServed)->ArgName("entries")->Arg(100)->Arg(1000);

// The lakehouse client's listing of the same directory: the request is built and signed, served,
// and the names are parsed out of the response.
void ListBlobsThroughStorageClient(benchmark::State& state) {
  const std::int64_t files = state.range(0);
  World world(files);
  lakehouse::StorageClient client([&world](const http::Request& r) { return world.service.handle(r); }, world.clock,
                                  {{std::string(kAccount), std::string(kKey)}});
  const databricks::StorageLocation table{"data", std::string(kAccount), false, "tables/sales"};
  for (auto _ : state) {
    auto names = client.list(table, kTableDir, {}, "/");
    if (!names.ok() || names->size() != static_cast<std::size_t>(files) + 1) state.SkipWithError("list failed");
    benchmark::DoNotOptimize(names);
  }
  state.SetItemsProcessed(state.iterations() * files);
}
BENCHMARK(ListBlobsThroughStorageClient)->ArgName("entries")->Arg(100)->Arg(1000);

}  // namespace

BENCHMARK_MAIN();
