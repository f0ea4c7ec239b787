#pragma once
// ServedWorld: what `drdrill serve` stands up on 127.0.0.1 — the storage fake's Blob endpoints over
// plain HTTP and HTTPS (path style and host style on each), Azure Resource Manager over HTTPS
// (Microsoft.Storage: the account with geoReplicationStats, failover and planned failover as
// long-running operations, sku changes), one throw-away certificate authority for the run, and the
// RealTimeScheduler that drives geo-replication and failovers in (scaled) real time — all on one
// io_context, so handlers and scheduled events never run concurrently.
//
// The command (cli/serve_command.cpp) only parses flags, writes the endpoints file, logs and waits
// for a signal; tests build a ServedWorld directly.
//
// Threads: create() and start() before the io_context runs (or on its thread); everything else on
// the io_context's thread, except stop(), which is safe from any thread. Destroy the world only
// after stop()'s callback has run.

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/random.h"
#include "core/result.h"
#include "arm/gateway.h"
#include "arm/operation_registry.h"
#include "core/time.h"
#include "serve/served_storage.h"
#include "storage_arm/storage_resource_provider.h"
#include "transport/http_server.h"
#include "transport/local_certificate_authority.h"
#include "transport/real_time_scheduler.h"

namespace boost::asio {
class io_context;
}  // namespace boost::asio

namespace drdrill::serve {

struct ServeConfig {
  // The world's seed: account keys (when not given) and every random draw (replication lag,
  // injected errors) derive from it.
  std::uint64_t seed = 1;
  // Keys left empty are derived from the seed (account_key.h).
  ServedStorageConfig storage;

  // Simulated seconds per wall second (1000: an hour of replication lag passes in 3.6 s).
  double time_scale = 1;
  // Where simulated time starts; nullopt: the wall clock when the world is created, so timestamps
  // (Last-Modified, Last Sync Time) read as the client's own clock does at time scale 1.
  std::optional<TimePoint> start_time;

  // 0: any free port.
  std::uint16_t blob_port = 0;        // plain HTTP
  std::uint16_t blob_https_port = 0;  // HTTPS with the run's CA
  std::uint16_t arm_port = 0;         // ARM, HTTPS only (the ARM SDKs refuse http)

  // The ARM subscription and resource group the account lives in.
  std::string subscription_id = "00000000-0000-0000-0000-000000000000";
  std::string resource_group = "drdrill";

  // How long a request to a hanging region is held before its connection is closed.
  std::chrono::milliseconds hang_limit{120'000};
};

// One listening endpoint, for logs.
struct Listener {
  std::string what;  // "blob (http)"
  std::string url;   // "http://127.0.0.1:41234"
};

class ServedWorld {
 public:
  // Builds everything; nothing listens yet. InvalidArgument for a bad configuration.
  static Result<std::unique_ptr<ServedWorld>> create(boost::asio::io_context& io_context, ServeConfig config);
  ~ServedWorld();

  ServedWorld(const ServedWorld&) = delete;
  ServedWorld& operator=(const ServedWorld&) = delete;

  // Binds every listener (ports are known when this returns; connections are accepted as soon as
  // the io_context runs), and builds ARM, whose account resource names the blob endpoints' URLs.
  // Unavailable if a port is taken.
  Status start();

  // Graceful stop of every listener; `on_stopped` runs on the io_context once all are stopped.
  void stop(std::function<void()> on_stopped);

  // The content of the endpoints file (docs/serve.md): URLs, keys, connection strings, ARM ids,
  // the CA file (as given), time settings. Valid after start().
  nlohmann::json endpoints(const std::filesystem::path& ca_file) const;
  std::vector<Listener> listeners() const;

  const ServeConfig& config() const { return config_; }
  TimePoint start_time() const { return start_time_; }
  const transport::LocalCertificateAuthority& certificate_authority() const { return ca_; }
  transport::RealTimeScheduler& scheduler() { return scheduler_; }
  ServedStorage& storage() { return *storage_; }

  // Requests answered by every listener so far (any thread).
  std::uint64_t requests_handled() const;

  std::uint16_t blob_port() const { return blob_http_->port(); }
  std::uint16_t blob_https_port() const { return blob_https_->port(); }
  std::uint16_t arm_port() const { return arm_https_ ? arm_https_->port() : 0; }

 private:
  ServedWorld(boost::asio::io_context& io_context, ServeConfig config, TimePoint start_time,
              transport::LocalCertificateAuthority ca);

  ServeConfig config_;
  TimePoint start_time_;
  Random random_;
  transport::RealTimeScheduler scheduler_;
  transport::LocalCertificateAuthority ca_;
  boost::asio::io_context& io_context_;
  transport::TlsIdentity identity_;
  std::unique_ptr<ServedStorage> storage_;  // uses scheduler_: declared after it
  // ARM (built by start(), once the blob URLs are known); uses storage_ and scheduler_.
  std::unique_ptr<arm::OperationRegistry> operations_;
  std::unique_ptr<arm::Gateway> arm_gateway_;
  std::unique_ptr<storage_arm::StorageResourceProvider> storage_provider_;
  // Call into everything above: declared last, destroyed first.
  std::unique_ptr<transport::HttpServer> blob_http_;
  std::unique_ptr<transport::HttpServer> blob_https_;
  std::unique_ptr<transport::HttpServer> arm_https_;
};

}  // namespace drdrill::serve
