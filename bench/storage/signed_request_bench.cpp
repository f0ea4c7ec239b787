// One in-process signed Blob request, the unit of a drill's cost (a drill sends ~64k of them, most
// a HEAD per Delta data file): the lakehouse StorageClient builds and SharedKey-signs the request,
// the Blob service routes it (virtual host, account router), verifies the signature and serves it.
// The steps alone too: HMAC-SHA256, the string to sign, signing, verifying, routing.
//
//   cmake --preset release && cmake --build --preset release --target signed_request_bench
//   build/release/bench/storage/signed_request_bench

#include <benchmark/benchmark.h>

#include <cstdlib>
#include <map>
#include <optional>
#include <string>

#include "blob_bench_support.h"
#include "databricks/mounts.h"
#include "http/router.h"
#include "http/virtual_hosts.h"
#include "lakehouse/storage_client.h"
#include "storage/blob_address.h"
#include "storage/crypto.h"
#include "storage/shared_key.h"

namespace {

using namespace drdrill;

constexpr std::string_view kAccount = "devstoreaccount1";
constexpr std::string_view kBlob = "warehouse/sales/orders/part-00042-3f1c.c000.snappy.parquet";

struct World : bench::BlobServiceWorld {
  World() : BlobServiceWorld(storage::AccountConfig::devstoreaccount1()) {
    client.emplace([this](const http::Request& r) { return service.handle(r); }, clock,
                   std::map<std::string, std::string>{{std::string(kAccount), account->config().key1}});
    location.account = std::string(kAccount);
    location.container = "lake";
    location.path = std::string(kBlob);
    databricks::StorageLocation container = location;
    container.path.clear();
    http::Request create = request(http::Method::kPut, "/lake?restype=container");
    storage::sign_shared_key(create, kAccount, key());
    if (send(create) != 201) std::abort();
    if (!client->put(location, std::string(512, 'x'), false).ok()) std::abort();
  }

  // The request StorageClient::prepare builds for a HEAD of the blob.
  http::Request request(http::Method method, std::string target) const {
    http::Request r;
    r.method = method;
    r.target = std::move(target);
    r.secure = true;
    r.headers.add("Host", std::string(kAccount) + ".blob.core.windows.net");
    r.headers.add("x-ms-version", std::string(storage::kDefaultServiceVersion));
    r.headers.add("x-ms-date", format_rfc1123(clock.now()));
    return r;
  }
  http::Request head() const { return request(http::Method::kHead, "/lake/" + std::string(kBlob)); }
  http::Request signed_head() const {
    http::Request r = head();
    storage::sign_shared_key(r, kAccount, key());
    return r;
  }
  const std::string& key() const { return account->signing_keys()[0]; }

  std::optional<lakehouse::StorageClient> client;
  databricks::StorageLocation location;
};

// The whole request as a drill sends it: StorageClient::exists (build, sign) into
// BlobService::handle (route, verify, serve the HEAD), and the answer read.
void BM_ClientHeadThroughService(benchmark::State& state) {
  World world;
  for (auto _ : state) {
    const auto exists = world.client->exists(world.location);
    if (!exists.ok() || !*exists) state.SkipWithError("HEAD failed");
    benchmark::DoNotOptimize(exists);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ClientHeadThroughService);

// The service's side alone: route, verify, serve a HEAD already signed.
void BM_ServiceHeadSigned(benchmark::State& state) {
  World world;
  const http::Request request = world.signed_head();
  for (auto _ : state) {
    const http::Response response = world.service.handle(request);
    if (response.status != 200) state.SkipWithError("HEAD failed");
    benchmark::DoNotOptimize(response);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ServiceHeadSigned);

void BM_HmacSha256(benchmark::State& state) {
  World world;
  const std::string to_sign =
      storage::shared_key_string_to_sign(world.head(), kAccount, "/lake/" + std::string(kBlob));
  for (auto _ : state) benchmark::DoNotOptimize(storage::hmac_sha256_digest(world.key(), to_sign));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_HmacSha256);

void BM_StringToSign(benchmark::State& state) {
  World world;
  const http::Request request = world.head();
  for (auto _ : state) benchmark::DoNotOptimize(storage::shared_key_string_to_sign(request, kAccount, request.path()));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_StringToSign);

// What a client does per request: string to sign, MAC, base64, the Authorization header.
void BM_Sign(benchmark::State& state) {
  World world;
  const http::Request unsigned_request = world.head();
  for (auto _ : state) {
    http::Request request = unsigned_request;
    storage::sign_shared_key(request, kAccount, world.key());
    benchmark::DoNotOptimize(request);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Sign);

void BM_Verify(benchmark::State& state) {
  World world;
  const http::Request request = world.signed_head();
  storage::BlobAddress address;
  address.account = std::string(kAccount);
  address.host_style = true;
  address.container = "lake";
  address.blob = std::string(kBlob);
  for (auto _ : state) {
    const auto error = storage::verify_shared_key(request, *world.account, address);
    if (error) state.SkipWithError("verification failed");
    benchmark::DoNotOptimize(error);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Verify);

// Routing alone: the service's own front (virtual host + account router) into a handler that
// answers at once.
void BM_Route(benchmark::State& state) {
  World world;
  const http::Request request = world.head();
  const auto route = [](const http::Request&, const http::RouteMatch& match) {
    return http::Response::text(match.params.size() == 3 ? 200 : 500, "");
  };
  http::Router account;
  for (std::string_view pattern : {"/", "/{container}", "/{container}/", "/{container}/{blob...}"}) {
    for (http::Method method : {http::Method::kGet, http::Method::kHead, http::Method::kPut, http::Method::kDelete}) {
      account.add(method, pattern, route);
    }
  }
  http::Router path_style;
  path_style.mount("/{account}", account);
  http::VirtualHosts front(path_style);
  for (std::string_view host : storage::kHostStylePatterns) front.add(host, account);
  for (auto _ : state) {
    const http::Response response = front(request);
    if (response.status != 200) state.SkipWithError("not routed");
    benchmark::DoNotOptimize(response);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Route);

}  // namespace

BENCHMARK_MAIN();
