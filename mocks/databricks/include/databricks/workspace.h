#pragma once
// Workspace: one Databricks workspace's state (its control plane), owning every service model the
// REST API serves. Built on an injected Scheduler and a seeded Random, so it runs the same in
// simulated and real time and a seed replays it exactly.
//
// Ownership: the Workspace owns its models; the Scheduler must outlive it. Its models cancel the
// events they scheduled when they are destroyed. Not thread-safe: use it from the scheduler's thread.

#include "core/random.h"
#include "core/scheduler.h"
#include "databricks/access_tokens.h"
#include "databricks/api_faults.h"
#include "databricks/cluster_service.h"
#include "databricks/job_service.h"
#include "databricks/key_vaults.h"
#include "databricks/mounts.h"
#include "databricks/secret_store.h"
#include "databricks/statement_service.h"
#include "databricks/task_work.h"
#include "databricks/workspace_config.h"
#include "databricks/workspace_observer.h"
#include "databricks/workspace_tree.h"

namespace drdrill::databricks {

class Workspace {
 public:
  Workspace(WorkspaceConfig config, Scheduler& scheduler, const Random& random);
  Workspace(const Workspace&) = delete;
  Workspace& operator=(const Workspace&) = delete;

  const WorkspaceConfig& config() const { return config_; }
  Scheduler& scheduler() { return scheduler_; }

  AccessTokens& tokens() { return tokens_; }
  const AccessTokens& tokens() const { return tokens_; }
  WorkspaceTree& tree() { return tree_; }
  const WorkspaceTree& tree() const { return tree_; }
  SecretStore& secrets() { return secrets_; }
  const SecretStore& secrets() const { return secrets_; }
  MountTable& mounts() { return mounts_; }
  const MountTable& mounts() const { return mounts_; }
  ClusterService& clusters() { return clusters_; }
  const ClusterService& clusters() const { return clusters_; }
  JobService& jobs() { return jobs_; }
  const JobService& jobs() const { return jobs_; }
  // SQL statements (the SQL Statement Execution API), run on the workspace's clusters.
  StatementService& statements() { return statements_; }
  const StatementService& statements() const { return statements_; }
  // What job tasks do when they run (the drill registers its workload here).
  TaskWorkRegistry& task_works() { return task_works_; }

  // Observers of runs, writes and cluster states (not owned).
  void add_observer(WorkspaceObserver* observer) { observers_.add(observer); }
  void remove_observer(WorkspaceObserver* observer) { observers_.remove(observer); }

  // Outage hooks. The control plane of a workspace whose region is down answers nothing (see
  // api_faults.h for how each mode looks to a client) and fires no schedules; missed firings are
  // not caught up. Compute is separate: a regional outage also takes the clusters' VMs, which the
  // drill says with clusters().lose_compute() (region_outage_began does both).
  void set_control_plane_outage(ControlPlaneOutage mode);
  ControlPlaneOutage control_plane_outage() const { return control_plane_outage_; }
  // If `region` is this workspace's: control plane down (`mode`) and every cluster lost.
  // Returns whether it applied.
  bool region_outage_began(std::string_view region, ControlPlaneOutage mode = ControlPlaneOutage::kServiceUnavailable);
  // If `region` is this workspace's: control plane back. Clusters stay TERMINATED until started.
  bool region_outage_ended(std::string_view region);
  // Injected API errors (429/503) per operation.
  ApiFaults& api_faults() { return api_faults_; }

  // The Key Vaults that AZURE_KEYVAULT scopes read (owned by the drill's world; may be null).
  void set_key_vaults(const KeyVaults* vaults) { secrets_.set_key_vaults(vaults); }
  // What clusters reach when their driver starts (owned by the drill's world; may be null).
  void set_data_plane(DataPlane* data_plane) { clusters_.set_data_plane(data_plane); }

 private:
  void on_cluster_state(const Cluster& cluster, ClusterState previous);

  WorkspaceConfig config_;
  Scheduler& scheduler_;
  AccessTokens tokens_;
  WorkspaceTree tree_;
  SecretStore secrets_;
  MountTable mounts_;
  WorkspaceObservers observers_;
  ApiFaults api_faults_;
  ControlPlaneOutage control_plane_outage_ = ControlPlaneOutage::kNone;
  TaskWorkRegistry task_works_;
  ClusterService clusters_;
  JobService jobs_;
  StatementService statements_;
};

}  // namespace drdrill::databricks
