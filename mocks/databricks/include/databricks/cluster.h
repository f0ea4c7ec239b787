#pragma once
// Cluster: one all-purpose or job cluster of a workspace, as the Clusters API shows it.

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/scheduler.h"
#include "databricks/api_json.h"
#include "databricks/data_plane.h"

namespace drdrill::databricks {

// The documented states (ClusterState in the Clusters API).
enum class ClusterState { kPending, kRunning, kRestarting, kResizing, kTerminating, kTerminated, kError, kUnknown };

std::string_view to_string(ClusterState state);  // "PENDING"
// "Pending": how the real service names a state in messages ("... is in unexpected state Running.").
std::string_view state_word(ClusterState state);
// RUNNING or RESIZING: the driver is up and tasks can run.
bool is_usable(ClusterState state);

// Why a cluster stopped (termination_reason in the API).
struct TerminationReason {
  std::string code;  // USER_REQUEST, CLOUD_PROVIDER_RESOURCE_STOCKOUT, SECRET_RESOLUTION_ERROR, ...
  std::string type;  // SUCCESS, CLIENT_ERROR, SERVICE_FAULT, CLOUD_FAILURE
  std::map<std::string, std::string> parameters;

  Json to_json() const;
};

enum class ClusterSource { kApi, kUi, kJob };
std::string_view to_string(ClusterSource source);  // "API", "UI", "JOB"

struct Cluster {
  std::string cluster_id;
  // The cluster's specification as last created or edited (cluster_name, spark_version,
  // num_workers, spark_conf, ...), echoed back by clusters/get; fields the fake computes itself are
  // never taken from it.
  Json spec;
  ClusterSource source = ClusterSource::kApi;
  std::string creator;
  std::map<std::string, std::string> extra_tags;  // job clusters: JobId, RunName

  ClusterState state = ClusterState::kPending;
  std::string state_message;
  TimePoint start_time;  // when creation was requested (the API's meaning of start_time)
  std::optional<TimePoint> terminated_time;
  std::optional<TimePoint> last_restarted_time;  // when the driver last came up
  std::optional<TimePoint> last_state_loss_time;
  std::optional<TerminationReason> termination_reason;
  std::optional<std::int64_t> spark_context_id;  // while the driver is up

  // While the driver is up: what its configuration said and its data session (null without a
  // data plane).
  std::shared_ptr<const ClusterDataConfig> data_config;
  std::shared_ptr<ClusterDataSession> data_session;

  // The pending state transition (start, restart, resize, terminate), if any.
  TimerId transition = kNoTimer;

  std::string name() const;
  // ClusterDetails as clusters/get returns it.
  Json to_json() const;
};

}  // namespace drdrill::databricks
