// Fuzz target: bytes as a `drdrill serve` connection receives them, read by the transport's own
// request parsing (transport/request_parsing.h: Beast's parser with the server's header and body
// limits) and dispatched, in process, into a drill built from scenarios/serve-default.json, the way
// `drdrill serve` routes each listener: Blob (StorageFront), ARM (Microsoft.Storage and
// Microsoft.Sql; the control API under /_drdrill/ is left out) or a workspace's REST API. No
// sockets, timers or threads; a fresh drill per input, so a saved input reproduces on its own.
// Between requests the drill runs 30 simulated seconds, as serve's real-time pump lets time pass,
// so accepted work (SQL statements, job runs, failovers) runs on what the requests put in.
//
// Input: byte 0 chooses the listener and how the harness helps the fuzzer past authentication
// (which it could never forge itself); the rest is the connection's bytes, up to kMaxRequests
// pipelined requests.
//   bits 0-1  0, 3: Blob; 1: ARM; 2: the "primary" workspace
//   bit 2     when set, a request without an Authorization header gets a valid one: SharedKey for
//             the Blob account it addresses, the workspace's token, any bearer token for ARM
//   bit 3     arrived over TLS
//
// Contract: never crashes; a malformed message is answered 400/413/431 and closes the connection;
// no handler throws; every handled request gets a status in 100..599 (500 never: nothing in this
// drill fails on its own) and a well-formed wire head; a Blob request
// answered 4xx/5xx leaves every account's blob store as it was (no half-done write); no request
// breaks a drill invariant (serve checks them after every write, as here) and the drill keeps
// running.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <tuple>
#include <vector>

#include "core/time.h"
#include "fuzz_contract.h"
#include "http/handler.h"
#include "http/request.h"
#include "http/response.h"
#include "sim/drill.h"
#include "sim/scenario_loader.h"
#include "sim/storage_front.h"
#include "sim/world.h"
#include "storage/shared_key.h"
#include "storage/storage_state.h"
#include "transport/beast_conversion.h"
#include "transport/request_parsing.h"

namespace {

using drdrill::fuzz::require;
namespace sim = drdrill::sim;
namespace http = drdrill::http;
namespace transport = drdrill::transport;

constexpr int kMaxRequests = 8;
constexpr drdrill::Duration kBetweenRequests = std::chrono::seconds(30);

// DRDRILL_FUZZ_VERBOSE=1: print each request's answer (to check what a seed reaches).
const bool kVerbose = std::getenv("DRDRILL_FUZZ_VERBOSE") != nullptr;

enum class Listener { kBlob, kArm, kWorkspace };

const sim::Scenario& serve_default_scenario() {
  static const sim::Scenario scenario = [] {
    const std::filesystem::path file = std::filesystem::path(DRDRILL_SOURCE_DIR) / "scenarios/serve-default.json";
    auto loaded = sim::load_scenario(file);
    require(loaded.ok(), "the serve-default scenario loads", loaded.status().message());
    return std::move(loaded).value();
  }();
  return scenario;
}

// What a failed Blob request must not have changed: each account's stores, by their counters.
using StoreFigures = std::vector<std::tuple<std::string, std::size_t, std::uint64_t, std::uint64_t>>;
StoreFigures store_figures(sim::World& world) {
  StoreFigures figures;
  for (const auto& [name, account] : world.storage().accounts()) {
    for (const auto* store : {&account->primary(), &account->secondary()}) {
      figures.emplace_back(name, store->containers().size(), store->blob_count(), store->content_bytes());
    }
  }
  return figures;
}

void add_credentials(http::Request& request, Listener listener, sim::World& world) {
  if (request.headers.has("Authorization")) return;
  switch (listener) {
    case Listener::kBlob: {
      const sim::BlobEndpointOf endpoint = sim::blob_endpoint_of(request);
      if (const auto* account = world.storage().find_account(endpoint.account)) {
        drdrill::storage::sign_shared_key(request, endpoint.account, account->signing_keys()[0]);
      }
      return;
    }
    case Listener::kArm:
      request.headers.set("Authorization", "Bearer fuzz");
      return;
    case Listener::kWorkspace:
      request.headers.set("Authorization", "Bearer " + world.workspace("primary").token);
      return;
  }
}

void check_wire_response(const http::Response& response, const transport::ParsedRequest& parsed) {
  transport::ResponseFraming framing;
  framing.head_request = parsed.head_request;
  framing.keep_alive = parsed.keep_alive;
  const transport::WireResponse wire = transport::to_wire_response(response, framing);
  require(wire.head.rfind("HTTP/1.1 ", 0) == 0 && wire.head.size() >= 12 &&
              wire.head.compare(wire.head.size() - 4, 4, "\r\n\r\n") == 0,
          "the wire response has a status line and ends its head with an empty line", wire.head);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::uint8_t mode = data[0];
  const Listener listener = (mode & 3) == 1 ? Listener::kArm : (mode & 3) == 2 ? Listener::kWorkspace : Listener::kBlob;
  const bool authenticate = (mode & 4) != 0;
  const bool secure = (mode & 8) != 0;
  std::string_view bytes = drdrill::fuzz::as_text(data + 1, size - 1);

  auto created = sim::Drill::create(serve_default_scenario());
  require(created.ok(), "the serve-default drill builds", created.status().message());
  sim::Drill& drill = **created;
  sim::World& world = drill.world();

  // A container for tables (abfss://data@drdrill.dfs.core.windows.net/...), as a user's tool would
  // make before its SQL statements can create any.
  {
    http::Request create;
    create.method = http::Method::kPut;
    create.target = "/drdrill/data?restype=container";
    create.headers.add("Host", "127.0.0.1:10000");
    create.headers.add("x-ms-date", drdrill::format_rfc1123(drill.now()));
    create.headers.add("x-ms-version", "2023-11-03");
    add_credentials(create, Listener::kBlob, world);
    const http::Response created_container = world.blob_front().handle(create);
    require(created_container.status == 201, "the harness creates its table container", created_container.body);
  }

  const transport::HttpServerOptions options;  // the server's limits
  for (int i = 0; i < kMaxRequests && !bytes.empty(); ++i) {
    transport::ParsedRequest parsed = transport::parse_request(bytes, options, secure);
    if (parsed.outcome == transport::ParsedRequest::Outcome::kIncomplete) break;  // closed unanswered
    if (parsed.outcome == transport::ParsedRequest::Outcome::kError) {
      const int status = parsed.error->status;
      require(status == 400 || status == 413 || status == 431, "a malformed message is answered 400, 413 or 431",
              std::to_string(status));
      check_wire_response(*parsed.error, parsed);
      if (kVerbose) std::fprintf(stderr, "  -> %d %s", status, parsed.error->body.c_str());
      break;  // the connection closes after the answer
    }
    require(parsed.consumed_bytes > 0 && parsed.consumed_bytes <= bytes.size(), "a request consumes its bytes");
    bytes.remove_prefix(parsed.consumed_bytes);
    http::Request& request = *parsed.request;
    if (authenticate) add_credentials(request, listener, world);

    const StoreFigures before = store_figures(world);
    http::Response response;
    // Called directly, not through transport::invoke_handler: the server would turn an escaping
    // exception into a bare 500, which is no clear error; here it is a finding.
    switch (listener) {
      case Listener::kBlob:
        response = world.blob_front().handle(request);
        break;
      case Listener::kArm:
        response = world.arm().handle(request);
        break;
      case Listener::kWorkspace:
        response = world.workspace("primary").api(request);
        break;
    }
    const StoreFigures after = store_figures(world);
    drill.check_invariants();
    // Time passes between requests, as the real-time pump makes it pass in serve: accepted work
    // (a SQL statement, a job run, a failover) runs now, on what the request put in.
    const drdrill::Status advanced = drill.advance_to(drill.now() + kBetweenRequests);
    require(advanced.ok(), "the drill keeps running after a request", advanced.message());
    if (kVerbose) {
      std::fprintf(stderr, "  %s %s -> %d %.200s\n", std::string(http::to_string(request.method)).c_str(), request.target.c_str(),
                   response.status, response.body.c_str());
    }

    if (response.disposition != http::Disposition::kSend) break;  // a fault's reset or hang: none here
    require(response.status >= 100 && response.status <= 599, "a handled request gets a status in 100..599",
            std::to_string(response.status) + " for " + request.target);
    // Nothing fails in this drill (no faults, no injected errors), so a 500 can only mean the
    // service did not understand a request it should have refused with a 4xx that says why.
    require(response.status != 500, "no request is answered 500 Internal Server Error",
            request.target + "\n" + response.body);
    check_wire_response(response, parsed);
    if (listener == Listener::kBlob && response.status >= 400) {
      require(after == before, "a failed Blob request leaves the blob stores as they were",
              std::to_string(response.status) + " for " + request.target);
    }
    for (const sim::Violation& v : drill.invariants().violations()) {
      require(false, "no request breaks a drill invariant", v.invariant + ": " + v.detail);
    }
    if (!parsed.keep_alive || response.close_connection) break;
  }
  return 0;
}
