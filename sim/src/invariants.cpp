#include "sim/invariants.h"

#include <utility>

#include "databricks/cluster.h"

namespace drdrill::sim {
namespace {

// Enough of each kind to see the pattern; every one is counted.
constexpr std::size_t kKeptPerInvariant = 10;

}  // namespace

InvariantChecker::InvariantChecker(World& world, DrillState& state, Timeline& timeline)
    : world_(world), state_(state), timeline_(timeline) {}

InvariantChecker::~InvariantChecker() { uninstall(); }

void InvariantChecker::install() {
  if (installed_) return;
  installed_ = true;
  for (auto& [name, handle] : world_.workspaces()) world_.workspace(name).model->add_observer(this);
  world_.blob_front().on_secondary_write_accepted([this](const SecondaryWrite& w) {
    violate(kNoSecondaryWrites, w.method + " " + w.target + " on " + w.account + "-secondary answered " +
                                    std::to_string(w.status));
  });
  // The drill's books open at the epoch: what the warm-up did (containers created before
  // replication was attached) is not the drill's.
  unaccounted_seen_ = world_.blob_front().unaccounted_writes().size();
  ledger_problems_seen_ = world_.ledger().problems().size();
  world_.scheduler().set_trace_sink([this](const TraceEvent&) { check_now(); });
}

void InvariantChecker::uninstall() {
  if (!installed_) return;
  installed_ = false;
  for (auto& [name, handle] : world_.workspaces()) world_.workspace(name).model->remove_observer(this);
  world_.blob_front().on_secondary_write_accepted({});
  world_.scheduler().set_trace_sink({});
}

bool InvariantChecker::enabled(std::string_view invariant) const {
  const Assertions& a = world_.scenario().assertions;
  if (invariant == kNoSecondaryWrites) return a.no_secondary_writes;
  if (invariant == kSingleWritablePrimary) return a.single_writable_primary;
  if (invariant == kHeldJobsNeverRun) return a.held_jobs_never_run;
  if (invariant == kNoSplitBrain) return a.no_split_brain;
  return true;
}

void InvariantChecker::violate(std::string_view invariant, std::string detail) {
  if (!enabled(invariant)) return;
  const std::int64_t n = ++counts_[std::string(invariant)];
  if (static_cast<std::size_t>(n) <= kKeptPerInvariant) {
    violations_.push_back(Violation{world_.scheduler().now() - world_.epoch(), std::string(invariant), detail});
    timeline_.record("invariant", std::string(invariant) + " violated: " + detail);
  }
}

void InvariantChecker::check_now() {
  if (!sql_violated_) {
    if (const Status s = world_.sql_geo().check_invariants(); !s.ok()) {
      // Reported once per episode: the state persists until something changes it.
      sql_violated_ = true;
      violate(kSingleWritablePrimary, s.message());
    }
  } else if (world_.sql_geo().check_invariants().ok()) {
    sql_violated_ = false;
  }
  const auto& problems = world_.ledger().problems();
  for (; ledger_problems_seen_ < problems.size(); ++ledger_problems_seen_) {
    violate(kWritesAccounted, problems[ledger_problems_seen_]);
  }
  const auto& unaccounted = world_.blob_front().unaccounted_writes();
  for (; unaccounted_seen_ < unaccounted.size(); ++unaccounted_seen_) {
    const SecondaryWrite& w = unaccounted[unaccounted_seen_];
    violate(kWritesAccounted, w.method + " " + w.target + " acknowledged by " + w.account +
                                  " (" + std::to_string(w.status) + ") but missing from its replication ledger");
  }
}

std::string InvariantChecker::job_name(const std::string& workspace, std::int64_t job_id) const {
  const auto it = world_.workspaces().find(workspace);
  if (it == world_.workspaces().end()) return "";
  const auto job = it->second.model->jobs().get(job_id);
  if (!job.ok()) return "";
  return (*job)->settings.value("name", "");
}

void InvariantChecker::on_run_started(const databricks::RunEvent& e) {
  const std::string name = job_name(e.workspace, e.job_id);
  state_.count("runs." + e.workspace + ".admitted");
  if (state_.is_held(e.workspace, name)) {
    violate(kHeldJobsNeverRun, "job " + name + " (" + e.workspace + ") admitted run " + std::to_string(e.run_id) +
                                   " while held");
  }
}

void InvariantChecker::on_task_started(const databricks::TaskEvent& e) {
  const std::string name = job_name(e.run.workspace, e.run.job_id);
  auto& executing = active_runs_[name];
  for (const auto& [run_id, region] : executing) {
    if (region == e.run.region) continue;
    ++duplicate_runs_;
    violate(kNoSplitBrain, "job " + name + " run " + std::to_string(e.run.run_id) + " executing in " + e.run.region +
                               " while run " + std::to_string(run_id) + " executes in " + region);
    break;
  }
  executing.emplace(e.run.run_id, e.run.region);
}

void InvariantChecker::on_run_finished(const databricks::RunEvent& e) {
  const std::string name = job_name(e.workspace, e.job_id);
  if (auto it = active_runs_.find(name); it != active_runs_.end()) it->second.erase(e.run_id);
  if (e.result_state.has_value() && *e.result_state == "SUCCESS") state_.count("runs." + e.workspace + ".succeeded");
  if ((e.result_state.has_value() && *e.result_state == "FAILED") || e.life_cycle_state == "INTERNAL_ERROR") {
    state_.count("runs." + e.workspace + ".failed");
  }
}

void InvariantChecker::on_cluster_state(const databricks::ClusterEvent& e) {
  std::string name = e.cluster_id;
  if (const auto it = world_.workspaces().find(e.workspace); it != world_.workspaces().end()) {
    if (const databricks::Cluster* c = it->second.model->clusters().find(e.cluster_id)) name = c->name();
  }
  std::string what = e.workspace + "/" + name + " " + std::string(databricks::to_string(e.previous)) + " -> " +
                     std::string(databricks::to_string(e.state));
  if (e.termination_reason) what += " (" + e.termination_reason->code + ")";
  timeline_.record("databricks", std::move(what));
}

}  // namespace drdrill::sim
