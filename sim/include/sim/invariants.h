#pragma once
// InvariantChecker: the invariants of a drill, checked on every event (DESIGN.md):
// - no_secondary_writes: a read-only secondary never accepts a write. Every Blob write a client sent
//   to a `-secondary` endpoint and saw succeed (StorageFront), as it happens.
// - single_writable_primary: at most one writable database per replication link or failover group
//   (sql::GeoReplication::check_invariants), after every event.
// - held_jobs_never_run: no run of a job the drill's books say is held (DrillState::held_jobs) is
//   admitted, as the workspace reports it.
// - no_split_brain: no job does work in both regions at once: a job's task starts executing in one
//   region while a run of the same job is executing in the other (a run merely admitted and waiting
//   for its cluster has done nothing yet, and a runbook can still cancel it); each such overlap is
//   also counted as duplicate work.
// - every acknowledged write is accounted for: a Blob write a geo-redundant account acknowledged
//   must be in its replication ledger (StorageFront), and the SQL ledger's books must balance
//   (DrillLedger::problems), after every event.
// Each can be switched off by the scenario's assertions (the last one is always on). Violations are
// kept (the first few of each kind) with their time and detail, and recorded in the timeline.
//
// The checker is also where the drill watches the workspaces (cluster states for the timeline,
// run counts). Install it after the warm-up; it must outlive the world's events or be uninstalled.

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "databricks/workspace_observer.h"
#include "sim/drill_result.h"
#include "sim/drill_state.h"
#include "sim/timeline.h"
#include "sim/world.h"

namespace drdrill::sim {

// The invariant names in reports and their findings.
inline constexpr std::string_view kNoSecondaryWrites = "no_secondary_writes";
inline constexpr std::string_view kSingleWritablePrimary = "single_writable_primary";
inline constexpr std::string_view kHeldJobsNeverRun = "held_jobs_never_run";
inline constexpr std::string_view kNoSplitBrain = "no_split_brain";
inline constexpr std::string_view kWritesAccounted = "writes_accounted";

class InvariantChecker final : public databricks::WorkspaceObserver {
 public:
  InvariantChecker(World& world, DrillState& state, Timeline& timeline);
  ~InvariantChecker() override;
  InvariantChecker(const InvariantChecker&) = delete;
  InvariantChecker& operator=(const InvariantChecker&) = delete;

  // Starts watching: workspace observers, the storage front, and a check before every event
  // (that is, after the one before it).
  void install();
  void uninstall();

  // The checks that run between events; also call once after the last event.
  void check_now();

  // Violations by invariant name (every one counted; the first few kept).
  const std::map<std::string, std::int64_t>& violation_counts() const { return counts_; }
  const std::vector<Violation>& violations() const { return violations_; }
  std::int64_t duplicate_runs() const { return duplicate_runs_; }

  // --- WorkspaceObserver ---
  void on_run_started(const databricks::RunEvent& e) override;
  void on_task_started(const databricks::TaskEvent& e) override;
  void on_run_finished(const databricks::RunEvent& e) override;
  void on_cluster_state(const databricks::ClusterEvent& e) override;

 private:
  void violate(std::string_view invariant, std::string detail);
  bool enabled(std::string_view invariant) const;
  std::string job_name(const std::string& workspace, std::int64_t job_id) const;

  World& world_;
  DrillState& state_;
  Timeline& timeline_;
  bool installed_ = false;
  std::map<std::string, std::int64_t> counts_;
  std::vector<Violation> violations_;
  std::int64_t duplicate_runs_ = 0;
  // Runs executing (a task started, the run not finished) per job name: run id -> region.
  std::map<std::string, std::map<std::int64_t, std::string>> active_runs_;
  // What the per-event checks have already reported.
  std::size_t ledger_problems_seen_ = 0;
  std::size_t unaccounted_seen_ = 0;
  bool sql_violated_ = false;
};

}  // namespace drdrill::sim
