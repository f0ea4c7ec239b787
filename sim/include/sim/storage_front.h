#pragma once
// StorageFront: the Blob endpoint as a drill's clients reach it — the Blob service behind the one
// thing that sits between a client and the service in Azure and that the storage model does not
// have: DNS. Every client of the drill (clusters' data sessions, the workload, probes) sends its
// Blob requests here.
//
// - DNS convergence after an account failover (dr-parameters S6): the account's primary name moves
//   to the new region when the failover completes, but clients keep resolving it to the old region
//   for a drawn time (the scenario's dns_convergence, one draw per failover, per account). During
//   that time a request for the primary endpoint reaches the old primary region: if that region is
//   down the request fails as the outage there does; otherwise the old stamp still answers (drdrill
//   assumes it forwards, so nothing is visible). A dns_cache_beyond_ttl fault for storage clients
//   makes that time at least the fault's cache_for.
// - Observation for the checker: every write (PUT/POST/DELETE) sent to a `-secondary` endpoint is
//   recorded with the status it got, so "a secondary never accepts a write" is checked on every
//   request and writes refused by a secondary are counted.
//
// Single-threaded, on the scheduler's thread. The service, state and clock must outlive it.

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/distribution.h"
#include "core/random.h"
#include "http/handler.h"
#include "http/request.h"
#include "http/response.h"
#include "storage/blob_service.h"
#include "storage/storage_state.h"

namespace drdrill::sim {

// Which account and endpoint a Blob request is for (host style "<acct>[-secondary].blob...", else
// path style "/<acct>[-secondary]/...").
struct BlobEndpointOf {
  std::string account;
  bool secondary = false;
};
BlobEndpointOf blob_endpoint_of(const http::Request& request);

// A write sent to a secondary endpoint, as the front saw it answered.
struct SecondaryWrite {
  TimePoint at;
  std::string account;
  std::string method;
  std::string target;
  int status = 0;
};

class StorageFront {
 public:
  // `inner` is the Blob service (or, in tests, a deliberately broken stand-in for it).
  StorageFront(http::Handler inner, storage::BlobService* service, storage::StorageState& state, const Clock& clock,
               RandomStream dns_rng);

  http::Response handle(const http::Request& request);
  // A handler that forwards to this front (which must outlive it).
  http::Handler handler();

  // How the endpoint a request is for fails right now, stale DNS included (kNone when it serves).
  storage::OutageMode outage_mode(const http::Request& request);

  // The DNS convergence time after a failover of `account`, in seconds (S6).
  void set_dns_convergence(std::string account, Distribution seconds);
  // One account's primary endpoint down (the storage_outage fault; the Blob model knows only whole
  // regions): while the account's primary is still in the region it was in when this was called,
  // requests for it fail as `mode` says; the secondary keeps serving, and after a failover the new
  // primary serves. kNone ends it.
  void set_account_outage(const storage::Account& account, storage::OutageMode mode);

  // Whether some account's primary endpoint is down on its own (set_account_outage).
  bool any_account_outage() const { return !account_outages_.empty(); }

  // Storage clients keep DNS answers at least this long (dns_cache_beyond_ttl); zero ends it.
  void set_client_cache_floor(Duration floor) { cache_floor_ = floor; }

  // Writes a secondary endpoint accepted (2xx): each one breaks the invariant.
  const std::vector<SecondaryWrite>& secondary_writes_accepted() const { return accepted_; }
  // Writes a secondary endpoint refused (403 and the like), how many, and the first few.
  std::uint64_t secondary_writes_refused() const { return refused_count_; }
  const std::vector<SecondaryWrite>& secondary_writes_refused_sample() const { return refused_; }
  // Writes a primary endpoint acknowledged (2xx) for a geo-redundant account that its replication
  // ledger did not record: each one breaks "every acknowledged write is accounted for".
  const std::vector<SecondaryWrite>& unaccounted_writes() const { return unaccounted_; }

  // Replaces the service behind the front (tests stand a deliberately broken one in).
  void set_inner(http::Handler inner) { inner_ = std::move(inner); }

  // Called for each accepted secondary write, as it happens.
  void on_secondary_write_accepted(std::function<void(const SecondaryWrite&)> listener) {
    accepted_listener_ = std::move(listener);
  }

 private:
  struct Stale {
    TimePoint failover_time;   // the lastGeoFailoverTime it belongs to
    TimePoint until;           // clients reach the old region before this
    std::string old_region;
  };
  // The stale window of `account` now, drawing it on the first request after a failover.
  const Stale* stale(const storage::Account& account);

  http::Handler inner_;
  storage::BlobService* service_;
  storage::StorageState& state_;
  const Clock& clock_;
  RandomStream dns_rng_;
  std::map<std::string, Distribution, std::less<>> convergence_;
  std::map<std::string, Stale, std::less<>> stale_;
  struct AccountOutage {
    storage::OutageMode mode;
    std::string region;  // of the primary stamp that is down
  };
  // The account's outage if its primary is still in the region that went down.
  const AccountOutage* account_outage(std::string_view account) const;
  std::map<std::string, AccountOutage, std::less<>> account_outages_;
  Duration cache_floor_{0};
  std::vector<SecondaryWrite> accepted_;
  std::vector<SecondaryWrite> refused_;
  std::uint64_t refused_count_ = 0;
  std::vector<SecondaryWrite> unaccounted_;
  std::function<void(const SecondaryWrite&)> accepted_listener_;
};

}  // namespace drdrill::sim
