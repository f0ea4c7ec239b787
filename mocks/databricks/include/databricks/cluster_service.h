#pragma once
// ClusterService: a workspace's clusters and their state machine (Clusters API 2.0/2.1), driven by
// the injected Scheduler.
//
//   create / start          -> PENDING --(start delay)--> RUNNING
//                                      \--(capacity fault or unresolvable secret)--> TERMINATED
//   restart, edit (RUNNING) -> RESTARTING --(restart delay)--> RUNNING (conf and secrets re-read)
//   resize (RUNNING)        -> RESIZING --(resize delay)--> RUNNING
//   delete                  -> TERMINATING --(terminate delay)--> TERMINATED (USER_REQUEST)
//   permanent-delete        -> gone from get/list at once
//   lose_compute (outage)   -> TERMINATED at once (the data plane's VMs are gone)
//   fail (injected)         -> ERROR
// Where the real service refuses, so does this one, with 400 INVALID_STATE "Cluster <id> is in
// unexpected state <State>.": start unless TERMINATED; restart, resize unless RUNNING; edit unless
// RUNNING or TERMINATED. Delete of a TERMINATING/TERMINATED cluster is a no-op. A missing cluster is
// 400 INVALID_PARAMETER_VALUE "Cluster <id> does not exist" (the real service's quirk).
//
// Secret references in spark_conf and spark_env_vars resolve when the driver comes up; a missing
// secret terminates the start with SECRET_RESOLUTION_ERROR. Then the Spark conf becomes a
// ClusterDataConfig and, if a DataPlane is wired, a data session (data_plane.h).
//
// Randomness: each kind of draw has its own stream ("databricks.<workspace>.clusters.start",
// ".capacity", ".ids"), so injecting a capacity fault does not shift the start delays of a seed.
// Not thread-safe; the listener runs synchronously at the end of every state change and may call
// back into the service.

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/random.h"
#include "core/scheduler.h"
#include "databricks/api_error.h"
#include "databricks/cluster.h"
#include "databricks/cluster_timings.h"
#include "databricks/data_plane.h"
#include "databricks/mounts.h"
#include "databricks/owned_timers.h"
#include "databricks/secret_store.h"
#include "databricks/workspace_config.h"

namespace drdrill::databricks {

class ClusterService {
 public:
  // Called after every state change with the cluster as it is now and the state it left. After
  // permanent_delete the cluster passed is a copy; find() no longer knows it.
  using StateListener = std::function<void(const Cluster& cluster, ClusterState previous)>;

  ClusterService(Scheduler& scheduler, const Random& random, const WorkspaceConfig& config,
                 const SecretStore& secrets, const MountTable& mounts);

  void set_timings(ClusterTimings timings) { timings_ = std::move(timings); }
  const ClusterTimings& timings() const { return timings_; }
  void add_capacity_fault(CapacityFault fault) { capacity_faults_.push_back(std::move(fault)); }
  void clear_capacity_faults() { capacity_faults_.clear(); }
  // Not owned; must outlive the service (or be reset to null first).
  void set_data_plane(DataPlane* data_plane) { data_plane_ = data_plane; }
  void set_state_listener(StateListener listener) { listener_ = std::move(listener); }

  // Validates the spec (spark_version; node_type_id unless instance_pool_id; num_workers >= 0 or
  // autoscale with 0 <= min_workers <= max_workers, max_workers >= 1; string maps for spark_conf,
  // spark_env_vars, custom_tags) and starts the cluster. Returns its id.
  ApiResult<std::string> create(const Json& spec, std::string_view creator,
                                ClusterSource source = ClusterSource::kApi,
                                std::map<std::string, std::string> extra_tags = {});
  ApiStatus start(std::string_view cluster_id);
  ApiStatus restart(std::string_view cluster_id);
  // clusters/delete: terminates (the cluster stays listed). `reason` defaults to USER_REQUEST.
  ApiStatus terminate(std::string_view cluster_id, std::string_view user,
                      std::optional<TerminationReason> reason = std::nullopt);
  ApiStatus permanent_delete(std::string_view cluster_id);
  // `spec` is the full new specification including cluster_id.
  ApiStatus edit(const Json& spec);
  // Exactly one of num_workers and autoscale.
  ApiStatus resize(std::string_view cluster_id, std::optional<std::int64_t> num_workers, const Json* autoscale);

  // Outage hooks.
  // Every cluster that is not TERMINATED stops at once with `reason` (a regional outage takes the
  // data plane's VMs with it; default COMMUNICATION_LOST / CLOUD_FAILURE).
  void lose_compute(std::optional<TerminationReason> reason = std::nullopt);
  // Puts a cluster into ERROR with this message.
  ApiStatus fail(std::string_view cluster_id, std::string message);

  const Cluster* find(std::string_view cluster_id) const;
  ApiResult<const Cluster*> get(std::string_view cluster_id) const;
  // Ordered by cluster id.
  std::vector<const Cluster*> list() const;

 private:
  enum class Launch { kStart, kRestart };

  ApiResult<Cluster*> lookup(std::string_view cluster_id);
  std::string new_cluster_id();
  // PENDING or RESTARTING, with the driver coming up after the modelled delay.
  void begin_launch(Cluster& cluster, Launch kind);
  void finish_launch(const std::string& cluster_id, std::optional<TerminationReason> failure);
  void terminate_now(Cluster& cluster, TerminationReason reason, std::string message);
  void drop_driver(Cluster& cluster);
  void set_state(Cluster& cluster, ClusterState state, std::string message);
  Duration draw(const Distribution& d, RandomStream& rng, double scale = 1.0, double max_s = 0.0);

  Scheduler& scheduler_;
  OwnedTimers timers_;
  const WorkspaceConfig& config_;
  const SecretStore& secrets_;
  const MountTable& mounts_;
  RandomStream start_rng_;
  RandomStream capacity_rng_;
  RandomStream id_rng_;
  ClusterTimings timings_;
  std::vector<CapacityFault> capacity_faults_;
  DataPlane* data_plane_ = nullptr;
  StateListener listener_;
  std::map<std::string, Cluster, std::less<>> clusters_;
};

// Validates a cluster specification as create and edit require it (see ClusterService::create).
ApiStatus validate_cluster_spec(const Json& spec);

}  // namespace drdrill::databricks
