// REST requests per second for GET /api/2.1/jobs/get over loopback (issue 5): the Databricks
// workspace fake behind drdrill's real transport (transport::HttpServer on 127.0.0.1, one event
// loop thread, a RealTimeScheduler as in `drdrill serve`), against a minimal Boost.Beast server
// that answers every request with the same bytes — the jobs/get body captured from the fake at
// start-up, same Content-Type — measured in the same run by the same C++ load client. The ratio is
// what the fake costs over the network stack: routing, PAT authentication, fault rules, the job's
// JSON rendering, the transport's session.
//
// The job is shaped like the seed's: one notebook task on an existing cluster, a paused schedule,
// tags, notifications, max_concurrent_runs 1 (its jobs/get body is 698 bytes). Each connection loops request -> response with keep-alive; servers are measured
// interleaved (fake c=1, minimal c=1, fake c=16, ...) so noise on the shared machine hits both.
//
//   cmake --preset release && cmake --build --preset release --target jobs_get_bench
//   build/release/bench/databricks/jobs_get_bench --benchmark_repetitions=5 --benchmark_min_time=1
//
// The summary prints requests/s per server and concurrency, their ratio, and the server thread's
// CPU time per request (steadier than requests/s when client and server share two cores).

#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "core/random.h"
#include "databricks/rest_api.h"
#include "databricks/workspace.h"
#include "loopback_load.h"
#include "transport/event_loop.h"
#include "transport/http_server.h"
#include "transport/real_time_scheduler.h"

namespace drdrill::databricks {
namespace {

using bench::LoadClient;
using bench::MinimalServer;

constexpr const char* kToken = "dapi-bench";

constexpr const char* kJob = R"({
  "name": "hms-nightly-etl",
  "max_concurrent_runs": 1,
  "timeout_seconds": 3600,
  "email_notifications": {"on_failure": ["dr-oncall@example.com"]},
  "schedule": {"quartz_cron_expression": "0 0 2 * * ?", "timezone_id": "UTC", "pause_status": "PAUSED"},
  "tags": {"team": "platform", "dr": "active"},
  "tasks": [{
    "task_key": "load",
    "existing_cluster_id": "0101-000000-aaaaaaaa",
    "notebook_task": {"notebook_path": "/Shared/dr/load_events", "source": "WORKSPACE",
                      "base_parameters": {"table": "events", "date": "{{job.start_time.iso_date}}"}},
    "timeout_seconds": 3000,
    "max_retries": 0
  }]
})";

// The workspace fake served by drdrill's transport, as `drdrill serve` runs it.
class FakeWorkspaceServer {
 public:
  FakeWorkspaceServer()
      : scheduler_(loop_.context(), kDefaultEpoch, 1.0),
        random_(1),
        workspace_(WorkspaceConfig{}, scheduler_, random_),
        server_(loop_.context(), make_rest_api(workspace_)) {
    workspace_.tokens().add(kToken, "bench@example.com");
    auto job = workspace_.jobs().create(Json::parse(kJob), "bench@example.com");
    if (!job.ok()) std::abort();
    job_id_ = *job;
    if (!server_.start().ok()) std::abort();
    // Render the body the minimal server will send before the loop thread owns the workspace.
    http::Request request;
    request.method = http::Method::kGet;
    request.target = target();
    request.headers.add("Authorization", std::string("Bearer ") + kToken);
    body_ = make_rest_api(workspace_)(request).body;
    loop_.start_thread();
  }
  ~FakeWorkspaceServer() {
    server_.stop([this] { loop_.stop(); });
    loop_.join();
  }
  FakeWorkspaceServer(const FakeWorkspaceServer&) = delete;
  FakeWorkspaceServer& operator=(const FakeWorkspaceServer&) = delete;

  std::uint16_t port() const { return server_.port(); }
  std::string target() const { return "/api/2.1/jobs/get?job_id=" + std::to_string(job_id_); }
  const std::string& body() const { return body_; }
  double cpu_us() {
    return bench::server_thread_cpu_us([this](std::function<void()> fn) { loop_.post(std::move(fn)); });
  }

 private:
  transport::EventLoop loop_;
  transport::RealTimeScheduler scheduler_;
  Random random_;
  Workspace workspace_;
  transport::HttpServer server_;
  std::int64_t job_id_ = 0;
  std::string body_;
};

FakeWorkspaceServer& fake() {
  static FakeWorkspaceServer server;  // one for the whole run
  return server;
}

MinimalServer& minimal() {
  static MinimalServer server(fake().body(), "application/json");
  return server;
}

std::string request_bytes() {
  return "GET " + fake().target() + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + kToken +
         "\r\nAccept: application/json\r\nUser-Agent: drdrill-bench\r\n\r\n";
}

template <class Server>
void serve_jobs_get(benchmark::State& state, Server& server) {
  LoadClient client(server.port(), static_cast<int>(state.range(0)), request_bytes(), fake().body().size());
  bench::measure(state, client, server);
}

void fake_workspace_jobs_get(benchmark::State& state) { serve_jobs_get(state, fake()); }
void minimal_beast_same_body(benchmark::State& state) { serve_jobs_get(state, minimal()); }

}  // namespace
}  // namespace drdrill::databricks

int main(int argc, char** argv) {
  using namespace drdrill::databricks;
  for (const int connections : {1, 16, 64}) {
    benchmark::RegisterBenchmark("fake_workspace_jobs_get", fake_workspace_jobs_get)
        ->ArgName("connections")->Arg(connections)->UseRealTime()->Unit(benchmark::kMillisecond);
    benchmark::RegisterBenchmark("minimal_beast_same_body", minimal_beast_same_body)
        ->ArgName("connections")->Arg(connections)->UseRealTime()->Unit(benchmark::kMillisecond);
  }
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  std::printf("jobs/get body: %zu bytes\n", fake().body().size());
  drdrill::bench::RatioReporter reporter("fake_workspace_jobs_get", "minimal_beast_same_body", {1, 16, 64});
  benchmark::RunSpecifiedBenchmarks(&reporter);
  benchmark::Shutdown();
  return 0;
}
