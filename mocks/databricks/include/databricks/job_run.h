#pragma once
// Run: one run of a job, with its task runs, as runs/get and runs/list show it.

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/task_group.h"
#include "databricks/api_json.h"

namespace drdrill::databricks {

enum class RunLifeCycleState { kQueued, kPending, kRunning, kTerminating, kTerminated, kSkipped, kInternalError, kBlocked };
enum class RunResultState {
  kSuccess,
  kFailed,
  kTimedout,
  kCanceled,
  kMaximumConcurrentRunsReached,
  kExcluded,
  kUpstreamFailed,
  kUpstreamCanceled,
};

std::string_view to_string(RunLifeCycleState state);  // "PENDING", ...
std::string_view to_string(RunResultState state);     // "SUCCESS", ...
// TERMINATED, SKIPPED and INTERNAL_ERROR end a run (the SDK waiters' terminal states).
bool is_terminal(RunLifeCycleState state);

// status.termination_details (the newer "status" object of a run).
struct RunTermination {
  std::string code;  // SUCCESS, RUN_EXECUTION_ERROR, USER_CANCELED, MAX_CONCURRENT_RUNS_EXCEEDED, ...
  std::string type;  // SUCCESS, CLIENT_ERROR, INTERNAL_ERROR, CLOUD_FAILURE
};

// The state a run or task run is in, shared by both levels.
struct RunState {
  RunLifeCycleState life_cycle = RunLifeCycleState::kPending;
  std::optional<RunResultState> result;
  std::string message;
  bool user_cancelled_or_timedout = false;
  std::optional<RunTermination> termination;  // once terminal
  std::optional<std::string> queue_reason;    // while queued

  // {"state": {...}, "status": {...}} members, added to `out`.
  void write_json(Json& out) const;
};

struct TaskRun {
  std::string task_key;
  std::int64_t run_id = 0;
  Json spec;  // the task's settings when the run was triggered
  std::vector<std::string> depends_on;
  RunState state{RunLifeCycleState::kBlocked, {}, "", false, {}, {}};
  std::optional<TimePoint> start_time;       // when the task asked for its cluster
  std::optional<TimePoint> execution_start;  // when its code started
  std::optional<TimePoint> end_time;
  std::string cluster_id;
  std::optional<std::int64_t> spark_context_id;
  bool owns_cluster = false;  // new_cluster: terminated when the task ends
  // The running work; destroyed (deferred) when the task ends or is cancelled.
  std::unique_ptr<TaskGroup> execution;

  Json to_json(std::string_view run_page_url) const;
};

struct Run {
  std::int64_t job_id = 0;
  std::int64_t run_id = 0;
  std::string creator;
  std::string run_name;
  std::string trigger = "ONE_TIME";  // PERIODIC for schedule firings
  RunState state;
  TimePoint start_time;  // when the run was triggered (the API's meaning)
  std::optional<TimePoint> queued_until;
  std::optional<TimePoint> end_time;
  Json settings;  // the job's settings when triggered (job_clusters are read from here)
  std::map<std::string, std::string> parameters;  // run-now notebook_params and job_parameters
  std::vector<TaskRun> tasks;
  std::map<std::string, std::string> job_cluster_ids;  // job_cluster_key -> cluster id, per run

  TaskRun* task(std::string_view key);
  // runs/get's Run object; `with_tasks` false leaves tasks out (runs/list without expand_tasks).
  Json to_json(std::string_view host, std::int64_t workspace_id, bool with_tasks) const;
  std::string run_page_url(std::string_view host, std::int64_t workspace_id) const;
};

}  // namespace drdrill::databricks
