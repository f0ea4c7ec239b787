#include "sim/cluster_access.h"

#include <algorithm>
#include <vector>

#include "databricks/cluster.h"

namespace drdrill::sim {
namespace {

// The workspace's running clusters, the ones its jobs run on first.
Result<std::vector<const databricks::Cluster*>> running_clusters(World& world, std::string_view workspace) {
  const auto it = world.workspaces().find(workspace);
  if (it == world.workspaces().end()) return Status::NotFound("no workspace " + std::string(workspace));
  const WorkspaceHandle& handle = it->second;
  std::vector<std::string> names;
  for (const Job& job : handle.spec->jobs) {
    if (std::find(names.begin(), names.end(), job.cluster) == names.end()) names.push_back(job.cluster);
  }
  for (const Cluster& cluster : handle.spec->clusters) {
    if (std::find(names.begin(), names.end(), cluster.name) == names.end()) names.push_back(cluster.name);
  }
  std::vector<const databricks::Cluster*> out;
  for (const std::string& name : names) {
    const databricks::Cluster* cluster = handle.model->clusters().find(world.cluster_id(workspace, name));
    if (cluster != nullptr && databricks::is_usable(cluster->state)) out.push_back(cluster);
  }
  if (out.empty()) return Status::Unavailable("no running cluster in workspace " + std::string(workspace));
  return out;
}

}  // namespace

Result<const databricks::Cluster*> running_cluster(World& world, std::string_view workspace) {
  auto clusters = running_clusters(world, workspace);
  if (!clusters.ok()) return clusters.status();
  return clusters->front();
}

Result<ClusterSession> running_session(World& world, std::string_view workspace) {
  auto clusters = running_clusters(world, workspace);
  if (!clusters.ok()) return clusters.status();
  for (const databricks::Cluster* cluster : *clusters) {
    if (cluster->data_session) return ClusterSession{cluster->name(), cluster->cluster_id, cluster->data_session};
  }
  return Status::FailedPrecondition("no cluster of " + std::string(workspace) + " has a data session");
}

Result<std::string> run_statement(databricks::ClusterDataSession& session, std::string_view statement) {
  databricks::SqlRequest request;
  request.text = std::string(statement);
  const databricks::SqlOutcome outcome = session.execute_sql(request);
  if (outcome.failure) {
    const std::string message = "[" + outcome.failure->cause + "] " + outcome.failure->message;
    return Status::FailedPrecondition(message);
  }
  if (outcome.result.rows.empty() || outcome.result.rows.front().empty()) return std::string();
  return outcome.result.rows.front().front().value_or("NULL");
}

Result<std::int64_t> count_rows(World& world, databricks::ClusterDataSession& session, std::string_view table) {
  if (!table.empty()) return session.count_rows(table);
  std::int64_t total = 0;
  for (const Table& t : world.scenario().topology.tables) {
    auto rows = session.count_rows(t.name);
    if (!rows.ok()) return rows.status();
    total += *rows;
  }
  return total;
}

}  // namespace drdrill::sim
