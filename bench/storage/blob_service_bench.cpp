// The Blob service handler alone, no network: what one GET or PUT of 1 KiB costs inside drdrill
// (routing, SAS or SharedKey verification, the store, the response headers), and how GET scales
// with the number of blobs in the container. The served figures are in blob_bench.sh.
//
//   cmake --preset release && cmake --build --preset release --target blob_service_bench
//   build/release/bench/storage/blob_service_bench

#include <benchmark/benchmark.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "blob_bench_support.h"
#include "storage/sas.h"
#include "storage/shared_key.h"

namespace {

using namespace drdrill;
using bench::join;

constexpr std::string_view kAccount = "devstoreaccount1";

struct World : bench::BlobServiceWorld {
  World() : BlobServiceWorld(storage::AccountConfig::devstoreaccount1()) {
    sas.version = "2021-06-08";
    sas.resource.push_back('c');  // not = "c": GCC 12 -O3 false -Wrestrict
    sas.permissions = "rcw";
    sas.expiry = "2099-01-01T00:00:00Z";
    storage::sign_service_sas(sas, kAccount, account->signing_keys()[0], "bench", "");
    query = join({"?", sas.to_query()});
    http::Request create = put("/devstoreaccount1/bench?restype=container", "");
    create.headers.add("x-ms-version", "2021-06-08");
    create.headers.add("x-ms-date", format_rfc1123(kDefaultEpoch));
    storage::sign_shared_key(create, kAccount, account->signing_keys()[0]);
    if (send(create) != 201) std::abort();
  }

  http::Request request(http::Method method, std::string target) const {
    http::Request r;
    r.method = method;
    r.target = std::move(target);
    r.headers.add("Host", "127.0.0.1:10000");
    r.headers.add("User-Agent", "wrk");
    return r;
  }
  http::Request put(std::string target, std::string body) const {
    http::Request r = request(http::Method::kPut, std::move(target));
    r.headers.add("x-ms-blob-type", "BlockBlob");
    r.headers.add("Content-Length", std::to_string(body.size()));
    r.body = std::move(body);
    return r;
  }

  storage::SasValues sas;
  std::string query;
};

// range(0) blobs in the container; range(1) = 1: a random one per request (the working set of all
// of them, cache misses included), 0: always the same one (the index's own cost).
void GetBlobWithSas(benchmark::State& state) {
  World world;
  const auto blobs = state.range(0);
  const bool random_blob = state.range(1) != 0;
  const std::string body(1024, 'x');
  for (std::int64_t i = 0; i < blobs; ++i) {
    world.send(world.put(join({"/devstoreaccount1/bench/blob-", std::to_string(i), world.query}), body));
  }
  std::vector<http::Request> requests;
  for (std::int64_t i = 0; i < 1024; ++i) {
    requests.push_back(world.request(
        http::Method::kGet,
        join({"/devstoreaccount1/bench/blob-", std::to_string(random_blob ? (i * 7919) % blobs : blobs / 2), world.query})));
  }
  std::size_t next = 0;
  for (auto _ : state) {
    const http::Response response = world.service.handle(requests[next++ % requests.size()]);
    if (response.status != 200) state.SkipWithError("GET failed");
    benchmark::DoNotOptimize(response);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(GetBlobWithSas)->ArgNames({"blobs", "random"})->Args({1, 0})->Args({100'000, 0})->Args({100'000, 1});

void GetBlobWithSharedKey(benchmark::State& state) {
  World world;
  world.send(world.put(join({"/devstoreaccount1/bench/one", world.query}), std::string(1024, 'x')));
  http::Request request = world.request(http::Method::kGet, "/devstoreaccount1/bench/one");
  request.headers.add("x-ms-version", "2021-06-08");
  request.headers.add("x-ms-date", format_rfc1123(kDefaultEpoch));
  storage::sign_shared_key(request, kAccount, world.account->signing_keys()[0]);
  for (auto _ : state) {
    const http::Response response = world.service.handle(request);
    if (response.status != 200) state.SkipWithError("GET failed");
    benchmark::DoNotOptimize(response);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(GetBlobWithSharedKey);

void PutNewBlobWithSas(benchmark::State& state) {
  World world;
  const std::string body(1024, 'x');
  std::int64_t n = 0;
  for (auto _ : state) {
    state.PauseTiming();
    const http::Request request = world.put(join({"/devstoreaccount1/bench/put-", std::to_string(n++), world.query}), body);
    state.ResumeTiming();
    if (world.send(request) != 201) state.SkipWithError("PUT failed");
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(PutNewBlobWithSas);

}  // namespace

BENCHMARK_MAIN();
