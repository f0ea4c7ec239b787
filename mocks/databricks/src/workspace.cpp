#include "databricks/workspace.h"

#include <utility>

namespace drdrill::databricks {

Workspace::Workspace(WorkspaceConfig config, Scheduler& scheduler, const Random& random)
    : config_(std::move(config)),
      scheduler_(scheduler),
      tree_(scheduler, config_.first_object_id),
      secrets_(scheduler, nullptr),
      api_faults_(random.stream("databricks." + config_.name + ".api_faults")),
      clusters_(scheduler, random, config_, secrets_, mounts_),
      jobs_(scheduler, random, config_, clusters_, tree_, task_works_, observers_),
      statements_(scheduler, random, config_, clusters_, observers_) {
  clusters_.set_state_listener(
      [this](const Cluster& cluster, ClusterState previous) { on_cluster_state(cluster, previous); });
}

void Workspace::set_control_plane_outage(ControlPlaneOutage mode) {
  control_plane_outage_ = mode;
  jobs_.set_schedules_enabled(mode == ControlPlaneOutage::kNone);
}

bool Workspace::region_outage_began(std::string_view region, ControlPlaneOutage mode) {
  if (region != config_.region) return false;
  set_control_plane_outage(mode);
  clusters_.lose_compute();
  return true;
}

bool Workspace::region_outage_ended(std::string_view region) {
  if (region != config_.region) return false;
  set_control_plane_outage(ControlPlaneOutage::kNone);
  return true;
}

void Workspace::on_cluster_state(const Cluster& cluster, ClusterState previous) {
  observers_.cluster_state(ClusterEvent{config_.name, config_.region, cluster.cluster_id, previous, cluster.state,
                                        cluster.termination_reason, scheduler_.now()});
  jobs_.on_cluster_state(cluster);
  statements_.on_cluster_state(cluster);
}

}  // namespace drdrill::databricks
