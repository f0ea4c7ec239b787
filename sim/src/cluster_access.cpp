#include "sim/cluster_access.h"

#include <algorithm>
#include <cctype>
#include <vector>

#include "databricks/cluster.h"

namespace drdrill::sim {
namespace {

std::string upper(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

Result<ClusterSession> running_session(World& world, std::string_view workspace) {
  const auto it = world.workspaces().find(workspace);
  if (it == world.workspaces().end()) return Status::NotFound("no workspace " + std::string(workspace));
  const WorkspaceHandle& handle = it->second;
  if (handle.model->control_plane_outage() != databricks::ControlPlaneOutage::kNone &&
      handle.model->clusters().list().empty()) {
    return Status::Unavailable("workspace " + std::string(workspace) + " is unreachable");
  }
  std::vector<std::string> names;
  for (const Job& job : handle.spec->jobs) {
    if (std::find(names.begin(), names.end(), job.cluster) == names.end()) names.push_back(job.cluster);
  }
  for (const Cluster& cluster : handle.spec->clusters) {
    if (std::find(names.begin(), names.end(), cluster.name) == names.end()) names.push_back(cluster.name);
  }
  bool running = false;
  for (const std::string& name : names) {
    const std::string id = world.cluster_id(workspace, name);
    const databricks::Cluster* cluster = handle.model->clusters().find(id);
    if (cluster == nullptr || !databricks::is_usable(cluster->state)) continue;
    running = true;
    if (cluster->data_session) return ClusterSession{name, id, cluster->data_session};
  }
  if (running) return Status::FailedPrecondition("no cluster of " + std::string(workspace) + " has a data session");
  return Status::Unavailable("no running cluster in workspace " + std::string(workspace));
}

Result<std::string> run_statement(databricks::ClusterDataSession& session, std::string_view statement) {
  // Until the lakehouse's SQL engine is wired in, the one statement drills use: a row count.
  static constexpr std::string_view kCount = "SELECT COUNT(*) FROM ";
  if (upper(statement.substr(0, kCount.size())) == kCount) {
    std::string table(statement.substr(kCount.size()));
    while (!table.empty() && (table.back() == ';' || table.back() == ' ')) table.pop_back();
    auto rows = session.count_rows(table);
    if (!rows.ok()) return rows.status();
    return std::to_string(*rows);
  }
  return Status::FailedPrecondition("statement needs the lakehouse SQL engine: " + std::string(statement));
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
