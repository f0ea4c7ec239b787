#pragma once
// GeoReplication: active geo-replication and failover groups over a SqlService, in (simulated or
// real) time.
//
// Shipping (dr-parameters Q1, behaviour 2b.1). Every transaction committed on a linked primary
// becomes one CommitRecord (its SQLite changesets and DDL, see Database). It reaches the secondary
// after a lag drawn from a seeded distribution (default lognormal, median 0.5 s, p99 5 s) and is
// applied there in commit order — a commit never overtakes an earlier one, so the secondary is
// always a transactionally consistent, older copy of the primary. Shipping needs both servers
// reachable and the link not stalled; a backlog ships as soon as it can again.
//
// Seeding (Q9). Creating a link copies the primary (SQLite backup API) and keeps the secondary
// offline for size / rate (rate drawn from 50–500 GB/h); DDL and rows alike travel afterwards.
//
// Failover (2b.2, 2b.3, Q2, Q3), always requested on the secondary's server and modelled as a
// long-running operation during which both databases are offline (clients get 40613, open
// connections are reset):
// - planned: needs both servers reachable; lasts until the in-flight commits have arrived plus a
//   base duration (30 s); nothing is lost; fails if the link cannot drain (stall, outage).
// - forced (allow data loss): the commits still in flight are lost at once (ledger on_lost) and
//   the secondary is promoted after a drawn duration (triangular 10/30/60 s). The old primary is
//   demoted and, once reachable, re-seeded from the new primary.
// Roles swap on completion; at no time are both databases writable (check_invariants()).
//
// Failover groups (2b.4, 2b.5, api-facts §5.2): the group's links fail over together and its
// listeners move with the roles. A link in a group cannot fail over on its own (2b.6). Automatic
// policy: when the primary's *region* (not just one server) becomes unreachable, a forced failover
// is scheduled after the grace period (≥ 60 min) plus an optional extra delay (Microsoft's
// response "likely several hours", D10); it is cancelled if the region returns first.
//
// Owns its timers and cancels them on destruction. Not thread-safe: scheduler thread only.

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/distribution.h"
#include "core/random.h"
#include "core/result.h"
#include "core/scheduler.h"
#include "sql/database.h"
#include "sql/replication_ledger.h"
#include "sql/replication_link.h"
#include "sql/sql_service.h"

namespace drdrill::sql {

struct GeoReplicationOptions {
  // Q1: lag from acknowledgement on the primary to arrival on the secondary, seconds.
  Distribution lag_s = Distribution::lognormal(0.5, 5.0);
  // Q2: forced failover, request to promoted secondary, seconds.
  Distribution forced_failover_s = Distribution::triangular(10, 30, 60);
  // Q3: planned failover, seconds after the in-flight log has drained.
  Distribution planned_failover_base_s = Distribution::constant(30);
  // Q9: seeding throughput, GB per hour.
  Distribution seeding_gb_per_hour = Distribution::uniform(50, 500);
  // D10/Q5: Microsoft's delay beyond the grace period before an automatic failover, seconds.
  Distribution automatic_failover_extra_delay_s = Distribution::constant(0);
  // Q4: the TTL of failover group listener records (what a client's DNS cache may keep them for).
  Duration listener_ttl = kListenerTtl;
};

class GeoReplication {
 public:
  // Random streams used: "sql.replication.lag", "sql.replication.failover", "sql.replication.ids".
  GeoReplication(SqlService& service, Scheduler& scheduler, const Random& random,
                 GeoReplicationOptions options = {});
  GeoReplication(const GeoReplication&) = delete;
  GeoReplication& operator=(const GeoReplication&) = delete;
  ~GeoReplication();

  void set_ledger(ReplicationLedger* ledger) { ledger_ = ledger; }

  // --- links (active geo-replication) ---
  // Creates `database` on `secondary_server` as a readable secondary of the one on
  // `primary_server` and starts seeding it. Returns the link id.
  Result<std::string> create_link(std::string_view primary_server, std::string_view database,
                                  std::string_view secondary_server);
  std::vector<ReplicationLinkInfo> links() const;  // by id
  Result<ReplicationLinkInfo> link(std::string_view link_id) const;
  // The links of a database, whichever side it is on (ARM lists them per database).
  std::vector<ReplicationLinkInfo> links_of(std::string_view server, std::string_view database) const;

  // Failovers requested on the link's secondary. Return the operation id.
  Result<std::uint64_t> failover(std::string_view link_id);
  Result<std::uint64_t> force_failover(std::string_view link_id);

  // --- failover groups ---
  Status create_failover_group(const FailoverGroupSpec& spec);
  Result<FailoverGroupInfo> failover_group(std::string_view name) const;
  std::vector<FailoverGroupInfo> failover_groups() const;  // by name
  // Policy, grace period and read-only endpoint (PATCH).
  Status update_failover_group(std::string_view name, FailoverPolicy policy, Duration grace_period,
                               bool read_only_endpoint_enabled);
  Status delete_failover_group(std::string_view name);
  Result<std::uint64_t> failover_group_failover(std::string_view name);
  Result<std::uint64_t> failover_group_force_failover(std::string_view name);
  // Planned when the primary is reachable and the links can drain, forced otherwise.
  Result<std::uint64_t> failover_group_try_planned_before_forced(std::string_view name);

  Result<FailoverOperation> operation(std::uint64_t id) const;
  // Called when a failover operation ends (succeeded or failed), once its effects — roles,
  // listeners, re-seeding — are in place, so a listener that reads links or groups sees the
  // outcome. Automatic (Microsoft-managed) failovers are reported too. The ARM layer completes
  // its long-running operations here, at the time the model chose. A listener may query and
  // start failovers but must not register further listeners from inside its call.
  using OperationListener = std::function<void(const FailoverOperation&)>;
  void on_operation_finished(OperationListener listener);

  // --- drill hooks ---
  // A stalled link ships nothing until resumed (its backlog then ships at once).
  Status stall(std::string_view link_id);
  Status resume(std::string_view link_id);
  // Extra lag added to every commit acknowledged from now on (a spike); zero to end it.
  Status set_extra_lag(std::string_view link_id, Duration extra);
  // Commits lost by forced failovers so far, in loss order.
  const std::vector<CommitEvent>& lost_commits() const { return lost_; }
  // At most one writable database per link; every secondary read-only.
  Status check_invariants() const;

 private:
  struct InFlight {
    CommitEvent event;
    CommitRecord record;
    TimePoint arrives_at;
  };
  struct Link {
    std::string id;
    std::string database;
    std::string primary;
    std::string secondary;
    TimePoint start_time;
    bool seeding = false;
    std::string group;
    bool stalled = false;
    bool failover_in_progress = false;
    bool needs_reseed = false;
    std::string last_error;  // why the link last suspended itself (a diverged replica)
    Duration extra_lag{0};
    std::deque<InFlight> in_flight;
    TimePoint last_arrival;  // arrivals never go backwards: the log ships in order
    std::optional<TimePoint> last_replicated_ack;
    TimerId ship_timer = kNoTimer;
    TimePoint ship_timer_at;
    TimerId seed_timer = kNoTimer;
  };
  struct Group {
    FailoverGroupSpec spec;
    std::vector<std::string> link_ids;
    bool failover_in_progress = false;
    TimerId automatic_timer = kNoTimer;
    std::optional<TimePoint> automatic_at;
  };

  Link* find_link(std::string_view id);
  const Link* find_link(std::string_view id) const;
  Group* find_group(std::string_view name);
  Database* primary_db(const Link& link) const;
  Database* secondary_db(const Link& link) const;
  ReplicationLinkInfo info(const Link& link) const;
  FailoverGroupInfo info(const Group& group) const;
  std::string new_guid();
  Duration sample(const Distribution& d, RandomStream& rng) const;

  Status start_capture(Link& link);
  void on_commit(const std::string& link_id, CommitRecord record);
  bool can_ship(const Link& link) const;
  // Applies every commit that has arrived; schedules the next arrival.
  void ship_due(Link& link);
  void schedule_shipping(Link& link);
  void begin_seeding(Link& link);
  void on_reachability(const std::string& server);

  Result<std::uint64_t> begin_failover(std::vector<std::string> link_ids, FailoverKind kind, std::string group);
  void finish_failover(std::uint64_t operation_id);
  void fail_operation(FailoverOperation& op, const std::string& why);
  void notify_finished(const FailoverOperation& op);
  void arm_automatic_failover(Group& group);

  SqlService& service_;
  Scheduler& scheduler_;
  GeoReplicationOptions options_;
  RandomStream lag_rng_;
  RandomStream failover_rng_;
  RandomStream id_rng_;
  ReplicationLedger* ledger_ = nullptr;
  std::map<std::string, std::unique_ptr<Link>, std::less<>> links_;
  std::map<std::string, std::unique_ptr<Group>, std::less<>> groups_;
  std::map<std::uint64_t, FailoverOperation> operations_;
  std::map<std::uint64_t, TimerId> operation_timers_;
  std::uint64_t next_operation_id_ = 1;
  std::uint64_t next_commit_id_ = 1;
  std::vector<CommitEvent> lost_;
  std::vector<OperationListener> operation_listeners_;
  // Set in the destructor: reachability callbacks registered with the service become no-ops.
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace drdrill::sql
