#include "serve/tool_activity.h"

#include <algorithm>

#include <nlohmann/json.hpp>

namespace drdrill::serve {
namespace {

bool ok(const http::Response& response) { return response.status >= 200 && response.status < 300; }

// The path segment after `marker` ("/storageAccounts/") up to the next '/', or "".
std::string segment_after(std::string_view path, std::string_view marker) {
  const auto at = path.find(marker);
  if (at == std::string_view::npos) return "";
  const std::string_view rest = path.substr(at + marker.size());
  return std::string(rest.substr(0, rest.find('/')));
}

bool ends_with_any(std::string_view path, std::initializer_list<std::string_view> endings) {
  return std::any_of(endings.begin(), endings.end(), [&](std::string_view e) { return path.ends_with(e); });
}

}  // namespace

Duration ToolActivity::since_epoch() const { return drill_.now() - drill_.epoch(); }

ToolActivity::Stage& ToolActivity::stage(const std::string& name, const std::string& detail, bool instant) {
  const Duration now = since_epoch();
  if (!first_request_) {
    first_request_ = now;
    if (const auto& outage = drill_.state().outage_start; outage && *outage - drill_.epoch() < now) {
      stages_.push_back(Stage{sim::StepRecord{"detect", *outage - drill_.epoch(), now, true,
                                              "from the outage's start to the tool's first failover request"},
                              false, {}, {}});
    }
  }
  for (Stage& s : stages_) {
    if (s.record.name != name || !(s.open || instant)) continue;
    if (s.record.detail.find(detail) == std::string::npos) s.record.detail += "; " + detail;
    if (instant) s.record.end = now;
    return s;
  }
  stages_.push_back(Stage{sim::StepRecord{name, now, now, true, detail}, !instant, {}, {}});
  return stages_.back();
}

void ToolActivity::on_arm(const http::Request& request, const http::Response& response) {
  if (request.method != http::Method::kPost || !ok(response)) return;
  const std::string_view path = request.path();
  if (path.find("/Microsoft.Storage/storageAccounts/") != std::string_view::npos && path.ends_with("/failover")) {
    const std::string account = segment_after(path, "/storageAccounts/");
    const bool planned = request.query().find("failoverType=Planned") != std::string_view::npos;
    drill_.timeline().record("tool", "storage failover requested: " + account + (planned ? " (planned)" : ""));
    Stage& s = stage("storage_failover", account, false);
    s.accounts.push_back(account);
    return;
  }
  if (path.find("/Microsoft.Sql/") != std::string_view::npos &&
      ends_with_any(path, {"/failover", "/forceFailoverAllowDataLoss", "/tryPlannedBeforeForcedFailover"})) {
    const bool group = path.find("/failoverGroups/") != std::string_view::npos;
    const std::string name = group ? segment_after(path, "/failoverGroups/") : segment_after(path, "/databases/");
    const std::string how = std::string(path.substr(path.rfind('/') + 1));
    drill_.timeline().record("tool", std::string("SQL ") + (group ? "failover group " : "database ") + name + " " + how +
                                         " requested");
    stage("sql_failover", name, false);
  }
}

void ToolActivity::on_workspace(const std::string& workspace, const http::Request& request,
                                const http::Response& response) {
  if (request.method != http::Method::kPost || !ok(response)) return;
  const std::string_view path = request.path();
  const nlohmann::json body = nlohmann::json::parse(request.body, nullptr, false);
  const auto field = [&](const char* name) -> std::string {
    if (!body.is_object() || !body.contains(name)) return "";
    return body[name].is_string() ? body[name].get<std::string>() : body[name].dump();
  };
  if (path.ends_with("/clusters/edit")) {
    drill_.timeline().record("tool", workspace + ": cluster " + field("cluster_id") + " edited");
    stage("repoint", workspace + " cluster " + field("cluster_id"), true);
  } else if (path.ends_with("/clusters/start")) {
    drill_.timeline().record("tool", workspace + ": cluster " + field("cluster_id") + " start requested");
    Stage& s = stage("start_clusters", workspace + " cluster " + field("cluster_id"), false);
    s.clusters.emplace_back(workspace, field("cluster_id"));
  } else if (path.ends_with("/jobs/update") || path.ends_with("/jobs/reset")) {
    if (!body.is_object() || !body.contains("job_id") || !body["job_id"].is_number_integer()) return;
    databricks::Workspace& model = *drill_.world().workspace(workspace).model;
    const auto job = model.jobs().get(body["job_id"].get<std::int64_t>());
    if (!job.ok()) return;
    const std::string name = job.value()->settings.value("name", "");
    const std::int64_t max_runs = job.value()->settings.value("max_concurrent_runs", std::int64_t{1});
    sim::DrillState& state = drill_.state();
    if (max_runs > 0) {
      state.held_jobs.erase({workspace, name});
      state.active_workspace = workspace;
      drill_.timeline().record("tool", workspace + ": job " + name + " released (max_concurrent_runs " +
                                           std::to_string(max_runs) + ")");
      stage("release_jobs", workspace + " " + name, true);
    } else {
      state.held_jobs.insert({workspace, name});
      drill_.timeline().record("tool", workspace + ": job " + name + " held (max_concurrent_runs 0)");
    }
  }
}

void ToolActivity::poll() {
  const Duration now = since_epoch();
  for (Stage& s : stages_) {
    if (!s.open) continue;
    bool done = true;
    if (s.record.name == "storage_failover") {
      for (const std::string& account : s.accounts) {
        const storage::Account* a = drill_.world().storage().find_account(account);
        if (a != nullptr && a->failover().in_progress) done = false;
      }
    } else if (s.record.name == "sql_failover") {
      for (const sql::ReplicationLinkInfo& link : drill_.world().sql_geo().links()) done = done && !link.failover_in_progress;
      for (const sql::FailoverGroupInfo& group : drill_.world().sql_geo().failover_groups()) {
        done = done && !group.failover_in_progress;
      }
    } else if (s.record.name == "start_clusters") {
      for (const auto& [workspace, id] : s.clusters) {
        const databricks::Cluster* c = drill_.world().workspace(workspace).model->clusters().find(id);
        if (c != nullptr && c->state != databricks::ClusterState::kRunning) done = false;
      }
    }
    if (done) {
      s.open = false;
      s.record.end = now;
      drill_.timeline().record("tool", s.record.name + " complete");
    }
  }
}

std::vector<sim::StepRecord> ToolActivity::steps() const {
  std::vector<sim::StepRecord> out;
  for (const Stage& s : stages_) {
    sim::StepRecord r = s.record;
    if (s.open) {
      r.end = since_epoch();
      r.ok = false;
      r.detail += " (not complete at the drill's end)";
    }
    out.push_back(std::move(r));
  }
  std::stable_sort(out.begin(), out.end(), [](const sim::StepRecord& a, const sim::StepRecord& b) { return a.start < b.start; });
  return out;
}

}  // namespace drdrill::serve
