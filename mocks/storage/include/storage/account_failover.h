#pragma once
// AccountFailovers: customer-managed account failover and the re-seeding of a secondary, in
// simulated (or scaled real) time — the storage model behind ARM's failover and sku-change calls.
// It changes the same Account the Blob service serves, so the data plane and ARM always agree.
//
// Unplanned failover (dr-parameters S3, S5, 2a.5-2a.6):
//   at start     replication is cut: every write still in flight (acknowledged after Last Sync
//                Time) is abandoned and recorded lost in the ledger; both endpoints become
//                unavailable (config.unavailable_mode: 503 ServerBusy, refused or hanging).
//   at the end   (a modelled duration later, default Triangular(15, 40, 60) min) the replicated copy
//                is the primary copy, in the old secondary region; the account is LRS (no secondary
//                endpoint, no replication); lastGeoFailoverTime is set; the endpoints serve again.
// Planned failover (S4, 2a.7):
//   at start     the primary becomes read-only (writes are refused; see BlobService); replication
//                carries on.
//   switch       (planned_switch_s before the end, default 60 s) whatever is still in flight is
//                delivered (drain(): nothing is lost) and both endpoints are briefly unavailable
//                ("during any failover both endpoints are briefly unavailable", 2a.6; the length
//                is drdrill's assumption).
//   at the end   the regions have swapped; the account stays geo-redundant with the same SKU;
//                lastGeoFailoverTime is set.
// Both are refused (FailoverRefusal) when the account is not geo-redundant, a failover is already
// running, or Last Sync Time is unavailable (secondary bootstrapping or its region down; "initial
// synchronization must complete before the failover process can begin"); a planned failover also
// needs the primary region up ("only available while the primary and secondary endpoints are
// available").
//
// Re-enabling geo-redundancy (an sku change from LRS/ZRS to a geo SKU, S7): the secondary is
// re-seeded with the primary's data as of the change, which takes content bytes / a drawn rate
// (default uniform 1-10 TB/day: a placeholder, the rate is not documented). Meanwhile the
// secondary reports "bootstrap" with no Last Sync Time and holds new writes back (a replication
// stall over the reseed), so the secondary copy only ever holds the seed plus what replication
// delivered after it. Switching geo-redundancy off delivers what is in flight (no loss: the primary
// has it) and empties the secondary copy.
//
// Failover and reseed need the account's link to be a GeoReplication (storage/geo_replication.h);
// an account still on ImmediateReplication is given one (config.replication) the first time.
//
// Randomness: one stream per account ("storage.<account>.failover"), one draw per failover or
// reseed duration. Single-threaded, on the scheduler's thread. The destructor cancels every event
// it scheduled; completion callbacks it was given never run after that.

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/distribution.h"
#include "core/random.h"
#include "core/scheduler.h"
#include "core/time.h"
#include "storage/account.h"
#include "storage/blob_store.h"
#include "storage/geo_replication.h"
#include "storage/region_outage.h"
#include "storage/replication_link.h"
#include "storage/storage_state.h"

namespace drdrill::storage {

enum class FailoverType { kUnplanned, kPlanned };

enum class FailoverRefusal {
  kNotGeoRedundant,          // LRS/ZRS: there is no secondary to fail over to
  kInProgress,               // a failover is already running (or, for sku changes, a reseed)
  kLastSyncTimeUnavailable,  // the secondary is bootstrapping or unavailable
  kPrimaryUnavailable,       // planned failover only: the primary region is down
};

// "not geo-redundant", ...: for logs and messages.
std::string_view to_string(FailoverRefusal refusal);

struct FailoverConfig {
  // Unplanned failover duration in seconds (S3: "typically under an hour"; observed ~20 min).
  Distribution unplanned_duration_s = Distribution::triangular(15 * 60, 40 * 60, 60 * 60);
  // Planned failover duration in seconds (S4: "typically about an hour", same shape assumed).
  Distribution planned_duration_s = Distribution::triangular(15 * 60, 40 * 60, 60 * 60);
  // The end of a planned failover during which both endpoints are unavailable (capped at its
  // duration). Undocumented beyond "briefly".
  Distribution planned_switch_s = Distribution::constant(60);
  // How the endpoints fail while a failover makes them unavailable.
  OutageMode unavailable_mode = OutageMode::kServerBusy;
  // Reseed throughput in bytes per second (S7 placeholder: 1-10 TB/day). Must be positive.
  Distribution reseed_bytes_per_s = Distribution::uniform(1e12 / 86400, 1e13 / 86400);
  // For an account that has no GeoReplication yet.
  GeoReplicationConfig replication;
};

struct FailoverStarted {
  TimePoint completes_at;
  std::size_t writes_lost = 0;  // unplanned: writes abandoned at the start
};

// A redundancy change that started a reseed completes at `completes_at`; others complete at once.
struct RedundancyChanged {
  std::optional<TimePoint> reseed_completes_at;
};

class AccountFailovers {
 public:
  AccountFailovers(StorageState& state, Scheduler& scheduler, const Random& random, FailoverConfig config = {});
  ~AccountFailovers();
  AccountFailovers(const AccountFailovers&) = delete;
  AccountFailovers& operator=(const AccountFailovers&) = delete;

  // Why a failover of this type could not start now; nullopt if it could.
  std::optional<FailoverRefusal> check(const Account& account, FailoverType type) const;

  // Starts a failover, or says why not. `on_complete` runs (on the scheduler) when the account
  // serves from its new primary.
  std::variant<FailoverStarted, FailoverRefusal> start(Account& account, FailoverType type,
                                                       std::function<void()> on_complete = {});

  // Changes the account's redundancy (see the file comment). Refused (kInProgress) during a
  // failover, and when switching geo-redundancy off during a reseed.
  std::variant<RedundancyChanged, FailoverRefusal> change_redundancy(Account& account, Redundancy redundancy);

  // Whether the account's secondary is being re-seeded.
  bool reseeding(const Account& account) const;

  const FailoverConfig& config() const { return config_; }

 private:
  struct Pending {
    std::vector<TimerId> timers;
    std::optional<BlobStore> seed;  // a reseed's copy of the primary, installed when it completes
  };

  GeoReplication& geo_link(Account& account);
  RandomStream& stream(const Account& account);
  TimerId at(TimePoint when, std::string_view account, std::function<void()> fn, std::string_view label);
  void complete_unplanned(Account& account);
  void complete_planned(Account& account);

  StorageState& state_;
  Scheduler& scheduler_;
  Random random_;
  FailoverConfig config_;
  std::map<std::string, RandomStream, std::less<>> streams_;
  std::map<std::string, Pending, std::less<>> pending_;  // by account name
};

// Geo-replication statistics as ARM reports them for an account: Unavailable (and no Last Sync
// Time) while a failover is running or the secondary region is down, else what the link reports.
// Not meaningful for an account without geo-redundancy.
GeoReplicationStats reported_geo_replication_stats(const StorageState& state, const Account& account, TimePoint now);

}  // namespace drdrill::storage
