#include "databricks/job_settings.h"

#include <array>
#include <functional>
#include <map>
#include <set>

#include "databricks/cluster_service.h"
#include "databricks/request_fields.h"

namespace drdrill::databricks {
namespace {

constexpr std::array<std::string_view, 9> kSingleTaskFields = {
    "notebook_task",   "spark_python_task", "spark_jar_task", "spark_submit_task", "python_wheel_task",
    "sql_task",        "existing_cluster_id", "new_cluster",  "libraries"};

bool valid_task_key(const std::string& key) {
  if (key.empty() || key.size() > 100) return false;
  for (char c : key) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

ApiStatus validate_string_map(const Json& object, std::string_view field) {
  auto map = optional_object(object, field);
  DRDRILL_API_RETURN_IF_ERROR(map);
  if (*map == nullptr) return {};
  for (const auto& [key, value] : (*map)->items()) {
    if (!value.is_string()) {
      return ApiError::MalformedRequest("Invalid JSON given in the body of the request - expected a string for field '" +
                                        std::string(field) + "." + key + "'");
    }
  }
  return {};
}

// The job_cluster_keys the settings define.
ApiResult<std::set<std::string>> validate_job_clusters(const Json& settings) {
  std::set<std::string> keys;
  auto clusters = optional_array(settings, "job_clusters");
  DRDRILL_API_RETURN_IF_ERROR(clusters);
  if (*clusters == nullptr) return keys;
  for (const Json& cluster : **clusters) {
    if (!cluster.is_object()) return ApiError::MalformedRequest("Each entry of job_clusters must be an object");
    auto key = required_string(cluster, "job_cluster_key");
    DRDRILL_API_RETURN_IF_ERROR(key);
    if (!keys.insert(*key).second) return ApiError::InvalidParameterValue("Duplicate job_cluster_key: " + *key);
    auto spec = optional_object(cluster, "new_cluster");
    DRDRILL_API_RETURN_IF_ERROR(spec);
    if (*spec == nullptr) return ApiError::InvalidParameterValue("Missing required field: job_clusters.new_cluster");
    DRDRILL_API_RETURN_IF_ERROR(validate_cluster_spec(**spec));
  }
  return keys;
}

ApiStatus validate_task(const Json& task, const std::set<std::string>& job_cluster_keys) {
  auto existing = optional_string(task, "existing_cluster_id");
  DRDRILL_API_RETURN_IF_ERROR(existing);
  auto new_cluster = optional_object(task, "new_cluster");
  DRDRILL_API_RETURN_IF_ERROR(new_cluster);
  auto job_cluster = optional_string(task, "job_cluster_key");
  DRDRILL_API_RETURN_IF_ERROR(job_cluster);
  const std::string key = string_or(task, "task_key", "default");
  const int computes = (existing->has_value() ? 1 : 0) + (*new_cluster != nullptr ? 1 : 0) + (job_cluster->has_value() ? 1 : 0);
  if (computes != 1) {
    return ApiError::InvalidParameterValue(
        "Task " + key +
        " must specify exactly one of existing_cluster_id, new_cluster and job_cluster_key (drdrill does not model "
        "serverless compute)");
  }
  if (*new_cluster != nullptr) DRDRILL_API_RETURN_IF_ERROR(validate_cluster_spec(**new_cluster));
  if (job_cluster->has_value() && job_cluster_keys.count(**job_cluster) == 0) {
    return ApiError::InvalidParameterValue("Task " + key + " refers to job_cluster_key " + **job_cluster +
                                           " that is not defined in job_clusters");
  }
  auto notebook = optional_object(task, "notebook_task");
  DRDRILL_API_RETURN_IF_ERROR(notebook);
  if (*notebook != nullptr) {
    auto path = required_string(**notebook, "notebook_path");
    if (!path.ok()) return ApiError::InvalidParameterValue("Missing required field: notebook_task.notebook_path");
    DRDRILL_API_RETURN_IF_ERROR(validate_string_map(**notebook, "base_parameters"));
  }
  return {};
}

// Refuses unknown dependencies and cycles (depth-first search, colouring visited tasks).
ApiStatus validate_dependencies(const std::vector<Json>& tasks) {
  std::map<std::string, std::vector<std::string>> deps;
  for (const Json& task : tasks) {
    std::vector<std::string>& list = deps[string_or(task, "task_key", "default")];
    auto depends_on = optional_array(task, "depends_on");
    DRDRILL_API_RETURN_IF_ERROR(depends_on);
    if (*depends_on == nullptr) continue;
    for (const Json& dep : **depends_on) {
      auto key = required_string(dep, "task_key");
      if (!key.ok()) return ApiError::InvalidParameterValue("Missing required field: depends_on.task_key");
      list.push_back(*key);
    }
  }
  for (const auto& [key, list] : deps) {
    for (const std::string& dep : list) {
      if (deps.count(dep) == 0) {
        return ApiError::InvalidParameterValue("Task " + key + " depends on " + dep + ", which is not a task of this job");
      }
    }
  }
  std::map<std::string, int> colour;  // 0 new, 1 on the stack, 2 done
  std::function<bool(const std::string&)> cyclic = [&](const std::string& key) {
    colour[key] = 1;
    for (const std::string& dep : deps[key]) {
      if (colour[dep] == 1 || (colour[dep] == 0 && cyclic(dep))) return true;
    }
    colour[key] = 2;
    return false;
  };
  for (const auto& [key, list] : deps) {
    if (colour[key] == 0 && cyclic(key)) {
      return ApiError::InvalidParameterValue("The task dependencies of this job contain a cycle through " + key);
    }
  }
  return {};
}

// Merges two arrays of objects by the string member `key`: entries of `update` replace entries of
// `current` with the same key, new ones are appended, others are kept in place.
Json merge_by_key(const Json& current, const Json& update, std::string_view key) {
  if (!current.is_array() || !update.is_array()) return update;
  Json merged = current;
  for (const Json& entry : update) {
    const std::string id = string_or(entry, key, "");
    bool replaced = false;
    for (Json& existing : merged) {
      if (!id.empty() && string_or(existing, key, "") == id) {
        existing = entry;
        replaced = true;
        break;
      }
    }
    if (!replaced) merged.push_back(entry);
  }
  return merged;
}

}  // namespace

ApiStatus validate_job_settings(const Json& settings) {
  DRDRILL_API_RETURN_IF_ERROR(optional_string(settings, "name"));
  auto max_runs = optional_int64(settings, "max_concurrent_runs");
  DRDRILL_API_RETURN_IF_ERROR(max_runs);
  if (max_runs->has_value() && (**max_runs < 0 || **max_runs > kMaxConcurrentRunsLimit)) {
    return ApiError::InvalidParameterValue("max_concurrent_runs must be between 0 and 1000");
  }
  auto job_cluster_keys = validate_job_clusters(settings);
  DRDRILL_API_RETURN_IF_ERROR(job_cluster_keys);
  auto tasks_field = optional_array(settings, "tasks");
  DRDRILL_API_RETURN_IF_ERROR(tasks_field);
  if (*tasks_field != nullptr) {
    std::set<std::string> keys;
    for (const Json& task : **tasks_field) {
      if (!task.is_object()) return ApiError::MalformedRequest("Each entry of tasks must be an object");
      auto key = required_string(task, "task_key");
      DRDRILL_API_RETURN_IF_ERROR(key);
      if (!valid_task_key(*key)) {
        return ApiError::InvalidParameterValue("Invalid task_key " + *key +
                                               ": use 1 to 100 characters of [A-Za-z0-9_-]");
      }
      if (!keys.insert(*key).second) return ApiError::InvalidParameterValue("Duplicate task_key: " + *key);
    }
  }
  const std::vector<Json> tasks = tasks_of(settings);
  for (const Json& task : tasks) DRDRILL_API_RETURN_IF_ERROR(validate_task(task, *job_cluster_keys));
  DRDRILL_API_RETURN_IF_ERROR(validate_dependencies(tasks));
  DRDRILL_API_RETURN_IF_ERROR(schedule_of(settings));
  auto queue = optional_object(settings, "queue");
  DRDRILL_API_RETURN_IF_ERROR(queue);
  if (*queue != nullptr) DRDRILL_API_RETURN_IF_ERROR(optional_bool(**queue, "enabled"));
  return {};
}

Json with_job_defaults(Json settings) {
  if (!settings.is_object()) settings = Json::object();
  if (!settings.contains("name")) settings["name"] = "Untitled";
  if (!settings.contains("max_concurrent_runs") || settings["max_concurrent_runs"].is_null()) {
    settings["max_concurrent_runs"] = 1;
  }
  if (!settings.contains("format")) settings["format"] = "MULTI_TASK";
  return settings;
}

Json merge_job_settings(const Json& current, const Json& update) {
  Json merged = current;
  for (const auto& [field, value] : update.items()) {
    if (field == "tasks" && merged.contains("tasks")) {
      merged["tasks"] = merge_by_key(merged["tasks"], value, "task_key");
    } else if (field == "job_clusters" && merged.contains("job_clusters")) {
      merged["job_clusters"] = merge_by_key(merged["job_clusters"], value, "job_cluster_key");
    } else if (field == "parameters" && merged.contains("parameters")) {
      merged["parameters"] = merge_by_key(merged["parameters"], value, "name");
    } else {
      merged[field] = value;
    }
  }
  return merged;
}

Json remove_job_fields(Json settings, const std::vector<std::string>& fields) {
  for (const std::string& field : fields) {
    const auto slash = field.find('/');
    if (slash == std::string::npos) {
      settings.erase(field);
      continue;
    }
    const std::string array = field.substr(0, slash);
    const std::string id = field.substr(slash + 1);
    const std::string_view key = array == "tasks" ? "task_key" : array == "job_clusters" ? "job_cluster_key" : "";
    if (key.empty() || !settings.contains(array) || !settings[array].is_array()) continue;
    Json kept = Json::array();
    for (const Json& entry : settings[array]) {
      if (string_or(entry, key, "") != id) kept.push_back(entry);
    }
    settings[array] = std::move(kept);
  }
  return settings;
}

std::int64_t max_concurrent_runs(const Json& settings) {
  auto value = optional_int64(settings, "max_concurrent_runs");
  return value.ok() && value->has_value() ? **value : 1;
}

bool queue_enabled(const Json& settings) {
  const auto queue = settings.find("queue");
  if (queue == settings.end() || !queue->is_object()) return false;
  const auto enabled = queue->find("enabled");
  return enabled != queue->end() && enabled->is_boolean() && enabled->get<bool>();
}

std::vector<Json> tasks_of(const Json& settings) {
  std::vector<Json> tasks;
  const auto listed = settings.find("tasks");
  if (listed != settings.end() && listed->is_array()) {
    for (const Json& task : *listed) tasks.push_back(task);
    return tasks;
  }
  Json single = Json::object();
  bool has_task = false;
  for (const std::string_view field : kSingleTaskFields) {
    const auto it = settings.find(field);
    if (it == settings.end()) continue;
    single[std::string(field)] = *it;
    if (field.size() > 5 && field.substr(field.size() - 5) == "_task") has_task = true;
  }
  if (has_task) {
    single["task_key"] = "default";
    tasks.push_back(std::move(single));
  }
  return tasks;
}

ApiResult<std::optional<JobSchedule>> schedule_of(const Json& settings) {
  auto schedule = optional_object(settings, "schedule");
  DRDRILL_API_RETURN_IF_ERROR(schedule);
  if (*schedule == nullptr) return std::optional<JobSchedule>();
  auto expression = required_string(**schedule, "quartz_cron_expression");
  if (!expression.ok()) return ApiError::InvalidParameterValue("Missing required field: schedule.quartz_cron_expression");
  auto timezone = required_string(**schedule, "timezone_id");
  if (!timezone.ok()) return ApiError::InvalidParameterValue("Missing required field: schedule.timezone_id");
  if (!is_utc_timezone_id(*timezone)) {
    return ApiError::InvalidParameterValue("drdrill evaluates schedules in UTC only; timezone_id " + *timezone +
                                           " is not supported (use UTC)");
  }
  auto pause = optional_string(**schedule, "pause_status");
  DRDRILL_API_RETURN_IF_ERROR(pause);
  const std::string pause_status = pause->value_or("UNPAUSED");
  if (pause_status != "PAUSED" && pause_status != "UNPAUSED") {
    return ApiError::InvalidParameterValue("Invalid pause_status: " + pause_status);
  }
  auto cron = QuartzCron::parse(*expression);
  if (!cron.ok()) return ApiError::InvalidParameterValue("Invalid Quartz Cron Expression: " + cron.status().message());
  return std::optional<JobSchedule>(JobSchedule{std::move(*cron), pause_status == "PAUSED"});
}

}  // namespace drdrill::databricks
