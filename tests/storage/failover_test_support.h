#pragma once
// Shared by the failover, reseed and storage-ARM tests: the development account on RA-GRS with a
// geo-replication model of constant lag, its Blob service and AccountFailovers on one simulated
// scheduler, and blob requests signed as @azure/storage-blob signs them.

#include <string>
#include <utility>

#include <gtest/gtest.h>

#include "core/random.h"
#include "core/simulated_scheduler.h"
#include "http/request.h"
#include "http/response.h"
#include "storage/account_failover.h"
#include "storage/blob_service.h"
#include "storage/geo_replication.h"
#include "storage/shared_key.h"
#include "storage/storage_state.h"

namespace drdrill::storage::testing {

// Durations of the model fixed, so every time in a test can be computed by hand.
inline FailoverConfig fixed_failover_config() {
  FailoverConfig config;
  config.unplanned_duration_s = Distribution::constant(40 * 60);
  config.planned_duration_s = Distribution::constant(30 * 60);
  config.planned_switch_s = Distribution::constant(60);
  config.reseed_bytes_per_s = Distribution::constant(100);
  return config;
}

class FailoverWorld {
 public:
  explicit FailoverWorld(Duration lag = 2min, FailoverConfig config = fixed_failover_config(),
                         Redundancy redundancy = Redundancy::kRaGrs)
      : failovers_(state_, scheduler_, random_, std::move(config)) {
    auto account_config = AccountConfig::devstoreaccount1();
    account_config.redundancy = redundancy;
    account_ = state_.add_account(account_config).value();
    geo_ = &enable_geo_replication(*account_, scheduler_, random_,
                                   GeoReplicationConfig{Distribution::constant(to_seconds(lag))});
  }

  SimulatedScheduler& scheduler() { return scheduler_; }
  StorageState& state() { return state_; }
  Account& account() { return *account_; }
  GeoReplication& geo() { return *geo_; }
  AccountFailovers& failovers() { return failovers_; }
  BlobService& blob() { return blob_; }
  const Random& random() const { return random_; }
  TimePoint now() const { return scheduler_.now(); }

  // Runs the simulation to `t` (seconds after the epoch).
  void run_until_s(double t) { ASSERT_TRUE(scheduler_.run_until(kDefaultEpoch + from_seconds(t)).ok()); }
  void run_for(Duration d) { ASSERT_TRUE(scheduler_.run_for(d).ok()); }

  // A signed path-style request for the primary ("devstoreaccount1") or the secondary
  // ("devstoreaccount1-secondary") endpoint.
  http::Response send(http::Method method, const std::string& target, std::string body = {}, bool blob_type = false) {
    http::Request r;
    r.method = method;
    r.target = target;
    r.headers.add("Host", "127.0.0.1:10000");
    r.headers.add("x-ms-version", "2025-11-05");
    r.headers.add("x-ms-date", format_rfc1123(scheduler_.now()));
    if (blob_type) r.headers.add("x-ms-blob-type", "BlockBlob");
    if (!body.empty() || method == http::Method::kPut) r.headers.add("Content-Length", std::to_string(body.size()));
    r.body = std::move(body);
    sign_shared_key(r, account_->name(), account_->signing_keys()[0]);
    return blob_.handle(r);
  }
  http::Response create_container(const std::string& name) {
    return send(http::Method::kPut, "/devstoreaccount1/" + name + "?restype=container");
  }
  http::Response put_blob(const std::string& container, const std::string& name, std::string body) {
    return send(http::Method::kPut, "/devstoreaccount1/" + container + "/" + name, std::move(body), true);
  }
  http::Response get_blob(const std::string& container, const std::string& name, bool secondary = false) {
    return send(http::Method::kGet,
                std::string(secondary ? "/devstoreaccount1-secondary/" : "/devstoreaccount1/") + container + "/" + name);
  }
  std::string error_code(const http::Response& r) const { return r.headers.get_or("x-ms-error-code", ""); }

 private:
  // Declared first, destroyed last: everything below may have events pending in it.
  SimulatedScheduler scheduler_;
  Random random_{42};
  StorageState state_{random_};
  Account* account_ = nullptr;
  GeoReplication* geo_ = nullptr;
  AccountFailovers failovers_;
  BlobService blob_{state_, scheduler_};
};

// "b-007": blob names that sort in write order.
inline std::string blob_name(int i) {
  std::string digits = std::to_string(i);
  return "b-" + std::string(3 - std::min<std::size_t>(3, digits.size()), '0') + digits;
}

}  // namespace drdrill::storage::testing
