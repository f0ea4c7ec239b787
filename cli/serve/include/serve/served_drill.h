#pragma once
// ServedDrill: what `drdrill serve` stands up on 127.0.0.1 — a scenario's drill (sim::Drill: the
// deterministic world of fakes, its faults, workload, probes and checker) served over the Beast
// transport in (scaled) real time:
//
// - Blob over plain HTTP and HTTPS (path style /<account>[-secondary]/..., host style
//   <account>[-secondary].blob.localhost), for every account of the scenario;
// - Azure Resource Manager over HTTPS (Microsoft.Storage and Microsoft.Sql, any bearer token), with
//   the control API (serve/control_api.h) under /_drdrill/ on the same listener;
// - every workspace's REST API over HTTPS and plain HTTP, one port each.
//
// A region, account or workspace that a fault takes down fails on the wire as the fault says: the
// connection reset unanswered (refuse), held unanswered up to the hang limit (hang), or 503.
//
// Time: the world keeps its SimulatedScheduler; a RealTimePump (transport/real_time_pump.h) advances
// it to start + time_scale x (wall time elapsed) before every request and, by its timer, at each
// event in between. Everything runs on one io_context thread.
//
// Lifetime: create(), start(), then on the loop: finish() once, stop(); destroy after stop()'s
// callback has run. The requests the tool sends are watched (serve/tool_activity.h) to infer its
// runbook stages.

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.h"
#include "sim/drill.h"
#include "sim/scenario.h"
#include "serve/state_directory.h"
#include "transport/http_server.h"
#include "transport/local_certificate_authority.h"
#include "transport/real_time_pump.h"

namespace boost::asio {
class io_context;
}  // namespace boost::asio

namespace drdrill::serve {

class ControlApi;
class ToolActivity;

struct ServedDrillConfig {
  sim::Scenario scenario;
  // The scenario's JSON text (added faults are validated against it) and where it came from ("" for
  // the built-in default).
  std::string scenario_text;
  std::string scenario_file;
  std::optional<std::uint64_t> seed;  // overrides the scenario's

  double time_scale = 1;                // simulated seconds per wall second
  std::optional<TimePoint> start_time;  // the drill's epoch; nullopt: the wall clock now

  std::uint16_t blob_port = 0;        // plain HTTP; 0: any free port
  std::uint16_t blob_https_port = 0;  // HTTPS with the run's CA
  std::uint16_t arm_port = 0;         // ARM and the control API, HTTPS only
  // How long a request to a hanging endpoint is held before its connection is closed.
  std::chrono::milliseconds hang_limit{120'000};

  std::string subscription_id = "00000000-0000-0000-0000-000000000000";
  std::string resource_group = "drdrill";
  // The control API's bearer token; empty: derived from the seed.
  std::string control_token;
  // Keep the SQL databases and Blob data in files here (serve/state_directory.h), so they survive
  // a kill and restart; empty: in memory.
  std::filesystem::path state_dir;
};

// One listening endpoint, for logs.
struct Listener {
  std::string what;  // "blob (http)"
  std::string url;   // "http://127.0.0.1:41234"
};

// Why a served drill ends.
enum class EndReason { kMaxTime, kControlApi, kError };

class ServedDrill {
 public:
  // Binds every listener (ports are known when this returns) and builds the drill; nothing is
  // served until the io_context runs. InvalidArgument for a scenario drdrill cannot serve or a bad
  // configuration; Unavailable if a port is taken; Internal if a model refuses the setup.
  static Result<std::unique_ptr<ServedDrill>> create(boost::asio::io_context& io_context, ServedDrillConfig config);
  ~ServedDrill();
  ServedDrill(const ServedDrill&) = delete;
  ServedDrill& operator=(const ServedDrill&) = delete;

  // Simulated time starts to follow the wall clock. `on_end` runs on the loop, once, when the run
  // reaches its max_time, the control API ends it, or the world fails (the status says how).
  void start(std::function<void(EndReason, const Status&)> on_end);

  // Advances the drill to the wall clock's simulated time and returns it (on the loop, outside the
  // drill's own events).
  TimePoint catch_up();

  // Stops time, closes the tool's stages and evaluates. Call once, on the loop.
  Result<sim::DrillResult> finish(std::optional<sim::ExternalCommandResult> command);

  // Graceful stop of every listener; `on_stopped` runs on the io_context once all are stopped.
  void stop(std::function<void()> on_stopped);

  // The endpoints file (docs/serve.md) and the variables a tool would set (NAME -> value).
  nlohmann::json endpoints(const std::filesystem::path& ca_file) const;
  std::map<std::string, std::string> environment(const std::filesystem::path& ca_file) const;
  std::vector<Listener> listeners() const;

  const ServedDrillConfig& config() const { return config_; }
  TimePoint start_time() const { return start_time_; }
  std::uint64_t seed() const;
  sim::Drill& drill() { return *drill_; }
  const transport::LocalCertificateAuthority& certificate_authority() const { return ca_; }
  const std::string& control_token() const { return config_.control_token; }
  std::uint16_t arm_port() const;
  // The state directory, when configured (whether this run resumed from it).
  const std::optional<StateDirectory>& state() const { return state_; }

  // Requests answered by every listener so far.
  std::uint64_t requests_handled() const;

 private:
  ServedDrill(boost::asio::io_context& io_context, ServedDrillConfig config, TimePoint start_time,
              transport::LocalCertificateAuthority ca);
  Status bind(const transport::TlsIdentity& identity);
  Status build();
  void end(EndReason reason, const Status& status);

  struct WorkspaceListeners {
    std::string name;
    std::string token;
    std::unique_ptr<transport::HttpServer> https;
    std::unique_ptr<transport::HttpServer> http;
  };

  boost::asio::io_context& io_context_;
  ServedDrillConfig config_;
  TimePoint start_time_;
  transport::LocalCertificateAuthority ca_;
  std::optional<StateDirectory> state_;
  std::unique_ptr<sim::Drill> drill_;
  std::unique_ptr<ToolActivity> tool_;
  std::unique_ptr<ControlApi> control_;
  std::unique_ptr<transport::RealTimePump> pump_;
  std::function<void(EndReason, const Status&)> on_end_;
  bool ended_ = false;
  bool finished_ = false;
  // Handlers the listeners forward to (set once the drill is built).
  http::Handler blob_handler_;
  http::Handler arm_handler_;
  std::map<std::string, http::Handler, std::less<>> workspace_handlers_;
  // Call into everything above: declared last, destroyed first.
  std::unique_ptr<transport::HttpServer> blob_http_;
  std::unique_ptr<transport::HttpServer> blob_https_;
  std::unique_ptr<transport::HttpServer> arm_https_;
  std::vector<WorkspaceListeners> workspace_listeners_;
};

}  // namespace drdrill::serve
