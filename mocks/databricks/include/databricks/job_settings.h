#pragma once
// JobSettings as the Jobs API 2.1/2.2 takes them: validation, defaults, and the jobs/update merge.
//
// Kept as JSON (the API's own shape, echoed back by jobs/get) with helpers that read what the fake
// acts on. Validation is stricter than the real service where drdrill cannot model something:
// every task needs compute (existing_cluster_id, new_cluster or job_cluster_key; serverless is not
// modelled), and schedules must use a UTC time zone (quartz_cron.h).
//
// The 2.0 single-task form (notebook_task and the cluster at the top level, no "tasks") is read as
// one task with task_key "default".

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "databricks/api_error.h"
#include "databricks/api_json.h"
#include "databricks/quartz_cron.h"

namespace drdrill::databricks {

// The documented bounds of max_concurrent_runs.
inline constexpr std::int64_t kMaxConcurrentRunsLimit = 1000;

// Checks name, max_concurrent_runs (0..1000), tasks (unique task_key, compute, notebook_path,
// depends_on naming existing tasks without cycles), job_clusters, schedule, queue.
ApiStatus validate_job_settings(const Json& settings);

// Fills what jobs/get shows even when the client left it out: name "Untitled",
// max_concurrent_runs 1 (absent means 1; an explicit 0 stays 0), format "MULTI_TASK".
Json with_job_defaults(Json settings);

// jobs/update: top-level fields of `update` replace the current ones, except the arrays tasks,
// job_clusters and parameters, whose entries are merged by task_key, job_cluster_key and name.
Json merge_job_settings(const Json& current, const Json& update);
// jobs/update fields_to_remove: top-level names, or "tasks/<task_key>", "job_clusters/<key>".
Json remove_job_fields(Json settings, const std::vector<std::string>& fields);

std::int64_t max_concurrent_runs(const Json& settings);
bool queue_enabled(const Json& settings);
// The tasks to run, in the order listed (the single-task form read as one task).
std::vector<Json> tasks_of(const Json& settings);

struct JobSchedule {
  QuartzCron cron;
  bool paused = false;
};
// The job's schedule, if it has one.
ApiResult<std::optional<JobSchedule>> schedule_of(const Json& settings);

}  // namespace drdrill::databricks
