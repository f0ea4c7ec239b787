#pragma once
// FaultInjector: the scenario's faults on its timeline, each turned into the service models' own
// hooks at its start and undone at its end (faults whose end is "never" last to the run's end).
//
// | fault                      | start                                                  | end            |
// |----------------------------|--------------------------------------------------------|----------------|
// | region_outage              | storage region down (mode) and its accounts' replica-  | all back       |
// |                            | tion stalled, SQL servers of the region                |                |
// |                            | unreachable (hang: timed out; refuse/unavailable:      |                |
// |                            | refused), workspaces there down and their compute lost |                |
// | storage_outage             | the account's primary endpoint down (StorageFront),    | back           |
// |                            | its replication stalled                                |                |
// | sql_server_outage          | the server unreachable (hang/refuse) or answering      | back           |
// |                            | 40613 to every call (unavailable)                      |                |
// | workspace_outage           | the control plane down (schedules stop)                | back           |
// | partition                  | every geo account's replication stalled; every SQL link| resumed        |
// | storage_lag_spike / _stall | GeoReplication lag spike / stall window                | (a window)     |
// | sql_lag_spike / _stall     | extra lag / stall on the database's links              | cleared        |
// | storage_error_storm        | an ErrorInjector rule for the window                   | (a window)     |
// | sql_error_storm            | SqlService fault rules (rate 1 only)                   | removed        |
// | databricks_error_storm     | ApiFaults rules for the window                         | (a window)     |
// | slow_storage_failover      | the accounts' failover durations replaced              | restored       |
// | cluster_capacity_shortage  | CapacityFault for the window; start delays scaled      | scale restored |
// | missing_login              | the login removed from the server                      | added back     |
// | dns_cache_beyond_ttl       | storage clients keep stale answers at least cache_for  | cleared        |
// | cicd_sync_lag              | the objects withdrawn (or never deployed, from 0s)     | deployed       |
//
// Every start and end is recorded in the timeline. Single-threaded; the world and timeline must
// outlive it.

#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "sim/scenario.h"
#include "sim/timeline.h"
#include "sim/world.h"

namespace drdrill::sim {

class FaultInjector {
 public:
  FaultInjector(World& world, Timeline& timeline);
  FaultInjector(const FaultInjector&) = delete;
  FaultInjector& operator=(const FaultInjector&) = delete;

  // Registers window faults with the models and schedules every start and end. Call once, at the
  // epoch. `run_end` stands in for "never" where a model needs a finite window.
  Status arm(TimePoint run_end);

  // Errors from faults applied in events (the first one), surfaced as an internal error.
  const Status& status() const { return status_; }

  // Run time (drdrill serve's control API). add(): a fault validated as a scenario's, its window
  // relative to the epoch (a start already past starts it now); returns its index, after the
  // scenario's own. remove(): cancels a fault that has not started, or ends a started one now.
  // FailedPrecondition for a fault whose window the models hold from the start (lag spikes,
  // stalls, partitions, error storms, capacity shortages; region and storage outages once started,
  // which stall replication to their window's end) or that has ended; NotFound for an unknown or
  // removed index.
  std::size_t add(const Fault& fault);
  Status remove(std::size_t index);
  struct FaultState {
    std::size_t index = 0;
    const Fault* fault = nullptr;
    bool started = false;
    bool ended = false;
    bool removed = false;
  };
  std::vector<FaultState> list() const;

 private:
  struct Injected {
    Fault fault;
    TimerId start_timer = 0;
    TimerId end_timer = 0;
    bool started = false;
    bool ended = false;
    bool removed = false;
  };
  // Registers a fault's model windows and schedules its start and end; returns its index.
  std::size_t schedule(const Fault& fault);
  static bool is_model_window(const Fault& fault);
  void start(std::size_t index);
  void end(std::size_t index);
  void note(const Status& s);
  void stall_replication(storage::Account& account, const Fault& fault);
  std::vector<std::string> link_ids_of(const std::string& database) const;

  World& world_;
  Timeline& timeline_;
  Status status_;
  TimePoint run_end_{};
  // Every fault, the scenario's first; indices are stable (events refer to them).
  std::deque<Injected> faults_;
  // What a fault started and its end must undo.
  std::deque<std::vector<std::uint64_t>> sql_fault_ids_;
};

// The outage's start as the checker measures RTO and RPO from it: the first fault that takes a
// service down (region, storage, SQL server or workspace outage), else the reference runbook's
// start_at when given, else the first fault; nullopt when there is none of these.
std::optional<Duration> outage_start(const Scenario& scenario);

}  // namespace drdrill::sim
