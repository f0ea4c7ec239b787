#include "databricks/cluster.h"

namespace drdrill::databricks {

std::string_view to_string(ClusterState state) {
  switch (state) {
    case ClusterState::kPending: return "PENDING";
    case ClusterState::kRunning: return "RUNNING";
    case ClusterState::kRestarting: return "RESTARTING";
    case ClusterState::kResizing: return "RESIZING";
    case ClusterState::kTerminating: return "TERMINATING";
    case ClusterState::kTerminated: return "TERMINATED";
    case ClusterState::kError: return "ERROR";
    case ClusterState::kUnknown: return "UNKNOWN";
  }
  return "UNKNOWN";
}

std::string_view state_word(ClusterState state) {
  switch (state) {
    case ClusterState::kPending: return "Pending";
    case ClusterState::kRunning: return "Running";
    case ClusterState::kRestarting: return "Restarting";
    case ClusterState::kResizing: return "Resizing";
    case ClusterState::kTerminating: return "Terminating";
    case ClusterState::kTerminated: return "Terminated";
    case ClusterState::kError: return "Error";
    case ClusterState::kUnknown: return "Unknown";
  }
  return "Unknown";
}

bool is_usable(ClusterState state) { return state == ClusterState::kRunning || state == ClusterState::kResizing; }

std::string_view to_string(ClusterSource source) {
  switch (source) {
    case ClusterSource::kApi: return "API";
    case ClusterSource::kUi: return "UI";
    case ClusterSource::kJob: return "JOB";
  }
  return "API";
}

Json TerminationReason::to_json() const {
  Json out = Json::object();
  out["code"] = code;
  out["type"] = type;
  if (!parameters.empty()) out["parameters"] = parameters;
  return out;
}

std::string Cluster::name() const {
  return string_or(spec, "cluster_name", "");
}

Json Cluster::to_json() const {
  Json out = spec.is_object() ? spec : Json::object();
  out["cluster_id"] = cluster_id;
  out["cluster_source"] = std::string(to_string(source));
  out["creator_user_name"] = creator;
  out["state"] = std::string(to_string(state));
  out["state_message"] = state_message;
  out["start_time"] = epoch_ms(start_time);
  if (terminated_time.has_value()) out["terminated_time"] = epoch_ms(*terminated_time);
  if (last_restarted_time.has_value()) out["last_restarted_time"] = epoch_ms(*last_restarted_time);
  if (last_state_loss_time.has_value()) out["last_state_loss_time"] = epoch_ms(*last_state_loss_time);
  if (termination_reason.has_value()) out["termination_reason"] = termination_reason->to_json();
  if (spark_context_id.has_value()) out["spark_context_id"] = *spark_context_id;
  Json tags = Json::object();
  tags["Vendor"] = "Databricks";
  tags["Creator"] = creator;
  tags["ClusterName"] = name();
  tags["ClusterId"] = cluster_id;
  for (const auto& [key, value] : extra_tags) tags[key] = value;
  out["default_tags"] = std::move(tags);
  return out;
}

}  // namespace drdrill::databricks
