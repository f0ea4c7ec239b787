#pragma once
// JobService: a workspace's jobs and their runs (Jobs API 2.1/2.2), driven by the Scheduler.
//
// A run is triggered by run-now or by its schedule firing, then:
// - max_concurrent_runs (absent = 1) is checked against the job's active runs. At the limit the run
//   is still created (run-now answers 200 with its run_id) but ends at once: SKIPPED with result
//   MAXIMUM_CONCURRENT_RUNS_REACHED, "Skipping this run because the limit of N maximum concurrent
//   runs has been reached.", status TERMINATED / MAX_CONCURRENT_RUNS_EXCEEDED / CLIENT_ERROR; with
//   queue.enabled and a limit above 0 it waits QUEUED instead. So a passive workspace's job held at
//   max_concurrent_runs 0 never runs, and releasing it is a jobs/update away.
// - An admitted run is PENDING; each task whose upstream tasks succeeded asks for its compute: an
//   existing cluster (started if TERMINATED, waited for if starting; a missing one fails the task
//   "Cluster <id> does not exist"), the run's job cluster, or its own new cluster (both created as
//   JOB clusters and terminated when done). When the cluster is RUNNING and the notebook exists the
//   task's work runs (task_work.h) and the run is RUNNING. A cluster that fails to start, or is lost
//   or restarted under a running task, fails the task (INTERNAL_ERROR, CLUSTER_ERROR). Downstream
//   tasks of a failed task end UPSTREAM_FAILED. When every task has ended the run is TERMINATED
//   (SUCCESS or FAILED) or INTERNAL_ERROR, and a queued run may start.
// - Schedules (Quartz cron subset, UTC; quartz_cron.h) fire while UNPAUSED and while schedules are
//   enabled (the control plane is up); a firing missed during an outage is not caught up, as the
//   real scheduler does not backfill.
//
// Reactions to cluster state changes run in a separate scheduler event at the same instant, so the
// cluster service and the job service never call into each other re-entrantly.
// Not thread-safe. Destroying the service destroys running works and cancels its events.

#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/distribution.h"
#include "core/random.h"
#include "core/scheduler.h"
#include "core/task.h"
#include "databricks/api_error.h"
#include "databricks/cluster_service.h"
#include "databricks/job_run.h"
#include "databricks/job_settings.h"
#include "databricks/owned_timers.h"
#include "databricks/task_work.h"
#include "databricks/workspace_config.h"
#include "databricks/workspace_observer.h"
#include "databricks/workspace_tree.h"

namespace drdrill::databricks {

struct JobTimings {
  // How long a task's code runs once its cluster is up, seconds. An assumption (no reference
  // figure): a small notebook, median 1 min, p99 10 min. Works may ignore it and model their own.
  Distribution execution_s = Distribution::lognormal(60.0, 600.0);
};

struct Job {
  std::int64_t job_id = 0;
  std::string creator;
  TimePoint created_time;
  Json settings;  // with_job_defaults applied
  TimerId schedule_timer = kNoTimer;

  // jobs/get's Job object; `with_tasks` false leaves tasks and job_clusters out (jobs/list).
  Json to_json(bool with_tasks) const;
};

struct RunNowRequest {
  // notebook_params and job_parameters, overlaid on each notebook task's base_parameters.
  std::map<std::string, std::string> parameters;
  std::optional<bool> queue_enabled;  // run-now's queue.enabled, overriding the job's
  std::optional<std::string> idempotency_token;
};

struct RunsFilter {
  std::optional<std::int64_t> job_id;
  bool active_only = false;
  bool completed_only = false;
  std::optional<TimePoint> start_time_from;  // inclusive
  std::optional<TimePoint> start_time_to;    // inclusive
};

class JobService {
 public:
  JobService(Scheduler& scheduler, const Random& random, const WorkspaceConfig& config, ClusterService& clusters,
             const WorkspaceTree& tree, const TaskWorkRegistry& works, const WorkspaceObservers& observers);
  ~JobService();
  JobService(const JobService&) = delete;
  JobService& operator=(const JobService&) = delete;

  void set_timings(JobTimings timings) { timings_ = std::move(timings); }
  // False while the control plane is down: schedules do not fire.
  void set_schedules_enabled(bool enabled) { schedules_enabled_ = enabled; }

  ApiResult<std::int64_t> create(const Json& settings, std::string_view creator);
  ApiResult<const Job*> get(std::int64_t job_id) const;
  // Ordered by job id.
  std::vector<const Job*> list() const;
  ApiStatus reset(std::int64_t job_id, const Json& new_settings);
  ApiStatus update(std::int64_t job_id, const Json& new_settings, const std::vector<std::string>& fields_to_remove);
  // Deletes the job, cancelling its active and queued runs (which stay readable).
  ApiStatus remove(std::int64_t job_id);

  ApiResult<std::int64_t> run_now(std::int64_t job_id, std::string_view user, const RunNowRequest& request = {});
  ApiResult<const Run*> get_run(std::int64_t run_id) const;
  // Newest first.
  std::vector<const Run*> list_runs(const RunsFilter& filter) const;
  ApiStatus cancel_run(std::int64_t run_id);

  // Wired to the cluster service's listener by the Workspace.
  void on_cluster_state(const Cluster& cluster);

 private:
  Job* find_job(std::int64_t job_id);
  Run* find_run(std::int64_t run_id);
  std::int64_t trigger(Job& job, std::string trigger, std::string_view user, const RunNowRequest& request);
  std::size_t active_runs_of(std::int64_t job_id) const;
  void admit(Run& run);
  void skip(Run& run, std::int64_t limit);
  // Starts every task whose upstream tasks ended; ends the run when all tasks have.
  void progress(std::int64_t run_id);
  void acquire_compute(Run& run, TaskRun& task);
  void begin_execution(Run& run, TaskRun& task);
  Task<void> drive(std::shared_ptr<TaskWork> work, TaskContext context, std::int64_t run_id, std::string task_key);
  void finish_task(std::int64_t run_id, const std::string& task_key, TaskOutcome outcome);
  void end_task(TaskRun& task, RunLifeCycleState life_cycle, RunResultState result, std::string message,
                RunTermination termination);
  void finish_run(Run& run);
  void start_queued(std::int64_t job_id);
  void reconcile_clusters();
  void reconcile_cluster(const std::string& cluster_id);
  void reschedule(Job& job);
  void fire_schedule(std::int64_t job_id);
  void retire(std::unique_ptr<TaskGroup> execution);
  RunEvent event_of(const Run& run) const;

  Scheduler& scheduler_;
  const WorkspaceConfig& config_;
  ClusterService& clusters_;
  const WorkspaceTree& tree_;
  const TaskWorkRegistry& works_;
  const WorkspaceObservers& observers_;
  RandomStream execution_rng_;
  JobTimings timings_;
  bool schedules_enabled_ = true;
  std::int64_t next_job_id_;
  std::int64_t next_run_id_;

  std::map<std::int64_t, Job> jobs_;
  std::map<std::int64_t, Run> runs_;
  std::set<std::int64_t> active_;                              // PENDING, RUNNING, TERMINATING runs
  std::map<std::int64_t, std::deque<std::int64_t>> queued_;    // job -> QUEUED runs, oldest first
  std::map<std::string, std::int64_t> idempotency_tokens_;     // token -> run id
  std::set<std::string> clusters_to_reconcile_;
  TimerId reconcile_timer_ = kNoTimer;
  // Task executions that ended, destroyed in a later event (never from inside their own coroutine).
  std::vector<std::unique_ptr<TaskGroup>> retired_;
  TimerId retire_timer_ = kNoTimer;
  // Declared last so it is destroyed first: no event of ours can run once destruction begins.
  OwnedTimers timers_;
};

}  // namespace drdrill::databricks
