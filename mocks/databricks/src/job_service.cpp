#include "databricks/job_service.h"

#include <algorithm>
#include <cassert>
#include <utility>

#include "databricks/request_fields.h"

namespace drdrill::databricks {
namespace {

const RunTermination kSuccess{"SUCCESS", "SUCCESS"};

ApiError job_missing(std::int64_t job_id) {
  return ApiError::InvalidParameterValue("Job " + std::to_string(job_id) + " does not exist.");
}

ApiError run_missing(std::int64_t run_id) {
  return ApiError::InvalidParameterValue("Run " + std::to_string(run_id) + " does not exist.");
}

TerminationReason job_finished() { return {"JOB_FINISHED", "SUCCESS", {}}; }

// The task's base_parameters, overlaid with the run's parameters.
std::map<std::string, std::string> task_parameters(const Json& task, const std::map<std::string, std::string>& run) {
  std::map<std::string, std::string> parameters;
  const auto notebook = task.find("notebook_task");
  if (notebook != task.end() && notebook->is_object()) {
    const auto base = notebook->find("base_parameters");
    if (base != notebook->end() && base->is_object()) {
      for (const auto& [key, value] : base->items()) {
        if (value.is_string()) parameters[key] = value.get<std::string>();
      }
    }
  }
  for (const auto& [key, value] : run) parameters[key] = value;
  return parameters;
}

std::string notebook_path_of(const Json& task) {
  const auto notebook = task.find("notebook_task");
  return notebook != task.end() && notebook->is_object() ? string_or(*notebook, "notebook_path", "") : std::string();
}

}  // namespace

Json Job::to_json(bool with_tasks) const {
  Json out = Json::object();
  out["job_id"] = job_id;
  out["creator_user_name"] = creator;
  out["run_as_user_name"] = creator;
  out["created_time"] = epoch_ms(created_time);
  Json shown = settings;
  if (!with_tasks) {
    shown.erase("tasks");
    shown.erase("job_clusters");
  }
  out["settings"] = std::move(shown);
  return out;
}

JobService::JobService(Scheduler& scheduler, const Random& random, const WorkspaceConfig& config,
                       ClusterService& clusters, const WorkspaceTree& tree, const TaskWorkRegistry& works,
                       const WorkspaceObservers& observers)
    : scheduler_(scheduler),
      config_(config),
      clusters_(clusters),
      tree_(tree),
      works_(works),
      observers_(observers),
      execution_rng_(random.stream("databricks." + config.name + ".jobs.execution")),
      next_job_id_(config.first_object_id),
      next_run_id_(config.first_object_id),
      timers_(scheduler) {}

JobService::~JobService() = default;

Job* JobService::find_job(std::int64_t job_id) {
  const auto it = jobs_.find(job_id);
  return it == jobs_.end() ? nullptr : &it->second;
}

Run* JobService::find_run(std::int64_t run_id) {
  const auto it = runs_.find(run_id);
  return it == runs_.end() ? nullptr : &it->second;
}

// --- jobs ------------------------------------------------------------------------------------------

ApiResult<std::int64_t> JobService::create(const Json& settings, std::string_view creator) {
  DRDRILL_API_RETURN_IF_ERROR(validate_job_settings(settings));
  Job job;
  job.job_id = next_job_id_++;
  job.creator = std::string(creator);
  job.created_time = scheduler_.now();
  job.settings = with_job_defaults(settings);
  Job& stored = jobs_.emplace(job.job_id, std::move(job)).first->second;
  reschedule(stored);
  return stored.job_id;
}

ApiResult<const Job*> JobService::get(std::int64_t job_id) const {
  const auto it = jobs_.find(job_id);
  if (it == jobs_.end()) return job_missing(job_id);
  return &it->second;
}

std::vector<const Job*> JobService::list() const {
  std::vector<const Job*> out;
  out.reserve(jobs_.size());
  for (const auto& [id, job] : jobs_) out.push_back(&job);
  return out;
}

ApiStatus JobService::reset(std::int64_t job_id, const Json& new_settings) {
  Job* job = find_job(job_id);
  if (job == nullptr) return job_missing(job_id);
  DRDRILL_API_RETURN_IF_ERROR(validate_job_settings(new_settings));
  job->settings = with_job_defaults(new_settings);
  reschedule(*job);
  start_queued(job_id);  // a raised limit admits queued runs
  return {};
}

ApiStatus JobService::update(std::int64_t job_id, const Json& new_settings,
                             const std::vector<std::string>& fields_to_remove) {
  Job* job = find_job(job_id);
  if (job == nullptr) return job_missing(job_id);
  Json merged = remove_job_fields(merge_job_settings(job->settings, new_settings), fields_to_remove);
  DRDRILL_API_RETURN_IF_ERROR(validate_job_settings(merged));
  // Lowering max_concurrent_runs never stops active runs; it only affects new ones.
  job->settings = with_job_defaults(std::move(merged));
  reschedule(*job);
  start_queued(job_id);
  return {};
}

ApiStatus JobService::remove(std::int64_t job_id) {
  Job* job = find_job(job_id);
  if (job == nullptr) return job_missing(job_id);
  timers_.cancel(job->schedule_timer);
  jobs_.erase(job_id);
  std::vector<std::int64_t> doomed;
  for (const std::int64_t run_id : active_) {
    if (runs_.at(run_id).job_id == job_id) doomed.push_back(run_id);
  }
  if (const auto queued = queued_.find(job_id); queued != queued_.end()) {
    doomed.insert(doomed.end(), queued->second.begin(), queued->second.end());
  }
  for (const std::int64_t run_id : doomed) (void)cancel_run(run_id);
  return {};
}

// --- runs ------------------------------------------------------------------------------------------

ApiResult<std::int64_t> JobService::run_now(std::int64_t job_id, std::string_view user, const RunNowRequest& request) {
  Job* job = find_job(job_id);
  if (job == nullptr) return job_missing(job_id);
  if (request.idempotency_token.has_value()) {
    const auto seen = idempotency_tokens_.find(*request.idempotency_token);
    if (seen != idempotency_tokens_.end()) return seen->second;
  }
  const std::int64_t run_id = trigger(*job, "ONE_TIME", user, request);
  if (request.idempotency_token.has_value()) idempotency_tokens_.emplace(*request.idempotency_token, run_id);
  return run_id;
}

ApiResult<const Run*> JobService::get_run(std::int64_t run_id) const {
  const auto it = runs_.find(run_id);
  if (it == runs_.end()) return run_missing(run_id);
  return &it->second;
}

std::vector<const Run*> JobService::list_runs(const RunsFilter& filter) const {
  std::vector<const Run*> out;
  // Run ids grow with trigger time, so reverse id order is newest first.
  for (auto it = runs_.rbegin(); it != runs_.rend(); ++it) {
    const Run& run = it->second;
    if (filter.job_id.has_value() && run.job_id != *filter.job_id) continue;
    const bool terminal = is_terminal(run.state.life_cycle);
    if (filter.active_only && terminal) continue;
    if (filter.completed_only && !terminal) continue;
    if (filter.start_time_from.has_value() && run.start_time < *filter.start_time_from) continue;
    if (filter.start_time_to.has_value() && run.start_time > *filter.start_time_to) continue;
    out.push_back(&run);
  }
  return out;
}

std::size_t JobService::active_runs_of(std::int64_t job_id) const {
  std::size_t count = 0;
  for (const std::int64_t run_id : active_) {
    if (runs_.at(run_id).job_id == job_id) ++count;
  }
  return count;
}

RunEvent JobService::event_of(const Run& run) const {
  RunEvent event;
  event.workspace = config_.name;
  event.region = config_.region;
  event.job_id = run.job_id;
  event.run_id = run.run_id;
  event.trigger = run.trigger;
  event.life_cycle_state = std::string(to_string(run.state.life_cycle));
  if (run.state.result.has_value()) event.result_state = std::string(to_string(*run.state.result));
  event.state_message = run.state.message;
  event.at = scheduler_.now();
  return event;
}

std::int64_t JobService::trigger(Job& job, std::string trigger_kind, std::string_view user,
                                 const RunNowRequest& request) {
  Run run;
  run.job_id = job.job_id;
  run.run_id = next_run_id_++;
  run.creator = std::string(user);
  run.run_name = string_or(job.settings, "name", "Untitled");
  run.trigger = std::move(trigger_kind);
  run.start_time = scheduler_.now();
  run.settings = job.settings;
  run.parameters = request.parameters;
  for (Json& spec : tasks_of(job.settings)) {
    TaskRun task;
    task.task_key = string_or(spec, "task_key", "default");
    task.run_id = next_run_id_++;
    const auto deps = spec.find("depends_on");
    if (deps != spec.end() && deps->is_array()) {
      for (const Json& dep : *deps) task.depends_on.push_back(string_or(dep, "task_key", ""));
    }
    task.spec = std::move(spec);
    run.tasks.push_back(std::move(task));
  }
  const std::int64_t run_id = run.run_id;
  Run& stored = runs_.emplace(run_id, std::move(run)).first->second;

  const std::int64_t limit = max_concurrent_runs(job.settings);
  const bool queue = request.queue_enabled.value_or(queue_enabled(job.settings));
  const bool at_limit = static_cast<std::int64_t>(active_runs_of(job.job_id)) >= limit;
  if (at_limit && queue && limit > 0) {
    stored.state.life_cycle = RunLifeCycleState::kQueued;
    stored.state.queue_reason = "Queued due to reaching maximum concurrent runs of " + std::to_string(limit) + ".";
    for (TaskRun& task : stored.tasks) task.state.life_cycle = RunLifeCycleState::kQueued;
    queued_[job.job_id].push_back(run_id);
    observers_.run_created(event_of(stored));
  } else if (at_limit) {
    skip(stored, limit);
    observers_.run_created(event_of(stored));
    observers_.run_finished(event_of(stored));
  } else {
    observers_.run_created(event_of(stored));
    admit(stored);
  }
  return run_id;
}

void JobService::skip(Run& run, std::int64_t limit) {
  RunState skipped;
  skipped.life_cycle = RunLifeCycleState::kSkipped;
  skipped.result = RunResultState::kMaximumConcurrentRunsReached;
  skipped.message = "Skipping this run because the limit of " + std::to_string(limit) +
                    " maximum concurrent runs has been reached.";
  skipped.termination = RunTermination{"MAX_CONCURRENT_RUNS_EXCEEDED", "CLIENT_ERROR"};
  run.state = skipped;
  run.end_time = scheduler_.now();
  for (TaskRun& task : run.tasks) {
    task.state = skipped;
    task.end_time = run.end_time;
  }
}

void JobService::admit(Run& run) {
  if (run.state.life_cycle == RunLifeCycleState::kQueued) {
    run.queued_until = scheduler_.now();
    run.state.queue_reason.reset();
    for (TaskRun& task : run.tasks) task.state.life_cycle = RunLifeCycleState::kBlocked;
  }
  run.state.life_cycle = RunLifeCycleState::kPending;
  active_.insert(run.run_id);
  observers_.run_started(event_of(run));
  progress(run.run_id);
}

void JobService::progress(std::int64_t run_id) {
  Run* run = find_run(run_id);
  if (run == nullptr || is_terminal(run->state.life_cycle) || run->state.life_cycle == RunLifeCycleState::kQueued) {
    return;
  }
  for (bool changed = true; changed;) {
    changed = false;
    for (TaskRun& task : run->tasks) {
      if (task.state.life_cycle != RunLifeCycleState::kBlocked) continue;
      bool ready = true;
      std::optional<RunResultState> upstream;
      for (const std::string& dep : task.depends_on) {
        const TaskRun* before = run->task(dep);
        if (before == nullptr) continue;  // validated at create; a removed task no longer blocks
        if (!is_terminal(before->state.life_cycle)) {
          ready = false;
        } else if (before->state.result != RunResultState::kSuccess) {
          const bool cancelled = before->state.result == RunResultState::kCanceled ||
                                 before->state.result == RunResultState::kUpstreamCanceled;
          upstream = cancelled ? RunResultState::kUpstreamCanceled : RunResultState::kUpstreamFailed;
        }
      }
      if (!ready) continue;
      changed = true;
      if (upstream.has_value()) {
        end_task(task, RunLifeCycleState::kSkipped, *upstream, "Upstream task failed or was cancelled.",
                 {"SKIPPED", "CLIENT_ERROR"});
        continue;
      }
      acquire_compute(*run, task);
    }
  }
  for (const TaskRun& task : run->tasks) {
    if (!is_terminal(task.state.life_cycle)) return;
  }
  finish_run(*run);
}

void JobService::acquire_compute(Run& run, TaskRun& task) {
  task.start_time = scheduler_.now();
  task.state.life_cycle = RunLifeCycleState::kPending;
  std::string cluster_id;
  if (const auto existing = task.spec.find("existing_cluster_id"); existing != task.spec.end()) {
    cluster_id = existing->is_string() ? existing->get<std::string>() : std::string();
    const Cluster* cluster = clusters_.find(cluster_id);
    if (cluster == nullptr) {
      end_task(task, RunLifeCycleState::kInternalError, RunResultState::kFailed,
               "Cluster " + cluster_id + " does not exist", {"RESOURCE_NOT_FOUND", "CLIENT_ERROR"});
      return;
    }
    // A job on a terminated all-purpose cluster starts it, as the real service does.
    if (cluster->state == ClusterState::kTerminated) {
      (void)clusters_.start(cluster_id);
    } else if (cluster->state == ClusterState::kTerminating || cluster->state == ClusterState::kError ||
               cluster->state == ClusterState::kUnknown) {
      end_task(task, RunLifeCycleState::kInternalError, RunResultState::kFailed,
               "Cluster " + cluster_id + " is in unexpected state " + std::string(state_word(cluster->state)) + ".",
               {"CLUSTER_ERROR", "CLIENT_ERROR"});
      return;
    }
  } else {
    Json spec;
    const auto key = task.spec.find("job_cluster_key");
    if (key != task.spec.end() && key->is_string()) {
      const std::string job_cluster_key = key->get<std::string>();
      if (const auto made = run.job_cluster_ids.find(job_cluster_key); made != run.job_cluster_ids.end()) {
        cluster_id = made->second;
      } else {
        const auto job_clusters = run.settings.find("job_clusters");
        if (job_clusters != run.settings.end() && job_clusters->is_array()) {
          for (const Json& job_cluster : *job_clusters) {
            if (string_or(job_cluster, "job_cluster_key", "") != job_cluster_key) continue;
            if (const auto found = job_cluster.find("new_cluster"); found != job_cluster.end()) spec = *found;
          }
        }
      }
    } else {
      if (const auto found = task.spec.find("new_cluster"); found != task.spec.end()) spec = *found;
      task.owns_cluster = true;
    }
    if (cluster_id.empty()) {
      auto created = clusters_.create(spec, run.creator, ClusterSource::kJob,
                                      {{"JobId", std::to_string(run.job_id)}, {"RunName", run.run_name}});
      if (!created.ok()) {
        task.owns_cluster = false;
        end_task(task, RunLifeCycleState::kInternalError, RunResultState::kFailed, created.error().message(),
                 {"INVALID_CLUSTER_REQUEST", "CLIENT_ERROR"});
        return;
      }
      cluster_id = *created;
      if (!task.owns_cluster && key != task.spec.end()) run.job_cluster_ids[key->get<std::string>()] = cluster_id;
    }
  }
  task.cluster_id = cluster_id;
  const Cluster* cluster = clusters_.find(cluster_id);
  if (cluster != nullptr && is_usable(cluster->state)) begin_execution(run, task);
}

void JobService::begin_execution(Run& run, TaskRun& task) {
  const Cluster* cluster = clusters_.find(task.cluster_id);
  assert(cluster != nullptr && is_usable(cluster->state));
  const std::string notebook_path = notebook_path_of(task.spec);
  if (!notebook_path.empty()) {
    const WorkspaceObject* notebook = tree_.find(notebook_path);
    if (notebook == nullptr || notebook->type != ObjectType::kNotebook) {
      end_task(task, RunLifeCycleState::kInternalError, RunResultState::kFailed, "Notebook not found: " + notebook_path,
               {"RESOURCE_NOT_FOUND", "CLIENT_ERROR"});
      return;
    }
  }
  task.execution_start = scheduler_.now();
  task.spark_context_id = cluster->spark_context_id;
  task.state.life_cycle = RunLifeCycleState::kRunning;
  if (run.state.life_cycle == RunLifeCycleState::kPending) run.state.life_cycle = RunLifeCycleState::kRunning;

  TaskContext context;
  context.scheduler = &scheduler_;
  context.workspace = config_.name;
  context.job_id = run.job_id;
  context.run_id = run.run_id;
  context.task_run_id = task.run_id;
  context.task_key = task.task_key;
  context.notebook_path = notebook_path;
  if (!notebook_path.empty()) {
    const WorkspaceObject* notebook = tree_.find(notebook_path);
    context.notebook_source = notebook->content;
    if (notebook->language) context.notebook_language = std::string(to_string(*notebook->language));
  }
  context.parameters = task_parameters(task.spec, run.parameters);
  context.cluster_id = task.cluster_id;
  context.modelled_duration = from_seconds(std::max(0.0, timings_.execution_s.sample(execution_rng_)));
  context.data_config = cluster->data_config;
  context.data = cluster->data_session;
  context.acknowledge = [this, job_id = run.job_id, run_id = run.run_id, key = task.task_key](const AcknowledgedWrite& w) {
    observers_.write_acknowledged(WriteEvent{config_.name, config_.region, job_id, run_id, key, w, ""});
  };

  task.execution = std::make_unique<TaskGroup>(scheduler_);
  task.execution->spawn(drive(works_.resolve(task.spec), std::move(context), run.run_id, task.task_key),
                        "databricks.task.start");
  observers_.task_started(TaskEvent{event_of(run), task.task_key, task.run_id, task.cluster_id});
}

Task<void> JobService::drive(std::shared_ptr<TaskWork> work, TaskContext context, std::int64_t run_id,
                             std::string task_key) {
  TaskOutcome outcome;
  try {
    outcome = co_await work->run(std::move(context));
  } catch (const std::exception& e) {
    outcome = TaskOutcome::Failure(std::string("The task's work threw: ") + e.what());
  } catch (...) {
    outcome = TaskOutcome::Failure("The task's work threw an exception");
  }
  finish_task(run_id, task_key, std::move(outcome));
}

void JobService::finish_task(std::int64_t run_id, const std::string& task_key, TaskOutcome outcome) {
  Run* run = find_run(run_id);
  TaskRun* task = run == nullptr ? nullptr : run->task(task_key);
  if (task == nullptr || task->state.life_cycle != RunLifeCycleState::kRunning) return;  // cancelled meanwhile
  if (outcome.succeeded) {
    end_task(*task, RunLifeCycleState::kTerminated, RunResultState::kSuccess, "", kSuccess);
  } else {
    end_task(*task, RunLifeCycleState::kTerminated, RunResultState::kFailed, std::move(outcome.error_message),
             {"RUN_EXECUTION_ERROR", "CLIENT_ERROR"});
  }
  progress(run_id);
}

void JobService::end_task(TaskRun& task, RunLifeCycleState life_cycle, RunResultState result, std::string message,
                          RunTermination termination) {
  if (task.execution) retire(std::move(task.execution));
  task.state.life_cycle = life_cycle;
  task.state.result = result;
  task.state.message = std::move(message);
  task.state.termination = std::move(termination);
  task.end_time = scheduler_.now();
  if (task.owns_cluster && !task.cluster_id.empty()) {
    (void)clusters_.terminate(task.cluster_id, "", job_finished());
  }
}

void JobService::finish_run(Run& run) {
  RunState& state = run.state;
  if (state.user_cancelled_or_timedout) {
    state.life_cycle = RunLifeCycleState::kTerminated;
    state.result = RunResultState::kCanceled;
    state.termination = RunTermination{"USER_CANCELED", "SUCCESS"};
  } else {
    const TaskRun* internal = nullptr;
    const TaskRun* failed = nullptr;
    for (const TaskRun& task : run.tasks) {
      if (internal == nullptr && task.state.life_cycle == RunLifeCycleState::kInternalError) internal = &task;
      if (failed == nullptr && task.state.result == RunResultState::kFailed) failed = &task;
    }
    if (internal != nullptr) {
      state.life_cycle = RunLifeCycleState::kInternalError;
      state.result = RunResultState::kFailed;
      state.message = internal->state.message;
      state.termination = internal->state.termination;
    } else if (failed != nullptr) {
      state.life_cycle = RunLifeCycleState::kTerminated;
      state.result = RunResultState::kFailed;
      state.message = failed->state.message;
      state.termination = failed->state.termination;
    } else {
      state.life_cycle = RunLifeCycleState::kTerminated;
      state.result = RunResultState::kSuccess;
      state.message = "";
      state.termination = kSuccess;
    }
  }
  run.end_time = scheduler_.now();
  active_.erase(run.run_id);
  for (const auto& [key, cluster_id] : run.job_cluster_ids) {
    (void)clusters_.terminate(cluster_id, "", job_finished());
  }
  observers_.run_finished(event_of(run));
  start_queued(run.job_id);
}

ApiStatus JobService::cancel_run(std::int64_t run_id) {
  Run* run = find_run(run_id);
  if (run == nullptr) return run_missing(run_id);
  if (is_terminal(run->state.life_cycle)) return {};
  const bool was_queued = run->state.life_cycle == RunLifeCycleState::kQueued;
  if (was_queued) {
    auto& queue = queued_[run->job_id];
    queue.erase(std::remove(queue.begin(), queue.end(), run_id), queue.end());
    run->state.queue_reason.reset();
  }
  for (TaskRun& task : run->tasks) {
    if (is_terminal(task.state.life_cycle)) continue;
    end_task(task, RunLifeCycleState::kTerminated, RunResultState::kCanceled, "Run cancelled by user.",
             {"USER_CANCELED", "SUCCESS"});
  }
  run->state.user_cancelled_or_timedout = true;
  run->state.message = "Run cancelled by user.";
  if (was_queued) {
    run->state.life_cycle = RunLifeCycleState::kTerminated;
    run->state.result = RunResultState::kCanceled;
    run->state.termination = RunTermination{"USER_CANCELED", "SUCCESS"};
    run->end_time = scheduler_.now();
    observers_.run_finished(event_of(*run));
    return {};
  }
  finish_run(*run);
  return {};
}

void JobService::start_queued(std::int64_t job_id) {
  const Job* job = find_job(job_id);
  const auto queue = queued_.find(job_id);
  if (job == nullptr || queue == queued_.end()) return;
  while (!queue->second.empty() &&
         static_cast<std::int64_t>(active_runs_of(job_id)) < max_concurrent_runs(job->settings)) {
    const std::int64_t run_id = queue->second.front();
    queue->second.pop_front();
    admit(runs_.at(run_id));
  }
}

// --- clusters --------------------------------------------------------------------------------------

void JobService::on_cluster_state(const Cluster& cluster) {
  clusters_to_reconcile_.insert(cluster.cluster_id);
  if (reconcile_timer_ == kNoTimer) {
    reconcile_timer_ = timers_.after(0s, [this] { reconcile_clusters(); }, "databricks.jobs.cluster_state");
  }
}

void JobService::reconcile_clusters() {
  reconcile_timer_ = kNoTimer;
  const std::set<std::string> ids = std::move(clusters_to_reconcile_);
  clusters_to_reconcile_.clear();
  for (const std::string& id : ids) reconcile_cluster(id);
}

void JobService::reconcile_cluster(const std::string& cluster_id) {
  std::vector<std::pair<std::int64_t, std::string>> waiting;
  for (const std::int64_t run_id : active_) {
    for (const TaskRun& task : runs_.at(run_id).tasks) {
      const bool live = task.state.life_cycle == RunLifeCycleState::kPending ||
                        task.state.life_cycle == RunLifeCycleState::kRunning;
      if (live && task.cluster_id == cluster_id) waiting.emplace_back(run_id, task.task_key);
    }
  }
  for (const auto& [run_id, key] : waiting) {
    Run* run = find_run(run_id);
    TaskRun* task = run == nullptr ? nullptr : run->task(key);
    if (task == nullptr || is_terminal(run->state.life_cycle)) continue;
    const Cluster* cluster = clusters_.find(cluster_id);
    const bool usable = cluster != nullptr && is_usable(cluster->state);
    const std::string type = cluster != nullptr && cluster->termination_reason.has_value()
                                 ? cluster->termination_reason->type
                                 : std::string("CLOUD_FAILURE");
    if (task->state.life_cycle == RunLifeCycleState::kPending) {
      if (usable) {
        begin_execution(*run, *task);
      } else if (cluster == nullptr) {
        end_task(*task, RunLifeCycleState::kInternalError, RunResultState::kFailed,
                 "Cluster " + cluster_id + " was deleted while the run waited for it", {"CLUSTER_ERROR", "CLIENT_ERROR"});
      } else if (cluster->state == ClusterState::kTerminated || cluster->state == ClusterState::kTerminating ||
                 cluster->state == ClusterState::kError) {
        const std::string code =
            cluster->termination_reason.has_value() ? cluster->termination_reason->code : std::string(to_string(cluster->state));
        end_task(*task, RunLifeCycleState::kInternalError, RunResultState::kFailed,
                 "Unexpected failure while waiting for the cluster (" + cluster_id + ") to be ready: Cluster " +
                     cluster_id + " is in unexpected state " + std::string(state_word(cluster->state)) + ": " + code +
                     (cluster->state_message.empty() ? "" : " (" + cluster->state_message + ")"),
                 {"CLUSTER_ERROR", type});
      }
    } else if (!usable) {
      const std::string what = cluster == nullptr ? "deleted"
                               : cluster->state == ClusterState::kRestarting ? "restarted"
                                                                             : "terminated";
      end_task(*task, RunLifeCycleState::kInternalError, RunResultState::kFailed,
               "Cluster " + cluster_id + " was " + what + " during the run", {"CLUSTER_ERROR", type});
    }
    progress(run_id);
  }
}

// --- schedules and housekeeping ------------------------------------------------------------------

void JobService::reschedule(Job& job) {
  timers_.cancel(job.schedule_timer);
  job.schedule_timer = kNoTimer;
  auto schedule = schedule_of(job.settings);
  if (!schedule.ok() || !schedule->has_value() || (*schedule)->paused) return;
  const auto next = (*schedule)->cron.next_after(scheduler_.now());
  if (!next.has_value()) return;
  const std::int64_t job_id = job.job_id;
  job.schedule_timer = timers_.at(*next, [this, job_id] { fire_schedule(job_id); }, "databricks.job.schedule");
}

void JobService::fire_schedule(std::int64_t job_id) {
  Job* job = find_job(job_id);
  if (job == nullptr) return;
  job->schedule_timer = kNoTimer;
  if (schedules_enabled_) trigger(*job, "PERIODIC", job->creator, {});
  job = find_job(job_id);  // triggering never removes a job, but do not lean on that
  if (job != nullptr) reschedule(*job);
}

void JobService::retire(std::unique_ptr<TaskGroup> execution) {
  retired_.push_back(std::move(execution));
  if (retire_timer_ == kNoTimer) {
    retire_timer_ = timers_.after(
        0s,
        [this] {
          retire_timer_ = kNoTimer;
          retired_.clear();
        },
        "databricks.task.cleanup");
  }
}

}  // namespace drdrill::databricks
