#include "databricks/job_run.h"

namespace drdrill::databricks {
namespace {

// The newer status.state for a life cycle state.
std::string_view status_state(RunLifeCycleState state) {
  switch (state) {
    case RunLifeCycleState::kQueued: return "QUEUED";
    case RunLifeCycleState::kPending: return "PENDING";
    case RunLifeCycleState::kRunning: return "RUNNING";
    case RunLifeCycleState::kTerminating: return "TERMINATING";
    case RunLifeCycleState::kBlocked: return "BLOCKED";
    case RunLifeCycleState::kTerminated:
    case RunLifeCycleState::kSkipped:
    case RunLifeCycleState::kInternalError:
      return "TERMINATED";
  }
  return "PENDING";
}

std::int64_t ms_between(std::optional<TimePoint> from, std::optional<TimePoint> to) {
  return from.has_value() && to.has_value() ? millis(*to - *from) : 0;
}

}  // namespace

std::string_view to_string(RunLifeCycleState state) {
  switch (state) {
    case RunLifeCycleState::kQueued: return "QUEUED";
    case RunLifeCycleState::kPending: return "PENDING";
    case RunLifeCycleState::kRunning: return "RUNNING";
    case RunLifeCycleState::kTerminating: return "TERMINATING";
    case RunLifeCycleState::kTerminated: return "TERMINATED";
    case RunLifeCycleState::kSkipped: return "SKIPPED";
    case RunLifeCycleState::kInternalError: return "INTERNAL_ERROR";
    case RunLifeCycleState::kBlocked: return "BLOCKED";
  }
  return "PENDING";
}

std::string_view to_string(RunResultState state) {
  switch (state) {
    case RunResultState::kSuccess: return "SUCCESS";
    case RunResultState::kFailed: return "FAILED";
    case RunResultState::kTimedout: return "TIMEDOUT";
    case RunResultState::kCanceled: return "CANCELED";
    case RunResultState::kMaximumConcurrentRunsReached: return "MAXIMUM_CONCURRENT_RUNS_REACHED";
    case RunResultState::kExcluded: return "EXCLUDED";
    case RunResultState::kUpstreamFailed: return "UPSTREAM_FAILED";
    case RunResultState::kUpstreamCanceled: return "UPSTREAM_CANCELED";
  }
  return "FAILED";
}

bool is_terminal(RunLifeCycleState state) {
  return state == RunLifeCycleState::kTerminated || state == RunLifeCycleState::kSkipped ||
         state == RunLifeCycleState::kInternalError;
}

void RunState::write_json(Json& out) const {
  Json legacy = Json::object();
  legacy["life_cycle_state"] = std::string(to_string(life_cycle));
  if (result.has_value()) legacy["result_state"] = std::string(to_string(*result));
  legacy["state_message"] = message;
  legacy["user_cancelled_or_timedout"] = user_cancelled_or_timedout;
  if (queue_reason.has_value()) legacy["queue_reason"] = *queue_reason;
  out["state"] = std::move(legacy);

  Json status = Json::object();
  status["state"] = std::string(status_state(life_cycle));
  if (termination.has_value()) {
    status["termination_details"] = Json{{"code", termination->code}, {"type", termination->type}, {"message", message}};
  }
  if (queue_reason.has_value()) {
    status["queue_details"] = Json{{"code", "ACTIVE_RUNS_LIMIT_REACHED"}, {"message", *queue_reason}};
  }
  out["status"] = std::move(status);
}

Json TaskRun::to_json(std::string_view run_page_url) const {
  Json out = Json::object();
  out["task_key"] = task_key;
  out["run_id"] = run_id;
  out["attempt_number"] = 0;
  out["run_page_url"] = std::string(run_page_url);
  for (const char* field : {"notebook_task", "spark_python_task", "spark_jar_task", "sql_task", "existing_cluster_id",
                            "new_cluster", "job_cluster_key", "libraries", "timeout_seconds", "description"}) {
    const auto it = spec.find(field);
    if (it != spec.end()) out[field] = *it;
  }
  if (!depends_on.empty()) {
    Json deps = Json::array();
    for (const std::string& dep : depends_on) deps.push_back(Json{{"task_key", dep}});
    out["depends_on"] = std::move(deps);
  }
  state.write_json(out);
  out["start_time"] = start_time.has_value() ? epoch_ms(*start_time) : 0;
  out["end_time"] = end_time.has_value() ? epoch_ms(*end_time) : 0;
  out["setup_duration"] = ms_between(start_time, execution_start.has_value() ? execution_start : end_time);
  out["execution_duration"] = ms_between(execution_start, end_time);
  out["cleanup_duration"] = 0;
  if (!cluster_id.empty()) {
    Json instance = Json{{"cluster_id", cluster_id}};
    if (spark_context_id.has_value()) instance["spark_context_id"] = std::to_string(*spark_context_id);
    out["cluster_instance"] = std::move(instance);
  }
  return out;
}

TaskRun* Run::task(std::string_view key) {
  for (TaskRun& t : tasks) {
    if (t.task_key == key) return &t;
  }
  return nullptr;
}

std::string Run::run_page_url(std::string_view host, std::int64_t workspace_id) const {
  return "https://" + std::string(host) + "/?o=" + std::to_string(workspace_id) + "#job/" + std::to_string(job_id) +
         "/run/" + std::to_string(run_id);
}

Json Run::to_json(std::string_view host, std::int64_t workspace_id, bool with_tasks) const {
  Json out = Json::object();
  out["job_id"] = job_id;
  out["run_id"] = run_id;
  out["number_in_job"] = run_id;
  out["original_attempt_run_id"] = run_id;
  out["attempt_number"] = 0;
  out["creator_user_name"] = creator;
  out["run_name"] = run_name;
  out["run_type"] = "JOB_RUN";
  out["trigger"] = trigger;
  out["format"] = "MULTI_TASK";
  const std::string url = run_page_url(host, workspace_id);
  out["run_page_url"] = url;
  state.write_json(out);
  out["start_time"] = epoch_ms(start_time);
  out["end_time"] = end_time.has_value() ? epoch_ms(*end_time) : 0;
  // Multi-task runs report their durations per task; the run level carries run_duration.
  out["setup_duration"] = 0;
  out["execution_duration"] = 0;
  out["cleanup_duration"] = 0;
  out["run_duration"] = end_time.has_value() ? millis(*end_time - start_time) : 0;
  if (queued_until.has_value()) out["queue_duration"] = millis(*queued_until - start_time);
  if (!parameters.empty()) out["overriding_parameters"] = Json{{"notebook_params", parameters}};
  if (with_tasks) {
    Json list = Json::array();
    for (const TaskRun& t : tasks) list.push_back(t.to_json(url));
    out["tasks"] = std::move(list);
  }
  return out;
}

}  // namespace drdrill::databricks
