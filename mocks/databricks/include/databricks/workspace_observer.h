#pragma once
// WorkspaceObserver: how a drill watches a workspace without touching its REST API.
//
// - Invariant hooks: every run that is created (skipped ones included) and every run that is
//   admitted to run (goes PENDING and will use compute), so a checker can assert "held jobs never
//   run" in the passive workspace and "no job runs in both regions at once" (split brain).
// - Ledger hooks: every write a task's data session acknowledged, with its time and the run that
//   made it, for the RPO checker; and every run's end.
// - Cluster state changes, for RTO stage timing (cluster start on the critical path).
// Callbacks run synchronously on the scheduler's thread, after the workspace's own state changed;
// they must not call back into the workspace. Observers are not owned and must outlive the
// workspace or be removed first.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/time.h"
#include "databricks/cluster.h"
#include "databricks/data_plane.h"

namespace drdrill::databricks {

struct RunEvent {
  std::string workspace;
  std::string region;
  std::int64_t job_id = 0;
  std::int64_t run_id = 0;
  std::string trigger;           // ONE_TIME, PERIODIC
  std::string life_cycle_state;  // as runs/get would show it now
  std::optional<std::string> result_state;
  std::string state_message;
  TimePoint at;
};

struct TaskEvent {
  RunEvent run;
  std::string task_key;
  std::int64_t task_run_id = 0;
  std::string cluster_id;
};

struct WriteEvent {
  std::string workspace;
  std::string region;
  std::int64_t job_id = 0;
  std::int64_t run_id = 0;
  std::string task_key;
  AcknowledgedWrite write;
  // Set (and job_id/run_id 0) when a SQL statement made the write rather than a job task.
  std::string statement_id;
};

struct ClusterEvent {
  std::string workspace;
  std::string region;
  std::string cluster_id;
  ClusterState previous = ClusterState::kUnknown;
  ClusterState state = ClusterState::kUnknown;
  std::optional<TerminationReason> termination_reason;
  TimePoint at;
};

class WorkspaceObserver {
 public:
  virtual ~WorkspaceObserver() = default;
  virtual void on_run_created(const RunEvent&) {}
  virtual void on_run_started(const RunEvent&) {}
  virtual void on_task_started(const TaskEvent&) {}
  virtual void on_write_acknowledged(const WriteEvent&) {}
  virtual void on_run_finished(const RunEvent&) {}
  virtual void on_cluster_state(const ClusterEvent&) {}
};

// The observers of one workspace, notified in the order they were added.
class WorkspaceObservers {
 public:
  void add(WorkspaceObserver* observer);
  void remove(WorkspaceObserver* observer);

  void run_created(const RunEvent& e) const;
  void run_started(const RunEvent& e) const;
  void task_started(const TaskEvent& e) const;
  void write_acknowledged(const WriteEvent& e) const;
  void run_finished(const RunEvent& e) const;
  void cluster_state(const ClusterEvent& e) const;

 private:
  std::vector<WorkspaceObserver*> observers_;
};

}  // namespace drdrill::databricks
