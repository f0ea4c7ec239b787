#pragma once
// GeoReplication: the asynchronous copy of an account's writes to its paired region, in simulated
// (or scaled real) time. It is the account's ReplicationLink and feeds the secondary BlobStore.
//
// The model (dr-parameters S1, S9 and behaviours 2a.1-2a.2):
// - Each acknowledged write reaches the secondary after a lag drawn from a seeded Distribution,
//   by default log-normal with median 2 min and P(lag <= 15 min) = 0.99 (no SLA; "typically under
//   15 minutes"). Lag spikes multiply the lag of writes acknowledged during a window; stall episodes
//   hold back every arrival due during a window until it ends.
// - Arrival order across objects is not guaranteed: a later write to one blob can land before an
//   earlier write to another. Two rules keep the copy applicable, as the service's per-object
//   replication does: writes to one blob (or one container's own properties) arrive in
//   acknowledgement order, and a container's deletion arrives after every earlier write into it
//   (so a blob never arrives before its container or after its container's deletion).
// - Last Sync Time is the latest T such that every write acknowledged before T has arrived: the
//   acknowledgement time of the oldest write still in flight, or now when nothing is.
// - Every write is recorded in a ledger with its acknowledgement time, arrival time (or that it
//   never arrived), size and target, from which the drill computes RPO.
//
// Failover hooks: drain() delivers everything in flight at once (planned failover replicates first);
// abandon() drops it, marking those writes lost (unplanned failover).
//
// Single-threaded, on the scheduler's thread. The object must outlive every event it scheduled or
// be destroyed together with its scheduler (the destructor cancels what is pending).

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/distribution.h"
#include "core/random.h"
#include "core/scheduler.h"
#include "core/time.h"
#include "storage/account.h"
#include "storage/blob_store.h"
#include "storage/mutation.h"
#include "storage/replication_link.h"

namespace drdrill::storage {

struct GeoReplicationConfig {
  // Replication lag in seconds.
  Distribution lag_s = Distribution::lognormal(120, 900);
};

// One acknowledged write, as the drill's ledger sees it.
struct ReplicationRecord {
  std::uint64_t sequence = 0;  // acknowledgement order, from 1
  std::string kind;            // "PutBlob", "DeleteBlob", "PutContainer", "DeleteContainer"
  std::string target;          // "container" or "container/blob"
  std::uint64_t bytes = 0;     // blob content carried
  TimePoint acknowledged{};
  std::optional<TimePoint> arrived;  // on the secondary; nullopt while in flight or if lost
  bool lost = false;                 // dropped by abandon(): it will never arrive
};

class GeoReplication final : public ReplicationLink {
 public:
  // `rng` is the link's own stream (e.g. random.stream("storage.<account>.lag")).
  GeoReplication(Scheduler& scheduler, RandomStream rng, BlobStore& secondary, GeoReplicationConfig config = {});
  ~GeoReplication() override;
  GeoReplication(const GeoReplication&) = delete;
  GeoReplication& operator=(const GeoReplication&) = delete;

  void replicate(Mutation write, TimePoint acknowledged) override;
  // Status as set (live unless told otherwise); Last Sync Time only while live.
  GeoReplicationStats stats(TimePoint now) const override;

  TimePoint last_sync_time(TimePoint now) const;

  // Writes acknowledged in [start, start + duration) take `factor` times their drawn lag.
  void add_lag_spike(TimePoint start, Duration duration, double factor);
  // Nothing arrives during [start, start + duration); what falls due then arrives when it ends.
  // Applies to writes already in flight too.
  void add_stall(TimePoint start, Duration duration);

  // What Get Blob Service Stats reports as <Status> (bootstrap while reseeding, unavailable while the
  // secondary region is down).
  void set_status(GeoReplicationStatus status) { status_ = status; }

  // Delivers every write in flight now, in acknowledgement order.
  void drain();
  // Drops every write in flight; they are marked lost. Returns how many.
  std::size_t abandon();

  const std::vector<ReplicationRecord>& ledger() const { return ledger_; }
  std::size_t in_flight() const { return pending_.size(); }
  // Arrivals the secondary store refused (a blob before its container). The ordering rules make this
  // impossible; the drill's invariant checker asserts it stays 0.
  std::uint64_t refused_arrivals() const { return refused_arrivals_; }

 private:
  struct Pending {
    Mutation write;
    TimePoint arrival;
    TimerId timer = kNoTimer;
  };
  // The latest arrival scheduled for a key, and which write holds it.
  struct Latest {
    TimePoint arrival;
    std::uint64_t sequence;
  };

  Duration draw_lag(TimePoint acknowledged);
  TimePoint after_stalls(TimePoint t) const;
  void schedule(std::uint64_t sequence, Pending& p);
  void arrive(std::uint64_t sequence);
  void forget_chains(std::uint64_t sequence, const Mutation& write);

  Scheduler& scheduler_;
  RandomStream rng_;
  BlobStore& secondary_;
  GeoReplicationConfig config_;
  GeoReplicationStatus status_ = GeoReplicationStatus::kLive;
  std::uint64_t refused_arrivals_ = 0;

  std::vector<ReplicationRecord> ledger_;
  std::map<std::uint64_t, Pending> pending_;  // by sequence: the oldest in flight is first
  // Ordering chains for writes in flight only (entries go when their write arrives), so they stay
  // small however many blobs the account holds.
  std::map<std::string, Latest, std::less<>> blob_chain_;       // "container/blob"
  std::map<std::string, Latest, std::less<>> container_chain_;  // container-level writes
  std::map<std::string, Latest, std::less<>> container_any_;    // any write into the container

  struct Window {
    TimePoint start;
    TimePoint end;
    double factor;
  };
  std::vector<Window> spikes_;
  std::vector<Window> stalls_;
};

// Gives `account` a GeoReplication drawing its lag from random.stream("storage.<account>.replication")
// and returns it (owned by the account).
GeoReplication& enable_geo_replication(Account& account, Scheduler& scheduler, const Random& random,
                                       GeoReplicationConfig config = {});

}  // namespace drdrill::storage
