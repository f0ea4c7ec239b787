#include "sim/checker.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <optional>
#include <set>
#include <utility>
#include <variant>

#include "core/ascii_case.h"
#include "databricks/cluster.h"
#include "databricks/mounts.h"
#include "delta_line_files.h"
#include "sim/duration_text.h"
#include "sql/metastore_client.h"
#include "sql/sql_client.h"
#include "storage/blob_store.h"
#include "world_internal.h"

namespace drdrill::sim {

Duration lost_write_window(TimePoint first_lost, TimePoint last_lost, std::optional<TimePoint> from) {
  const TimePoint until = from ? std::max(*from, last_lost) : last_lost;
  return until - first_lost;
}

namespace {

constexpr std::size_t kExamplesPerKind = 10;
constexpr const char* kTableFilesMissing = "table_files_missing";
constexpr const char* kDeltaLogMissingFiles = "delta_log_missing_files";
constexpr const char* kFilesWithoutTable = "files_without_table";

// Blob names of `container` in `store` starting with `prefix`.
std::vector<std::string> blobs_under(const storage::BlobStore& store, const std::string& container,
                                     const std::string& prefix) {
  std::vector<std::string> out;
  const storage::Container* c = store.find_container(container);
  if (c == nullptr) return out;
  for (auto it = c->blobs.lower_bound(prefix); it != c->blobs.end() && it->first.starts_with(prefix); ++it) {
    out.push_back(it->first);
  }
  return out;
}

// A Delta log's data files: adds minus removes, in log order, and the versions present.
struct DeltaFiles {
  std::vector<std::string> live;
  std::vector<std::int64_t> versions;
};

DeltaFiles read_delta_log(const storage::BlobStore& store, const std::string& container, const std::string& root) {
  DeltaFiles out;
  std::map<std::string, bool> present;  // path -> live
  std::vector<std::string> order;
  const std::string log_prefix = root + "_delta_log/";
  for (const std::string& name : blobs_under(store, container, log_prefix)) {
    if (!name.ends_with(".json")) continue;
    const std::string stem = name.substr(log_prefix.size(), name.size() - log_prefix.size() - 5);
    if (stem.empty() || !std::all_of(stem.begin(), stem.end(), [](char c) { return c >= '0' && c <= '9'; })) continue;
    out.versions.push_back(std::stoll(stem));
    const storage::Blob* blob = store.find_blob(container, name);
    std::string_view text = blob->bytes();
    while (!text.empty()) {
      const auto eol = text.find('\n');
      const std::string_view line = text.substr(0, eol);
      text = eol == std::string_view::npos ? std::string_view{} : text.substr(eol + 1);
      DeltaLineFiles files = delta_line_files(line);
      for (std::string* path : {&files.added, &files.removed}) {
        if (path->empty()) continue;
        const bool added = path == &files.added;
        const auto [it, inserted] = present.try_emplace(*path, added);
        if (inserted) {
          order.push_back(std::move(*path));
        } else {
          it->second = added;
        }
      }
    }
  }
  for (const std::string& path : order) {
    if (present[path]) out.live.push_back(path);
  }
  std::sort(out.versions.begin(), out.versions.end());
  return out;
}

struct Finder {
  ConsistencyReport& report;
  void add(const std::string& kind, std::string detail) {
    const std::int64_t n = ++report.counts[kind];
    if (static_cast<std::size_t>(n) <= kExamplesPerKind) report.examples.push_back(Inconsistency{kind, std::move(detail)});
  }
};

std::string format_measured(Duration d) { return format_duration(d); }

// A measurement judged against `target`: when it misses the target by less than its text rounds
// away (60.4 s reads "1m00s"), the exact seconds follow, so a failed assertion never reads
// "target 1min, measured 1m00s".
std::string format_measured(Duration d, Duration target) {
  std::string text = format_duration(d);
  if (d > target && (std::chrono::round<std::chrono::seconds>(d) <= target || text == format_duration(target))) {
    char exact[40];
    std::snprintf(exact, sizeof exact, " (%.9g s)", to_seconds(d));
    text += exact;
  }
  return text;
}

std::string stage_name(const std::string& step) {
  static const std::map<std::string, std::string> kNames = {
      {"detect", "detection"},         {"decide", "decision"},          {"storage_failover", "storage_failover"},
      {"sql_failover", "sql_failover"}, {"repoint", "repoint"},          {"start_clusters", "cluster_start"},
      {"release_jobs", "job_release"},  {"validate", "validation"}};
  const auto it = kNames.find(step);
  return it == kNames.end() ? step : it->second;
}

}  // namespace

// --- cross-store consistency ---

ConsistencyReport check_consistency(World& world, const std::string& workspace) {
  ConsistencyReport report;
  for (const char* kind : {kTableFilesMissing, kDeltaLogMissingFiles, kFilesWithoutTable}) report.counts[kind] = 0;
  const Scenario& scenario = world.scenario();
  if (!scenario.topology.metastore) {
    report.note = "no metastore: nothing to check";
    return report;
  }
  // The metastore as it stands: on whichever server holds its primary now.
  std::string server = scenario.topology.metastore->server;
  for (const sql::ReplicationLinkInfo& link : world.sql_geo().links()) {
    if (ascii_lower(link.database) == ascii_lower(scenario.topology.metastore->database)) server = link.primary_server;
  }
  const SqlServer* spec = scenario.topology.sql.server(server);
  sql::SqlClient client(world.sql(), world.scheduler());
  auto hms = sql::MetastoreClient::for_jdbc_url(client, jdbc_url_for(server, scenario.topology.metastore->database),
                                                spec->admin_user, spec->admin_password, world.scheduler());
  auto databases = hms.ok() ? hms->get_all_databases() : sql::MetastoreResult<std::vector<std::string>>(hms.error());
  if (!databases.ok()) {
    report.note = "metastore on " + server + " unreachable at the end (" + databases.error().to_string() +
                  "): cross-store consistency not checked";
    return report;
  }
  // dbfs:/mnt/... locations resolve through the workspace's mounts as they are now; the check reads
  // each account's current primary copy whichever endpoint a mount names.
  databricks::MountTable mounts;
  if (const auto it = world.workspaces().find(workspace); it != world.workspaces().end()) {
    mounts = it->second.model->mounts();
  }
  Finder found{report};
  for (const std::string& db : *databases) {
    auto tables = hms->get_tables(db);
    if (!tables.ok()) continue;
    for (const std::string& name : *tables) {
      auto table = hms->get_table(db, name);
      if (!table.ok()) continue;
      const std::string full = db + "." + name;
      auto root = mounts.resolve(table->sd.location);
      if (!root.ok()) continue;  // a location drdrill does not model (the DBFS root)
      storage::Account* account = world.storage().find_account(root->account);
      if (account == nullptr) continue;
      const storage::BlobStore& store = account->primary();
      root->secondary = false;
      const std::string prefix = root->path.empty() ? "" : root->path + "/";
      const std::vector<std::string> blobs = blobs_under(store, root->container, prefix);
      std::set<std::string> accounted;
      // Delta: the log's data files must exist; the log's versions must be contiguous.
      const DeltaFiles delta = read_delta_log(store, root->container, prefix);
      for (std::size_t i = 0; i < delta.versions.size(); ++i) {
        if (delta.versions[i] != static_cast<std::int64_t>(i)) {
          found.add(kDeltaLogMissingFiles, full + ": log version " + std::to_string(i) + " missing");
          break;
        }
      }
      for (const std::string& file : delta.live) {
        accounted.insert(prefix + file);
        if (store.find_blob(root->container, prefix + file) == nullptr) {
          found.add(kDeltaLogMissingFiles, full + ": " + file);
        }
      }
      const bool has_data = std::any_of(blobs.begin(), blobs.end(), [&](const std::string& b) {
        return !b.starts_with(prefix + "_delta_log/");
      });
      if (delta.versions.empty() && has_data) found.add(kTableFilesMissing, full + ": no _delta_log at " + root->to_uri());
      // Partitions: each registered partition's directory must hold its files.
      auto partitions = hms->list_partitions(db, name);
      if (partitions.ok()) {
        for (const sql::HivePartition& p : *partitions) {
          auto dir = mounts.resolve(p.sd.location);
          if (!dir.ok()) continue;
          const std::string dir_prefix = dir->path + "/";
          const auto files = blobs_under(store, dir->container, dir_prefix);
          if (files.empty()) {
            found.add(kTableFilesMissing, full + " partition " + sql::make_partition_name(table->partition_keys, p.values));
          }
          accounted.insert(files.begin(), files.end());
        }
      }
      for (const std::string& b : blobs) {
        if (b.starts_with(prefix + "_delta_log/") || accounted.contains(b)) continue;
        found.add(kFilesWithoutTable, full + ": " + root->container + "/" + b);
      }
    }
  }
  return report;
}

// --- control-plane drift ---

namespace {

struct ControlPlane {
  std::set<std::string> notebooks;
  std::map<std::string, std::set<std::string>> secrets;  // scope -> keys
  std::map<std::string, std::string> clusters;           // name -> runtime/node/size
  std::map<std::string, std::string> jobs;               // name -> notebook/cluster/schedule
};

void walk(const databricks::WorkspaceTree& tree, const std::string& path, std::set<std::string>& out) {
  auto children = tree.list(path);
  if (!children.ok()) return;
  for (const databricks::WorkspaceObject* object : *children) {
    if (object->type == databricks::ObjectType::kDirectory) {
      walk(tree, object->path, out);
    } else if (object->type == databricks::ObjectType::kNotebook) {
      out.insert(object->path);
    }
  }
}

ControlPlane snapshot(const databricks::Workspace& ws) {
  ControlPlane out;
  walk(ws.tree(), "/", out.notebooks);
  for (const databricks::ScopeInfo& scope : ws.secrets().list_scopes()) {
    auto& keys = out.secrets[scope.name];
    if (auto listed = ws.secrets().list(scope.name); listed.ok()) {
      for (const databricks::SecretMetadata& m : *listed) keys.insert(m.key);
    }
  }
  std::map<std::string, std::string> names_by_id;
  for (const databricks::Cluster* c : ws.clusters().list()) {
    if (c->source == databricks::ClusterSource::kJob) continue;
    names_by_id[c->cluster_id] = c->name();
    out.clusters[c->name()] = c->spec.value("spark_version", "") + ", " + c->spec.value("node_type_id", "") + ", " +
                              std::to_string(c->spec.value("num_workers", 0)) + " workers";
  }
  for (const databricks::Job* job : ws.jobs().list()) {
    const Json& s = job->settings;
    std::string what;
    if (s.contains("tasks") && !s["tasks"].empty()) {
      const Json& task = s["tasks"][0];
      what += "notebook " + (task.contains("notebook_task") ? task["notebook_task"].value("notebook_path", "") : "");
      const std::string cluster = task.value("existing_cluster_id", "");
      what += ", cluster " + (names_by_id.contains(cluster) ? names_by_id[cluster] : cluster);
    }
    if (s.contains("schedule")) what += ", schedule " + s["schedule"].value("quartz_cron_expression", "");
    out.jobs[s.value("name", "")] = what;
  }
  return out;
}

template <typename Map>
void compare(const std::string& what, const Map& a, const Map& b, const std::string& an, const std::string& bn,
             std::vector<std::string>& out) {
  for (const auto& [key, value] : a) {
    const auto it = b.find(key);
    if (it == b.end()) {
      out.push_back(what + " " + key + ": only in " + an);
    } else if (!(it->second == value)) {
      out.push_back(what + " " + key + ": differs between " + an + " and " + bn);
    }
  }
  for (const auto& [key, value] : b) {
    if (!a.contains(key)) out.push_back(what + " " + key + ": only in " + bn);
  }
}

}  // namespace

std::vector<std::string> control_plane_drift(World& world, const std::string& a, const std::string& b) {
  std::vector<std::string> out;
  const auto ia = world.workspaces().find(a);
  const auto ib = world.workspaces().find(b);
  if (ia == world.workspaces().end() || ib == world.workspaces().end() || a == b) return out;
  const ControlPlane pa = snapshot(*ia->second.model);
  const ControlPlane pb = snapshot(*ib->second.model);
  std::map<std::string, bool> na;
  std::map<std::string, bool> nb;
  for (const auto& n : pa.notebooks) na[n] = true;
  for (const auto& n : pb.notebooks) nb[n] = true;
  compare("notebook", na, nb, a, b, out);
  compare("secret scope", pa.secrets, pb.secrets, a, b, out);
  compare("cluster", pa.clusters, pb.clusters, a, b, out);
  compare("job", pa.jobs, pb.jobs, a, b, out);
  return out;
}

// --- the verdict ---

DrillResult evaluate(const CheckInputs& in) {
  World& world = in.world;
  const Scenario& scenario = world.scenario();
  const Assertions& targets = scenario.assertions;
  DrillResult r;
  r.scenario = scenario.name;
  r.seed = world.seed();
  r.epoch = world.epoch();
  r.findings = in.state.findings;
  r.steps = in.steps;
  r.probes = in.probes;
  r.counters = in.state.counters;
  r.control_plane_drift = in.drift;
  r.duplicate_runs = in.invariants.duplicate_runs();
  r.violations = in.invariants.violations();
  r.events = in.timeline.events();
  r.simulated = world.scheduler().now() - world.epoch();
  r.events_run = world.scheduler().events_run();
  r.trace_hash = world.scheduler().trace_hash();
  if (in.state.outage_start) r.outage_start = *in.state.outage_start - world.epoch();
  for (const Fault& fault : scenario.faults) {
    r.faults.push_back({std::string(fault.kind()), fault.description, fault.window.start, fault.window.end});
  }

  // --- RTO ---
  bool recovered = true;
  // After an outage only a probe that watched it (no expect_failure, at least one attempt since it
  // began) can show that service came back; without one, recovery is not measured, not assumed.
  bool watched = !r.outage_start;
  std::optional<Duration> recovery;
  for (const ProbeSummary& p : in.probes) {
    if (p.expect_failure) continue;
    if (!r.outage_start) {
      if (p.successes == 0) recovered = false;
      continue;
    }
    watched = true;
    if (p.attempts_after_outage == 0) {
      recovered = false;  // it never ran again: nothing says service is back
      continue;
    }
    Duration at = *r.outage_start;
    if (p.first_failure_after_outage) {
      if (!p.recovered_at) {
        recovered = false;
        continue;
      }
      at = *p.recovered_at;
    }
    recovery = recovery ? std::max(*recovery, at) : at;
  }
  if (!recovered) r.findings.insert(Finding::kNotRecovered);
  if (!watched) recovered = false;
  r.rto_measured = watched;
  if (recovered && r.outage_start && recovery) {
    const Duration rto = *recovery - *r.outage_start;
    r.rto_s = to_seconds(rto);
    // Stages along the runbook's steps, then what remained until the probes passed. Time no step
    // covers is a stage too (a runbook started at start_at after the outage began, a pause between
    // steps), so the stages always add up to RTO.
    Duration cursor = *r.outage_start;
    auto add_stage = [&](const std::string& name, Duration length) {
      const auto same = std::find_if(r.rto_stages.begin(), r.rto_stages.end(), [&](const RtoStage& s) { return s.name == name; });
      if (same != r.rto_stages.end()) {
        same->seconds += to_seconds(length);  // report.json keys stages by name
      } else {
        r.rto_stages.push_back(RtoStage{name, to_seconds(length)});
      }
    };
    for (const StepRecord& step : in.steps) {
      if (step.name == "hold_source_jobs" || step.name.starts_with("failback.") || step.start >= *recovery) continue;
      const Duration from = std::max(step.start, cursor);
      const Duration to = std::min(step.end, *recovery);
      if (to <= from && step.end > cursor) continue;
      if (to > from) {
        if (from > cursor) add_stage(r.rto_stages.empty() ? "until_runbook_starts" : "between_steps", from - cursor);
        r.rto_stages.push_back(RtoStage{stage_name(step.name), to_seconds(to - from)});
        cursor = to;
      }
    }
    if (*recovery > cursor) {
      r.rto_stages.push_back(RtoStage{in.steps.empty() ? "outage" : "until_probes_pass", to_seconds(*recovery - cursor)});
    }
  }

  // --- RPO per store ---
  // The Delta commits every cluster got acknowledged, with the writes underneath them.
  for (const lakehouse::DeltaLedgerEntry& entry : world.data_plane().ledger().entries()) {
    const databricks::AcknowledgedWrite& w = entry.write;
    if (w.kind != "delta_commit") continue;  // metastore-only DDL is in the metastore's own ledger
    DeltaCommit commit{entry.table, w.operation + " v" + std::to_string(w.delta_version),
                       static_cast<std::uint64_t>(std::max<std::int64_t>(0, w.bytes)), w.acknowledged_at, {}};
    for (const databricks::UnderlyingWrite& u : w.underlying) {
      if (u.store.starts_with("storage:")) {
        commit.parts.push_back(DeltaPart{Store::kStorage, u.store.substr(8), u.target, 0, u.acknowledged_at, u.etag});
      } else if (u.store.starts_with("sql:")) {
        commit.parts.push_back(DeltaPart{Store::kMetastore, u.store.substr(4), "", u.sequence, u.acknowledged_at, ""});
      }
    }
    world.ledger().add_delta_commit(std::move(commit));
  }
  for (const Store store : kStores) r.stores[store] = StoreLoss{};
  const auto* reference = std::get_if<ReferenceRunbook>(&scenario.runbook);
  const bool failing_back = reference != nullptr && reference->failback.enabled;
  if (failing_back) {
    r.failback = FailbackResult{};
    for (const Store store : kStores) r.failback->stores[store] = StoreLoss{};
  }
  // Writes the new primaries acknowledged after the failovers can only be lost by failing back.
  const std::optional<TimePoint> failback_boundary = failing_back ? in.state.failover_complete : std::nullopt;
  const TimePoint failback_from = in.state.failback_start.value_or(failback_boundary.value_or(world.epoch()));
  // The acknowledgement times of the first and the last lost write, per store (ledger order is not
  // acknowledgement order across the stores' ledgers).
  struct LostSpan {
    std::optional<TimePoint> first;
    std::optional<TimePoint> last;
    void add(TimePoint acknowledged) {
      first = first ? std::min(*first, acknowledged) : acknowledged;
      last = last ? std::max(*last, acknowledged) : acknowledged;
    }
  };
  std::map<Store, LostSpan> lost_spans;
  std::map<Store, LostSpan> failback_lost_spans;
  for (const LedgerEntry& e : world.ledger().entries(world.storage())) {
    StoreLoss& loss = r.stores[e.store];
    ++loss.writes;
    if (failback_boundary && e.acknowledged >= *failback_boundary) {
      StoreLoss& after = r.failback->stores[e.store];
      ++after.writes;
      if (e.lost) {
        ++after.lost_writes;
        after.lost_bytes += e.bytes;
        failback_lost_spans[e.store].add(e.acknowledged);
        r.findings.insert(Finding::kDataLost);
        continue;
      }
    }
    if (e.lost) {
      ++loss.lost_writes;
      loss.lost_bytes += e.bytes;
      lost_spans[e.store].add(e.acknowledged);
    } else if (!e.arrived) {
      ++loss.in_flight;
    }
  }
  const std::optional<TimePoint> outage_from =
      r.outage_start ? std::optional<TimePoint>{world.epoch() + *r.outage_start} : std::nullopt;
  for (const auto& [store, span] : lost_spans) {
    r.stores[store].rpo_s = to_seconds(lost_write_window(*span.first, *span.last, outage_from));
    r.stores[store].first_lost = *span.first - world.epoch();
  }
  if (r.failback) {
    for (const auto& [store, span] : failback_lost_spans) {
      r.failback->stores[store].rpo_s = to_seconds(lost_write_window(*span.first, *span.last, failback_from));
      r.failback->stores[store].first_lost = *span.first - world.epoch();
    }
  }
  for (auto& [store, loss] : r.stores) {
    if (loss.writes > 0 && !loss.rpo_s) loss.rpo_s = 0.0;
    if (loss.lost_writes > 0) r.findings.insert(Finding::kDataLost);
  }

  // --- failback ---
  if (r.failback) {
    FailbackResult& fb = *r.failback;
    for (auto& [store, loss] : fb.stores) {
      if (loss.writes > 0 && !loss.rpo_s) loss.rpo_s = 0.0;
    }
    if (in.state.failback_start) fb.start = *in.state.failback_start - world.epoch();
    bool all_ok = true;
    for (const StepRecord& step : in.steps) {
      if (!step.name.starts_with("failback.")) continue;
      all_ok = all_ok && step.ok;
      if (step.name == "failback.detect_return") fb.region_returned = step.end;
      if (fb.start && step.start >= *fb.start) {
        fb.end = fb.end ? std::max(*fb.end, step.end) : step.end;
        fb.stages.push_back(RtoStage{step.name.substr(9), to_seconds(step.end - step.start)});
      }
    }
    // Every step ran to its end and none failed (validation included, when it runs).
    fb.completed = fb.start.has_value() && all_ok && in.state.failback_done;
    if (fb.completed && fb.end) fb.duration_s = to_seconds(*fb.end - *fb.start);
    if (fb.start) {
      std::optional<Duration> first;
      std::optional<Duration> last;
      bool back = true;
      for (const ProbeSummary& p : in.probes) {
        if (p.expect_failure || !p.failback_first_failure) continue;
        first = first ? std::min(*first, *p.failback_first_failure) : *p.failback_first_failure;
        if (!p.failback_recovered_at) {
          back = false;
        } else {
          last = last ? std::max(*last, *p.failback_recovered_at) : *p.failback_recovered_at;
        }
      }
      if (!first) {
        fb.downtime_s = 0.0;
      } else if (back && last) {
        fb.downtime_s = to_seconds(*last - *first);
      }
    }
  }

  // --- cross-store consistency ---
  const ConsistencyReport consistency = check_consistency(world, in.state.active_workspace);
  r.inconsistencies = consistency.counts;
  r.inconsistency_examples = consistency.examples;
  if (!consistency.note.empty()) r.events.push_back(TimelineEvent{world.scheduler().now(), "checker", consistency.note});
  if (consistency.counts.at(kTableFilesMissing) > 0) r.findings.insert(Finding::kTableFilesMissing);
  if (consistency.counts.at(kDeltaLogMissingFiles) > 0) r.findings.insert(Finding::kDeltaLogMissingFiles);
  if (consistency.counts.at(kFilesWithoutTable) > 0) r.findings.insert(Finding::kFilesWithoutTable);
  if (!r.control_plane_drift.empty()) r.findings.insert(Finding::kControlPlaneDrift);
  if (world.blob_front().secondary_writes_refused() > 0) r.findings.insert(Finding::kWriteRefusedBySecondary);

  // --- assertions ---
  auto judge = [&](std::string name, std::string target, std::string measured, bool pass,
                   std::optional<Finding> finding = std::nullopt) {
    r.assertions.push_back(AssertionResult{std::move(name), std::move(target), std::move(measured), pass});
    if (!pass && finding) r.findings.insert(*finding);
  };
  const char* kNotMeasured = "not measured: no probe without expect_failure";
  if (targets.rto_max) {
    std::string measured = r.rto_s    ? format_measured(from_seconds(*r.rto_s), *targets.rto_max)
                           : !watched ? kNotMeasured
                                      : (recovered ? "no outage" : "not recovered");
    const bool pass = r.rto_s ? from_seconds(*r.rto_s) <= *targets.rto_max : recovered;
    judge("rto_max", format_duration_text(*targets.rto_max), measured, pass,
          watched ? std::optional(Finding::kRtoExceeded) : std::nullopt);
  }
  judge("recovered", "every probe succeeds again", !watched ? kNotMeasured : recovered ? "yes" : "not recovered",
        recovered);
  const std::pair<Store, std::optional<Duration>> rpo_targets[] = {
      {Store::kStorage, targets.rpo_max.storage}, {Store::kMetastore, targets.rpo_max.metastore}, {Store::kDelta, targets.rpo_max.delta}};
  for (const auto& [store, target] : rpo_targets) {
    if (!target) continue;
    const StoreLoss& loss = r.stores[store];
    const double rpo = loss.rpo_s.value_or(0.0);
    judge("rpo_max." + std::string(to_string(store)), format_duration_text(*target),
          loss.writes == 0 ? "no writes" : format_measured(from_seconds(rpo), *target), rpo <= to_seconds(*target),
          Finding::kRpoExceeded);
  }
  const std::pair<Store, std::optional<std::int64_t>> lost_targets[] = {{Store::kStorage, targets.lost_writes_max.storage},
                                                                        {Store::kMetastore, targets.lost_writes_max.metastore},
                                                                        {Store::kDelta, targets.lost_writes_max.delta}};
  for (const auto& [store, target] : lost_targets) {
    if (!target) continue;
    const StoreLoss& loss = r.stores[store];
    judge("lost_writes_max." + std::string(to_string(store)), std::to_string(*target), std::to_string(loss.lost_writes),
          loss.lost_writes <= *target, Finding::kLostWritesExceeded);
  }
  if (targets.inconsistencies_max) {
    std::int64_t total = 0;
    for (const auto& [kind, n] : r.inconsistencies) total += n;
    judge("inconsistencies_max", std::to_string(*targets.inconsistencies_max), std::to_string(total),
          total <= *targets.inconsistencies_max, Finding::kInconsistenciesExceeded);
  }
  if (r.failback) {
    const FailbackResult& fb = *r.failback;
    std::string measured = "not started: the original region did not return healthy within the run";
    if (fb.completed && fb.duration_s) {
      measured = "completed in " + format_measured(from_seconds(*fb.duration_s));
    } else if (fb.start) {
      measured = "started at +" + format_measured(*fb.start) + ", not completed";
    }
    judge("failback.completed", "fails back within the run", measured, fb.completed);
    // Planned failovers back (or none) must lose nothing: both regions are up.
    const FailbackRunbook& plan = reference->failback;
    if (plan.sql_failover != FailbackSqlMode::kForced) {
      std::int64_t lost = 0;
      for (const auto& [store, loss] : fb.stores) lost += loss.lost_writes;
      judge("failback.lost_writes", "0", std::to_string(lost), lost == 0, Finding::kLostWritesExceeded);
    }
  }
  const std::tuple<std::string_view, bool, Finding> invariants[] = {
      {kNoSecondaryWrites, targets.no_secondary_writes, Finding::kSecondaryWriteAccepted},
      {kSingleWritablePrimary, targets.single_writable_primary, Finding::kTwoWritablePrimaries},
      {kHeldJobsNeverRun, targets.held_jobs_never_run, Finding::kHeldJobRan},
      {kNoSplitBrain, targets.no_split_brain, Finding::kSplitBrain},
      {kWritesAccounted, true, Finding::kUnaccountedWrite},
  };
  for (const auto& [name, enabled, finding] : invariants) {
    if (!enabled) continue;
    const auto it = in.invariants.violation_counts().find(std::string(name));
    const std::int64_t n = it == in.invariants.violation_counts().end() ? 0 : it->second;
    judge("invariant." + std::string(name), "0 violations", std::to_string(n) + (n == 1 ? " violation" : " violations"),
          n == 0, finding);
  }
  for (const ProbeSummary& p : in.probes) {
    if (!p.expect_failure) continue;
    judge("probe." + p.name + ".never_succeeds", "0 successes", std::to_string(p.successes) + " successes",
          p.successes == 0, Finding::kUnexpectedProbeSuccess);
  }
  r.verdict = std::all_of(r.assertions.begin(), r.assertions.end(), [](const AssertionResult& a) { return a.pass; })
                  ? Verdict::kPass
                  : Verdict::kFail;
  r.expect = scenario.expect;
  if (r.expect) {
    r.passed = r.verdict == r.expect->verdict &&
               std::all_of(r.expect->findings.begin(), r.expect->findings.end(),
                           [&](Finding f) { return r.findings.contains(f); });
  } else {
    r.passed = r.verdict == Verdict::kPass;
  }
  return r;
}

}  // namespace drdrill::sim
