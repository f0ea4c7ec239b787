#pragma once
// ReferenceRunbookRunner: drdrill's built-in failover logic — the seed walkthrough's steps as one
// coroutine in simulated time, talking to the fakes the way a real tool would: Azure Resource
// Manager requests to the gateway (Microsoft.Storage and Microsoft.Sql failovers, polled as
// @azure/core-lro polls them), Databricks REST requests with a PAT to the workspaces, and queries
// through a cluster's data session. Every step is recorded with its start and end.
//
// Steps, in order (each can be switched off or tuned by the scenario):
//  1. detect     Traffic Manager-style health probes of the source region every probe_interval
//                (the source workspace's API, the storage accounts' primary endpoints, the
//                metastore's SQL server), each with the probe timeout; an outage is declared on the
//                failure_threshold-th consecutive failing round. Off: start at start_at, or at the
//                outage's start.
//  2. decide     a human's delay, drawn from decide.delay ("runbook.decide" stream).
//  3. storage_failover  POST .../storageAccounts/<a>/failover (unplanned) or ?failoverType=Planned
//                for the accounts listed (default: every geo-redundant one), then poll each LRO.
//     After an unplanned storage failover, repair_delta: the Delta tables' logs as the failover
//     left them, listed and read through the Blob API with the account key; each log is cut back
//     to its last complete version (contiguous from 0, every data file present) by deleting the
//     versions after it — a log with a hole or naming a missing file cannot be read or written, and
//     what those versions committed is lost (the ledger then counts it so). Storage that does not
//     answer yet (DNS still converging) is retried every 30 s for up to 30 min.
//  4. sql_failover      per failover group (failover, forceFailoverAllowDataLoss,
//                tryPlannedBeforeForcedFailover) or per replication link (failover,
//                forceFailoverAllowDataLoss; planned_then_forced: planned, forced if that fails),
//                requested on the server to be promoted, skipped when it already is primary; then,
//                for groups, a wait of the listener TTL so clients' caches expire.
//  5. repoint    the target workspace's clusters: the metastore JDBC URL to the server that is now
//                primary (nothing when it names a failover group listener; or the URL the scenario
//                gives) with clusters/edit, and the mounts from `<account>-secondary` to `<account>`
//                with drdrill/mounts/update (not when storage stays on the secondary: mode none).
//  6. start_clusters  clusters/start (or restart, for a running cluster whose mounts changed) and
//                wait for RUNNING, starting again after a failed start, until the timeout.
//  7. release_jobs    jobs/update max_concurrent_runs 0 -> N and the schedule unpaused in the
//                target workspace; and, in the background until the source's control plane
//                answers, its jobs held (max_concurrent_runs 0, paused).
//  8. validate   the statement (default: count every table) through the active workspace's cluster
//                (the target once its jobs are released), retried every retry_interval until it
//                succeeds or the timeout; a failure is the finding validation_failed (the probes,
//                not the runbook's own check, decide whether service was restored).
//  9. failback (when enabled, after validate): the original region watched until it is healthy
//                again (failback.detect_return), wait_after_recovery (failback.wait), then from the
//                failback's start: the target's jobs held (failback.hold_jobs), geo-redundancy
//                re-enabled and the re-seed waited for (failback.reseed), a planned storage failover
//                back (failback.storage_failover), SQL back once the original primaries have caught
//                up (failback.sql_failover), the original workspace re-pointed and started
//                (failback.repoint, failback.start_clusters), its jobs released as declared
//                (failback.release_jobs), the target re-held as CI/CD left it
//                (failback.rehold_target), and validation (failback.validate).
// from_workspace == to_workspace is a failover that keeps its workspace (a SQL-only outage): its
// own clusters are re-pointed (an edit restarts a running cluster), nothing is released or held.
// Retries: Databricks REST calls of the acting steps are retried on 429/503 as the Databricks SDKs
// do (sdk()); repair_delta's storage requests on 503/500 as the ABFS driver does. Detection's
// health rounds are not retried: a failure is what they measure.
// The deliberate bugs change what the steps do, not a flag in a report:
//  - promote_sql_before_storage: SQL fails over first, and the storage failover is started but
//    never waited for (its state ignored) before re-pointing and releasing;
//  - never_repoint_jdbc: the JDBC URL is left as it was;
//  - release_jobs_while_primary_runs: the source workspace's jobs are never held;
//  - write_through_secondary_endpoint: the mounts are pointed at `<account>-secondary`.

#include <optional>
#include <string>
#include <vector>

#include "core/random.h"
#include "core/task.h"
#include "core/task_group.h"
#include "sim/call.h"
#include "sim/drill_result.h"
#include "sim/drill_state.h"
#include "sim/lro.h"
#include "sim/runbook.h"
#include "sim/timeline.h"
#include "sim/world.h"

namespace drdrill::sim {

class ReferenceRunbookRunner {
 public:
  ReferenceRunbookRunner(World& world, DrillState& state, Timeline& timeline, ReferenceRunbook runbook);
  ReferenceRunbookRunner(const ReferenceRunbookRunner&) = delete;
  ReferenceRunbookRunner& operator=(const ReferenceRunbookRunner&) = delete;

  // The whole runbook. Spawn it at the epoch; it outlives nothing it references.
  Task<void> run();
  // Holding a workspace's jobs (max_concurrent_runs 0, schedules paused, active runs cancelled),
  // retried until its control plane answers; recorded as the step `step_name`. Spawned by run()
  // for the source workspace ("hold_source_jobs").
  Task<void> hold_jobs(std::string workspace, std::string step_name);

  const std::vector<StepRecord>& steps() const { return steps_; }
  bool finished() const { return finished_; }
  // When the runbook started acting (after detection and decision), if it did.
  std::optional<TimePoint> started_at() const { return started_at_; }

 private:
  std::size_t begin_step(std::string name);
  void end_step(std::size_t index, bool ok, std::string detail);

  Task<bool> detect();
  Task<bool> health_round();
  Task<void> storage_failover(bool wait);
  Task<void> repair_delta();
  // One table's repair; the reason it could not be done now, if so ("" when done or nothing to do).
  Task<std::string> repair_table(const Table& table, std::string& detail);
  Task<void> sql_failover();
  Task<LroOutcome> request_sql_failover(std::string resource, std::string action, std::string database,
                                        std::string server);
  // Re-points `workspace`'s clusters (JDBC URL to the primary now, mounts to the account names);
  // the deliberate bugs apply to the failover only.
  Task<void> repoint(std::string workspace, std::string step_name, bool failing_back);
  Task<void> start_clusters(std::string workspace, std::vector<std::string> names, std::string step_name);
  Task<void> release_jobs();
  Task<std::optional<Json>> list_jobs(std::string workspace, std::size_t step);
  // One jobs/update of a listed job's settings; what the release steps of failover and failback send.
  struct JobSettingsUpdate {
    std::string name;
    Json job_id;
    Json new_settings;
    bool lifts_hold = false;  // the job is no longer held once the update lands
  };
  struct JobUpdatesOutcome {
    bool ok = true;
    std::string detail;  // "name released; name: <error>"
  };
  Task<JobUpdatesOutcome> apply_job_updates(std::string workspace, std::vector<JobSettingsUpdate> updates);
  Task<void> validate(std::string step_name);

  // Failing back (see the file comment).
  Task<void> failback();
  Task<bool> original_region_healthy();
  Task<void> fail_storage_back();
  Task<void> fail_sql_back();
  Task<void> release_original_jobs();
  Task<void> rehold_target();

  Task<CallOutcome> rest(const std::string& workspace, http::Method method, std::string target, const Json* body,
                         Duration timeout);
  // A Databricks REST call as the SDKs make it: 429 and 503 answers retried (see sdk() in the .cpp).
  Task<CallOutcome> sdk(const std::string& workspace, http::Method method, std::string target, const Json* body);
  Task<CallOutcome> arm(http::Method method, std::string target, const Json* body);
  std::vector<std::string> storage_accounts() const;
  // The server that holds the primary of `database` now, asked through ARM from `viewpoint`.
  Task<std::optional<std::string>> current_primary(std::string database, std::string viewpoint);

  World& world_;
  DrillState& state_;
  Timeline& timeline_;
  ReferenceRunbook runbook_;
  std::string from_;
  std::string to_;
  RandomStream decide_rng_;
  http::Handler arm_;
  std::vector<StepRecord> steps_;
  std::vector<std::string> mounts_changed_;  // clusters to restart because their mounts moved
  bool finished_ = false;
  bool source_hold_started_ = false;
  bool source_held_ = false;  // the background hold of the source workspace's jobs is done
  std::optional<TimePoint> started_at_;
  // Background work (holding the source's jobs); declared last, so destroyed first.
  TaskGroup background_;
};

}  // namespace drdrill::sim
