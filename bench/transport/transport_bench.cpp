// Requests per second over loopback with keep-alive, for a trivial handler answering 1 KiB:
// drdrill's HttpServer against the minimal Boost.Beast server of bench/loopback (the Beast example's
// session: no pipelining queue, no options), both loaded by the same C++ client in one run.
//
// Each server runs its io_context on its own thread; the client runs on the benchmark thread with
// N connections, each looping request -> response. The two servers are measured interleaved
// (drdrill c=1, minimal c=1, drdrill c=16, ...) so background noise hits both alike, and a
// summary prints the drdrill/minimal ratio per concurrency.
//
//   cmake --preset release && cmake --build --preset release --target transport_bench
//   build/release/bench/transport/transport_bench --benchmark_repetitions=5 --benchmark_min_time=1
//   build/release/bench/transport/transport_bench --serve 60   # then point wrk at the two URLs

#include <benchmark/benchmark.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <string>
#include <thread>

#include "loopback_load.h"

#include "transport/event_loop.h"
#include "transport/http_server.h"

namespace {

namespace bench = drdrill::bench;
using bench::server_thread_cpu_us;

const std::string& payload() {
  static const std::string body(1024, 'x');
  return body;
}

// ---- drdrill's server ----------------------------------------------------------------------------

class DrdrillServer {
 public:
  DrdrillServer()
      : server_(loop_.context(), [](const drdrill::http::Request&) {
          return drdrill::http::Response::text(200, payload());
        }) {
    if (!server_.start().ok()) std::abort();
    loop_.start_thread();
  }
  ~DrdrillServer() {
    server_.stop([this] { loop_.stop(); });
    loop_.join();
  }
  std::uint16_t port() const { return server_.port(); }
  double cpu_us() {
    return server_thread_cpu_us([this](std::function<void()> fn) { loop_.post(std::move(fn)); });
  }

 private:
  drdrill::transport::EventLoop loop_;
  drdrill::transport::HttpServer server_;
};

constexpr const char* kContentType = "text/plain; charset=utf-8";
constexpr const char* kRequest = "GET /bench HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";

bench::MinimalServer& minimal_server() {
  static bench::MinimalServer server(payload(), kContentType);  // alive for the whole run
  return server;
}

template <class Server>
void serve_requests(benchmark::State& state, Server& server) {
  bench::LoadClient client(server.port(), static_cast<int>(state.range(0)), kRequest, payload().size());
  bench::measure(state, client, server);
}

// `transport_bench --serve SECONDS`: serve both servers for an external load generator (wrk) and
// print their URLs, instead of benchmarking.
int serve_for_external_load(int seconds) {
  DrdrillServer drdrill;
  bench::MinimalServer minimal(payload(), kContentType);
  std::printf("drdrill http://127.0.0.1:%u/\nminimal http://127.0.0.1:%u/\n", drdrill.port(), minimal.port());
  std::fflush(stdout);
  std::this_thread::sleep_for(std::chrono::seconds(seconds));  // wall-clock ok: serve for a while
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc == 3 && std::string(argv[1]) == "--serve") return serve_for_external_load(std::stoi(argv[2]));
  for (const int connections : {1, 16, 64}) {
    benchmark::RegisterBenchmark("drdrill_http_server",
                                 [](benchmark::State& state) {
                                   static DrdrillServer server;  // alive for the whole run
                                   serve_requests(state, server);
                                 })
        ->ArgName("connections")->Arg(connections)->UseRealTime()->Unit(benchmark::kMillisecond);
    benchmark::RegisterBenchmark("minimal_beast_server",
                                 [](benchmark::State& state) { serve_requests(state, minimal_server()); })
        ->ArgName("connections")->Arg(connections)->UseRealTime()->Unit(benchmark::kMillisecond);
  }
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  bench::RatioReporter reporter("drdrill_http_server", "minimal_beast_server", {1, 16, 64});
  benchmark::RunSpecifiedBenchmarks(&reporter);
  benchmark::Shutdown();
  return 0;
}
