#pragma once
// ServedStorage: the storage fake as `drdrill serve` runs it — one RA-GRS account whose writes
// reach the secondary through the seeded geo-replication model on the world's scheduler, account
// failovers and reseeds (storage::AccountFailovers, which ARM drives) on that scheduler too, and the
// Blob service as a handler a transport can serve, with region outages turned into the network
// failures they are (refused connections, hangs) rather than HTTP answers.
//
// Single-threaded: everything here runs on the thread of the scheduler (the event loop).

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/random.h"
#include "core/result.h"
#include "core/scheduler.h"
#include "http/handler.h"
#include "storage/account_failover.h"
#include "storage/blob_service.h"
#include "storage/geo_replication.h"
#include "storage/region_outage.h"
#include "storage/storage_state.h"

namespace drdrill::serve {

struct ServedStorageConfig {
  std::string account = "drdrill";
  std::string key1;  // base64; see account_key.h for the defaults the command derives
  std::string key2;
  std::string primary_region = "eastus";
  std::string secondary_region = "westus";
  // Geo-replication lag (log-normal, dr-parameters S1): median and 99th percentile, in seconds.
  double lag_s_median = 120;
  double lag_s_p99 = 900;
  // Regions down from the start, and how (kNone entries are ignored).
  std::map<std::string, storage::OutageMode, std::less<>> outages;
  // Account failover and reseed timings (ARM's failover and sku change drive them).
  storage::FailoverConfig failover;
};

// "none", "refuse", "server-busy", "hang" (storage::to_string's names); nullopt otherwise.
std::optional<storage::OutageMode> parse_outage_mode(std::string_view name);

// The response a transport gives for a request to an endpoint failing in `mode`: kNone gives
// nullopt (serve normally); refuse closes the connection unanswered; hang holds it; server-busy
// is left to the Blob service, which answers 503 ServerBusy itself.
std::optional<http::Response> outage_response(storage::OutageMode mode);

class ServedStorage {
 public:
  // InvalidArgument for a bad account name, key or lag distribution. `scheduler` and `random` must
  // outlive the object.
  static Result<std::unique_ptr<ServedStorage>> create(ServedStorageConfig config, Scheduler& scheduler,
                                                       const Random& random);

  ServedStorage(const ServedStorage&) = delete;
  ServedStorage& operator=(const ServedStorage&) = delete;

  const ServedStorageConfig& config() const { return config_; }
  storage::StorageState& state() { return state_; }
  storage::Account& account() { return *account_; }
  storage::GeoReplication& replication() { return *replication_; }
  storage::AccountFailovers& failovers() { return *failovers_; }
  storage::BlobService& blob_service() { return service_; }

  // The Blob service behind the outage check. Captures this object, which must outlive it.
  http::Handler blob_handler();

  // Whether any endpoint of any account is failing now (a region outage or a failover in progress).
  bool any_endpoint_down() const;

 private:
  ServedStorage(ServedStorageConfig config, const Clock& clock, const Random& random);

  ServedStorageConfig config_;
  storage::StorageState state_;
  storage::BlobService service_;
  storage::Account* account_ = nullptr;
  storage::GeoReplication* replication_ = nullptr;
  std::unique_ptr<storage::AccountFailovers> failovers_;  // schedules on the world's scheduler
};

}  // namespace drdrill::serve
