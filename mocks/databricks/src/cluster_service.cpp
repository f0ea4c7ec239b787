#include "databricks/cluster_service.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <limits>
#include <string>
#include <utility>

#include "databricks/request_fields.h"

namespace drdrill::databricks {
namespace {

// Fields clusters/get computes; a client sending them in a create or edit does not set them.
constexpr std::array<std::string_view, 14> kComputedFields = {
    "cluster_id",        "cluster_source",   "creator_user_name",   "state",
    "state_message",     "start_time",       "terminated_time",     "last_restarted_time",
    "last_state_loss_time", "termination_reason", "spark_context_id", "default_tags",
    "driver",            "executors"};

Json stored_spec(const Json& request) {
  Json spec = request;
  for (const std::string_view field : kComputedFields) spec.erase(std::string(field));
  return spec;
}

ApiStatus validate_string_map(const Json& spec, std::string_view field) {
  auto object = optional_object(spec, field);
  DRDRILL_API_RETURN_IF_ERROR(object);
  if (*object == nullptr) return {};
  for (const auto& [key, value] : (*object)->items()) {
    if (!value.is_string()) {
      return ApiError::MalformedRequest("Invalid JSON given in the body of the request - expected a string for field '" +
                                        std::string(field) + "." + key + "'");
    }
  }
  return {};
}

ApiStatus validate_autoscale(const Json& autoscale) {
  auto min_workers = optional_int64(autoscale, "min_workers");
  DRDRILL_API_RETURN_IF_ERROR(min_workers);
  auto max_workers = optional_int64(autoscale, "max_workers");
  DRDRILL_API_RETURN_IF_ERROR(max_workers);
  const std::int64_t lo = min_workers->value_or(0);
  if (!max_workers->has_value() || **max_workers < 1 || lo < 0 || lo > **max_workers) {
    return ApiError::InvalidParameterValue(
        "autoscale requires 0 <= min_workers <= max_workers and max_workers >= 1");
  }
  return {};
}

std::string two_digits(long value) {
  std::string s = std::to_string(value);
  return s.size() < 2 ? "0" + s : s;
}

TerminationReason user_request(std::string_view user) {
  return {"USER_REQUEST", "SUCCESS", {{"username", std::string(user)}}};
}

ApiError invalid_state(const Cluster& cluster) {
  return ApiError::InvalidState("Cluster " + cluster.cluster_id + " is in unexpected state " +
                                std::string(state_word(cluster.state)) + ".");
}

}  // namespace

ApiStatus validate_cluster_spec(const Json& spec) {
  DRDRILL_API_RETURN_IF_ERROR(required_string(spec, "spark_version"));
  auto pool = optional_string(spec, "instance_pool_id");
  DRDRILL_API_RETURN_IF_ERROR(pool);
  if (!pool->has_value()) DRDRILL_API_RETURN_IF_ERROR(required_string(spec, "node_type_id"));
  DRDRILL_API_RETURN_IF_ERROR(optional_string(spec, "cluster_name"));
  auto workers = optional_int64(spec, "num_workers");
  DRDRILL_API_RETURN_IF_ERROR(workers);
  if (workers->has_value() && **workers < 0) {
    return ApiError::InvalidParameterValue("num_workers must be at least 0");
  }
  auto autoscale = optional_object(spec, "autoscale");
  DRDRILL_API_RETURN_IF_ERROR(autoscale);
  if (*autoscale != nullptr) DRDRILL_API_RETURN_IF_ERROR(validate_autoscale(**autoscale));
  for (std::string_view field : {"spark_conf", "spark_env_vars", "custom_tags"}) {
    DRDRILL_API_RETURN_IF_ERROR(validate_string_map(spec, field));
  }
  return {};
}

ClusterService::ClusterService(Scheduler& scheduler, const Random& random, const WorkspaceConfig& config,
                               const SecretStore& secrets, const MountTable& mounts)
    : scheduler_(scheduler),
      timers_(scheduler),
      config_(config),
      secrets_(secrets),
      mounts_(mounts),
      start_rng_(random.stream("databricks." + config.name + ".clusters.start")),
      capacity_rng_(random.stream("databricks." + config.name + ".clusters.capacity")),
      id_rng_(random.stream("databricks." + config.name + ".clusters.ids")) {}

const Cluster* ClusterService::find(std::string_view cluster_id) const {
  const auto it = clusters_.find(cluster_id);
  return it == clusters_.end() ? nullptr : &it->second;
}

ApiResult<const Cluster*> ClusterService::get(std::string_view cluster_id) const {
  const Cluster* cluster = find(cluster_id);
  if (cluster == nullptr) {
    return ApiError::InvalidParameterValue("Cluster " + std::string(cluster_id) + " does not exist");
  }
  return cluster;
}

ApiResult<Cluster*> ClusterService::lookup(std::string_view cluster_id) {
  const auto it = clusters_.find(cluster_id);
  if (it == clusters_.end()) {
    return ApiError::InvalidParameterValue("Cluster " + std::string(cluster_id) + " does not exist");
  }
  return &it->second;
}

std::vector<const Cluster*> ClusterService::list() const {
  std::vector<const Cluster*> out;
  out.reserve(clusters_.size());
  for (const auto& [id, cluster] : clusters_) out.push_back(&cluster);
  return out;
}

std::string ClusterService::new_cluster_id() {
  // "MMDD-HHMMSS-xxxxxxxx", the shape of real cluster ids ("0923-164208-meows279").
  const TimePoint now = scheduler_.now();
  const auto day = std::chrono::floor<std::chrono::days>(now);
  const std::chrono::year_month_day ymd{day};
  const std::chrono::hh_mm_ss hms{std::chrono::floor<std::chrono::seconds>(now - day)};
  const std::string prefix = two_digits(static_cast<unsigned>(ymd.month())) +
                             two_digits(static_cast<unsigned>(ymd.day())) + "-" + two_digits(hms.hours().count()) +
                             two_digits(hms.minutes().count()) + two_digits(hms.seconds().count()) + "-";
  constexpr std::string_view kAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
  for (;;) {
    std::string id = prefix;
    for (int i = 0; i < 8; ++i) {
      id += kAlphabet[static_cast<std::size_t>(id_rng_.uniform_int(0, static_cast<std::int64_t>(kAlphabet.size()) - 1))];
    }
    if (clusters_.find(id) == clusters_.end()) return id;
  }
}

Duration ClusterService::draw(const Distribution& d, RandomStream& rng, double scale, double max_s) {
  double seconds = d.sample(rng);
  if (max_s > 0.0) seconds = std::min(seconds, max_s);
  seconds = std::max(0.0, seconds * scale);
  return from_seconds(seconds);
}

void ClusterService::set_state(Cluster& cluster, ClusterState state, std::string message) {
  const ClusterState previous = cluster.state;
  cluster.state = state;
  cluster.state_message = std::move(message);
  // Last use of `cluster` by every caller: the listener may call back and change the service.
  if (listener_) listener_(cluster, previous);
}

void ClusterService::drop_driver(Cluster& cluster) {
  cluster.data_session.reset();
  cluster.data_config.reset();
  cluster.spark_context_id.reset();
}

ApiResult<std::string> ClusterService::create(const Json& spec, std::string_view creator, ClusterSource source,
                                              std::map<std::string, std::string> extra_tags) {
  DRDRILL_API_RETURN_IF_ERROR(validate_cluster_spec(spec));
  Cluster cluster;
  cluster.cluster_id = new_cluster_id();
  cluster.spec = stored_spec(spec);
  cluster.source = source;
  cluster.creator = std::string(creator);
  cluster.extra_tags = std::move(extra_tags);
  cluster.state = ClusterState::kTerminated;  // about to leave it for PENDING
  cluster.start_time = scheduler_.now();
  const std::string id = cluster.cluster_id;
  Cluster& stored = clusters_.emplace(id, std::move(cluster)).first->second;
  begin_launch(stored, Launch::kStart);
  return id;
}

void ClusterService::begin_launch(Cluster& cluster, Launch kind) {
  std::optional<TerminationReason> failure;
  Duration delay{};
  if (kind == Launch::kStart) {
    // Always one start draw, so capacity faults never shift the delays a seed gives.
    delay = draw(timings_.start_s, start_rng_, timings_.start_delay_scale, timings_.start_s_max);
    const TimePoint now = scheduler_.now();
    for (const CapacityFault& fault : capacity_faults_) {
      if (now < fault.from || now >= fault.until) continue;
      if (!capacity_rng_.bernoulli(fault.probability)) continue;
      const std::string node_type = string_or(cluster.spec, "node_type_id", "the requested node type");
      failure = TerminationReason{
          fault.code,
          "CLOUD_FAILURE",
          {{"azure_error_code", fault.azure_error_code},
           {"azure_error_message", "The requested VM size " + node_type + " is currently not available in location '" +
                                       config_.region + "'. Please try another size or deploy to a different location."}}};
      delay = draw(fault.fail_after_s, capacity_rng_);
      break;
    }
    cluster.terminated_time.reset();
    cluster.termination_reason.reset();
  } else {
    delay = draw(timings_.restart_s, start_rng_);
  }
  const std::string id = cluster.cluster_id;
  cluster.transition = timers_.after(
      delay, [this, id, failure] { finish_launch(id, failure); }, "databricks.cluster.launch");
  if (kind == Launch::kStart) {
    set_state(cluster, ClusterState::kPending, "Finding instances for new nodes, acquiring more instances if necessary");
  } else {
    set_state(cluster, ClusterState::kRestarting, "Restarting Spark");
  }
}

void ClusterService::finish_launch(const std::string& cluster_id, std::optional<TerminationReason> failure) {
  const auto it = clusters_.find(cluster_id);
  if (it == clusters_.end()) return;
  Cluster& cluster = it->second;
  cluster.transition = kNoTimer;
  if (failure.has_value()) {
    const std::string message = failure->parameters.count("azure_error_message") != 0
                                    ? failure->parameters.at("azure_error_message")
                                    : "Cluster launch failed";
    terminate_now(cluster, std::move(*failure), message);
    return;
  }

  // The driver comes up: resolve secret references, then read what the conf says about data.
  std::map<std::string, std::string> conf;
  for (const std::string_view field : {"spark_conf", "spark_env_vars"}) {
    const auto values = cluster.spec.find(field);
    if (values == cluster.spec.end() || !values->is_object()) continue;
    for (const auto& [key, value] : values->items()) {
      if (!value.is_string()) continue;  // validated at create/edit; never trust a stored document blindly
      auto resolved = secrets_.resolve(value.get_ref<const std::string&>());
      if (!resolved.ok()) {
        const std::string message = "Failed to resolve the secret reference in " + std::string(field) + "." + key +
                                    ": " + resolved.error().message();
        terminate_now(cluster, {"SECRET_RESOLUTION_ERROR", "CLIENT_ERROR", {{"databricks_error_message", message}}},
                      message);
        return;
      }
      if (field == "spark_conf") conf.emplace(key, std::move(*resolved));
    }
  }
  ClusterDataConfig data = ClusterDataConfig::from_spark_conf(std::move(conf));
  data.workspace = config_.name;
  data.region = config_.region;
  data.cluster_id = cluster.cluster_id;
  data.started_at = scheduler_.now();
  data.mounts = mounts_;
  cluster.data_config = std::make_shared<const ClusterDataConfig>(std::move(data));
  cluster.data_session = data_plane_ != nullptr ? data_plane_->open_session(*cluster.data_config) : nullptr;
  cluster.spark_context_id = id_rng_.uniform_int(1, std::numeric_limits<std::int64_t>::max());
  cluster.last_restarted_time = scheduler_.now();
  set_state(cluster, ClusterState::kRunning, "");
}

void ClusterService::terminate_now(Cluster& cluster, TerminationReason reason, std::string message) {
  timers_.cancel(cluster.transition);
  cluster.transition = kNoTimer;
  drop_driver(cluster);
  cluster.terminated_time = scheduler_.now();
  cluster.termination_reason = std::move(reason);
  set_state(cluster, ClusterState::kTerminated, std::move(message));
}

ApiStatus ClusterService::start(std::string_view cluster_id) {
  auto cluster = lookup(cluster_id);
  DRDRILL_API_RETURN_IF_ERROR(cluster);
  Cluster& c = **cluster;
  if (c.state != ClusterState::kTerminated) return invalid_state(c);
  c.start_time = scheduler_.now();
  begin_launch(c, Launch::kStart);
  return {};
}

ApiStatus ClusterService::restart(std::string_view cluster_id) {
  auto cluster = lookup(cluster_id);
  DRDRILL_API_RETURN_IF_ERROR(cluster);
  Cluster& c = **cluster;
  if (c.state != ClusterState::kRunning) return invalid_state(c);
  drop_driver(c);
  begin_launch(c, Launch::kRestart);
  return {};
}

ApiStatus ClusterService::terminate(std::string_view cluster_id, std::string_view user,
                                    std::optional<TerminationReason> reason) {
  auto cluster = lookup(cluster_id);
  DRDRILL_API_RETURN_IF_ERROR(cluster);
  Cluster& c = **cluster;
  if (c.state == ClusterState::kTerminated || c.state == ClusterState::kTerminating) return {};
  timers_.cancel(c.transition);
  drop_driver(c);
  const std::string id = c.cluster_id;
  TerminationReason why = reason.has_value() ? std::move(*reason) : user_request(user);
  c.transition = timers_.after(
      draw(timings_.terminate_s, start_rng_),
      [this, id, why] {
        const auto it = clusters_.find(id);
        if (it == clusters_.end()) return;
        it->second.transition = kNoTimer;
        terminate_now(it->second, why, "");
      },
      "databricks.cluster.terminated");
  set_state(c, ClusterState::kTerminating, "");
  return {};
}

ApiStatus ClusterService::permanent_delete(std::string_view cluster_id) {
  const auto it = clusters_.find(cluster_id);
  if (it == clusters_.end()) {
    return ApiError::InvalidParameterValue("Cluster " + std::string(cluster_id) + " does not exist");
  }
  timers_.cancel(it->second.transition);
  Cluster gone = std::move(it->second);
  clusters_.erase(it);
  drop_driver(gone);
  gone.transition = kNoTimer;
  const ClusterState previous = gone.state;
  if (previous != ClusterState::kTerminated) {
    gone.state = ClusterState::kTerminated;
    gone.terminated_time = scheduler_.now();
    gone.termination_reason = user_request(gone.creator);
  }
  if (listener_) listener_(gone, previous);
  return {};
}

ApiStatus ClusterService::edit(const Json& spec) {
  auto id = required_string(spec, "cluster_id");
  DRDRILL_API_RETURN_IF_ERROR(id);
  auto cluster = lookup(*id);
  DRDRILL_API_RETURN_IF_ERROR(cluster);
  DRDRILL_API_RETURN_IF_ERROR(validate_cluster_spec(spec));
  Cluster& c = **cluster;
  if (c.source == ClusterSource::kJob) {
    return ApiError::InvalidParameterValue("Cluster " + c.cluster_id + " is a job cluster and cannot be edited");
  }
  if (c.state == ClusterState::kTerminated) {
    c.spec = stored_spec(spec);
    return {};
  }
  if (c.state != ClusterState::kRunning) return invalid_state(c);
  // A running cluster restarts to apply the new configuration.
  c.spec = stored_spec(spec);
  drop_driver(c);
  begin_launch(c, Launch::kRestart);
  return {};
}

ApiStatus ClusterService::resize(std::string_view cluster_id, std::optional<std::int64_t> num_workers,
                                 const Json* autoscale) {
  auto cluster = lookup(cluster_id);
  DRDRILL_API_RETURN_IF_ERROR(cluster);
  if (num_workers.has_value() == (autoscale != nullptr)) {
    return ApiError::InvalidParameterValue("Exactly one of num_workers and autoscale must be specified");
  }
  if (num_workers.has_value() && *num_workers < 0) return ApiError::InvalidParameterValue("num_workers must be at least 0");
  if (autoscale != nullptr) DRDRILL_API_RETURN_IF_ERROR(validate_autoscale(*autoscale));
  Cluster& c = **cluster;
  if (c.state != ClusterState::kRunning) return invalid_state(c);
  c.spec.erase("num_workers");
  c.spec.erase("autoscale");
  if (num_workers.has_value()) {
    c.spec["num_workers"] = *num_workers;
  } else {
    c.spec["autoscale"] = *autoscale;
  }
  const std::string id = c.cluster_id;
  c.transition = timers_.after(
      draw(timings_.resize_s, start_rng_),
      [this, id] {
        const auto it = clusters_.find(id);
        if (it == clusters_.end()) return;
        it->second.transition = kNoTimer;
        set_state(it->second, ClusterState::kRunning, "");
      },
      "databricks.cluster.resized");
  set_state(c, ClusterState::kResizing, "Resizing cluster");
  return {};
}

void ClusterService::lose_compute(std::optional<TerminationReason> reason) {
  const TerminationReason why = reason.value_or(TerminationReason{"COMMUNICATION_LOST", "CLOUD_FAILURE", {}});
  std::vector<std::string> affected;
  for (const auto& [id, cluster] : clusters_) {
    if (cluster.state != ClusterState::kTerminated) affected.push_back(id);
  }
  for (const std::string& id : affected) {
    const auto it = clusters_.find(id);  // an earlier listener call may have changed the set
    if (it == clusters_.end() || it->second.state == ClusterState::kTerminated) continue;
    it->second.last_state_loss_time = scheduler_.now();
    terminate_now(it->second, why, "Lost communication with the cluster's instances (" + why.code + ")");
  }
}

ApiStatus ClusterService::fail(std::string_view cluster_id, std::string message) {
  auto cluster = lookup(cluster_id);
  DRDRILL_API_RETURN_IF_ERROR(cluster);
  Cluster& c = **cluster;
  timers_.cancel(c.transition);
  c.transition = kNoTimer;
  drop_driver(c);
  set_state(c, ClusterState::kError, std::move(message));
  return {};
}

}  // namespace drdrill::databricks
