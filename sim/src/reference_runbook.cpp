#include "sim/reference_runbook.h"

#include <algorithm>
#include <utility>

#include "core/ascii_case.h"
#include "core/delay.h"
#include "databricks/base64.h"
#include "databricks/cluster.h"
#include "databricks/mounts.h"
#include "lakehouse/delta_log.h"
#include "lakehouse/storage_client.h"
#include "sim/cluster_access.h"
#include "sim/lro.h"
#include "sql/jdbc_url.h"
#include "sql/sql_client.h"
#include "world_internal.h"

namespace drdrill::sim {
namespace {

constexpr Duration kRestTimeout = std::chrono::seconds(30);
constexpr Duration kClusterPoll = std::chrono::seconds(30);
// How often the runbook retries holding the source's jobs while its control plane is down.
constexpr Duration kHoldRetry = std::chrono::seconds(30);
// How long the runbook waits for one ARM operation (storage failovers can take hours under the
// slow_storage_failover fault).
constexpr Duration kLroMaxWait = std::chrono::hours(24);
constexpr Duration kRepairRetry = std::chrono::seconds(30);
constexpr Duration kRepairPatience = std::chrono::minutes(30);
// The Databricks SDKs' default retry timeout for throttled (429) and unavailable (503) answers.
constexpr Duration kSdkRetryTimeout = std::chrono::minutes(5);
// The ABFS driver's exponential retry policy for transient storage errors (503 ServerBusy, 500):
// fs.azure.io.retry.max.retries = 30, backoff from 3 s doubling up to 30 s.
constexpr int kStorageRetries = 30;
constexpr Duration kStorageBackoffMin = std::chrono::seconds(3);
constexpr Duration kStorageBackoffMax = std::chrono::seconds(30);

Duration storage_backoff(int retry) {
  Duration wait = kStorageBackoffMin;
  for (int i = 1; i < retry && wait < kStorageBackoffMax; ++i) wait *= 2;
  return std::min(wait, kStorageBackoffMax);
}

std::string host_label(const std::string& host) {
  static constexpr std::string_view kSuffix = ".database.windows.net";
  return host.ends_with(kSuffix) ? host.substr(0, host.size() - kSuffix.size()) : host;
}

// Replaces the host of a JDBC URL ("jdbc:sqlserver://<host>:1433;...").
std::string with_host(const std::string& url, const std::string& host) {
  static constexpr std::string_view kScheme = "jdbc:sqlserver://";
  if (!url.starts_with(kScheme)) return url;
  const auto end = url.find_first_of(":;", kScheme.size());
  return std::string(kScheme) + host + (end == std::string::npos ? "" : url.substr(end));
}

// A value of a cluster's conf with a secret reference resolved through the scenario's scopes.
std::string resolve(const Workspace& ws, const std::string& value) {
  if (const auto ref = parse_secret_reference(value)) {
    if (const SecretScope* scope = ws.secret_scope(ref->scope); scope != nullptr && scope->secrets.contains(ref->key)) {
      return scope->secrets.at(ref->key);
    }
  }
  return value;
}

// The clusters/edit body that keeps a cluster as its clusters/get answer `spec` has it (the
// scenario's values where the answer lacks one) with the Spark conf `conf`.
Json cluster_edit(const std::string& id, const Json& spec, const Cluster& cluster, const Json& conf) {
  return {{"cluster_id", id},
          {"cluster_name", spec.value("cluster_name", cluster.name)},
          {"spark_version", spec.value("spark_version", cluster.spark_version)},
          {"node_type_id", spec.value("node_type_id", cluster.node_type)},
          {"num_workers", spec.value("num_workers", cluster.num_workers)},
          {"spark_conf", conf}};
}

}  // namespace

ReferenceRunbookRunner::ReferenceRunbookRunner(World& world, DrillState& state, Timeline& timeline,
                                               ReferenceRunbook runbook)
    : world_(world),
      state_(state),
      timeline_(timeline),
      runbook_(std::move(runbook)),
      from_(runbook_.from_workspace),
      to_(runbook_.to_workspace),
      decide_rng_(world.random().stream("runbook.decide")),
      arm_([&world](const http::Request& r) { return world.arm().handle(r); }),
      background_(world.scheduler()) {}

std::size_t ReferenceRunbookRunner::begin_step(std::string name) {
  timeline_.record("runbook", "begin " + name);
  steps_.push_back(StepRecord{std::move(name), world_.scheduler().now() - world_.epoch(), {}, true, ""});
  return steps_.size() - 1;
}

void ReferenceRunbookRunner::end_step(std::size_t index, bool ok, std::string detail) {
  StepRecord& step = steps_[index];
  step.end = world_.scheduler().now() - world_.epoch();
  step.ok = ok;
  step.detail = std::move(detail);
  timeline_.record("runbook", "end " + step.name + (ok ? " ok" : " FAILED") + (step.detail.empty() ? "" : ": " + step.detail));
}

Task<CallOutcome> ReferenceRunbookRunner::rest(const std::string& workspace, http::Method method, std::string target,
                                               const Json* body, Duration timeout) {
  WorkspaceHandle& ws = world_.workspace(workspace);
  co_return co_await call(world_.scheduler(), ws.api,
                          databricks_request(ws.host, ws.token, method, std::move(target), body),
                          reach_of(ws.model->control_plane_outage()), timeout);
}

Task<CallOutcome> ReferenceRunbookRunner::sdk(const std::string& workspace, http::Method method, std::string target,
                                              const Json* body) {
  // The Databricks SDKs retry 429 REQUEST_LIMIT_EXCEEDED and 503 TEMPORARILY_UNAVAILABLE until a
  // retry timeout (5 min by default), waiting Retry-After when the answer gives one, else one more
  // second per attempt up to 10 s (without the SDKs' random jitter, to stay deterministic).
  Scheduler& sched = world_.scheduler();
  const TimePoint deadline = sched.now() + kSdkRetryTimeout;
  for (int attempt = 1;; ++attempt) {
    CallOutcome got = co_await rest(workspace, method, target, body, kRestTimeout);
    if (!got.answered() || (got.response->status != 429 && got.response->status != 503)) co_return got;
    Duration wait = std::chrono::seconds(std::min(attempt, 10));
    if (const auto after = got.response->headers.get("Retry-After")) {
      int seconds = 0;
      for (const char c : *after) {
        if (c < '0' || c > '9') break;
        seconds = seconds * 10 + (c - '0');
      }
      if (seconds > 0) wait = std::chrono::seconds(std::min(seconds, 60));
    }
    if (sched.now() + wait > deadline) co_return got;
    co_await delay_for(sched, wait, "runbook.sdk.retry");
  }
}

Task<CallOutcome> ReferenceRunbookRunner::arm(http::Method method, std::string target, const Json* body) {
  // Azure Resource Manager is global: a regional outage does not take it down.
  co_return co_await call(world_.scheduler(), arm_, arm_request(method, std::move(target), body), Reach::kServe,
                          kRestTimeout);
}

std::vector<std::string> ReferenceRunbookRunner::storage_accounts() const {
  if (!runbook_.storage_failover.accounts.empty()) return runbook_.storage_failover.accounts;
  std::vector<std::string> out;
  for (const auto& [name, account] : world_.storage().accounts()) {
    if (storage::is_geo_redundant(account->redundancy())) out.push_back(name);
  }
  return out;
}

// --- 1. detect ---

Task<bool> ReferenceRunbookRunner::health_round() {
  Scheduler& sched = world_.scheduler();
  const Duration timeout = runbook_.detect.timeout;
  bool healthy = true;
  // The source workspace's REST API.
  if (!from_.empty()) {
    const CallOutcome api = co_await rest(from_, http::Method::kGet, "/api/2.1/clusters/list", nullptr, timeout);
    healthy = healthy && api.ok();
  }
  // The storage accounts' primary endpoints.
  for (const std::string& account : storage_accounts()) {
    http::Request request = world_.blob_request(http::Method::kGet, account, false, "/?restype=account&comp=properties");
    const storage::OutageMode mode = world_.blob_front().outage_mode(request);
    const http::Handler front = world_.blob_front().handler();
    const CallOutcome got = co_await call(sched, front, std::move(request), reach_of(mode), timeout);
    healthy = healthy && got.ok();
  }
  // The metastore's SQL endpoint, as the source workspace's clusters name it.
  if (const auto& metastore = world_.scenario().topology.metastore) {
    std::string url = jdbc_url_for(metastore->server, metastore->database);
    std::string user;
    std::string password;
    if (const Workspace* ws = world_.scenario().topology.workspace(from_)) {
      for (const Cluster& c : ws->clusters) {
        if (!c.metastore) continue;
        url = c.metastore->jdbc_url;
        user = resolve(*ws, c.metastore->user);
        password = resolve(*ws, c.metastore->password);
        break;
      }
    }
    if (user.empty()) {
      const SqlServer* server = world_.scenario().topology.sql.server(metastore->server);
      user = server->admin_user;
      password = server->admin_password;
    }
    sql::SqlClient client(world_.sql(), sched);
    auto connection = client.connect(url, user, password);
    if (!connection.ok()) {
      healthy = false;
      // A connect that hangs costs the probe its timeout.
      const Duration waited = std::min(connection.error().client_wait, timeout);
      if (waited > Duration::zero()) co_await delay_for(sched, waited, "runbook.detect.sql");
    }
  }
  co_return healthy;
}

Task<bool> ReferenceRunbookRunner::detect() {
  Scheduler& sched = world_.scheduler();
  const std::size_t step = begin_step("detect");
  int consecutive = 0;
  while (true) {
    const TimePoint round = sched.now();
    const bool healthy = co_await health_round();
    consecutive = healthy ? 0 : consecutive + 1;
    if (consecutive >= runbook_.detect.failure_threshold) break;
    co_await delay_until(sched, round + runbook_.detect.probe_interval, "runbook.detect");
  }
  // The step measures the outage's detection: from the outage's start when it is known.
  if (state_.outage_start && *state_.outage_start <= sched.now()) steps_[step].start = *state_.outage_start - world_.epoch();
  end_step(step, true, std::to_string(runbook_.detect.failure_threshold) + " consecutive failed health rounds");
  co_return true;
}

// --- 3. storage failover ---

Task<void> ReferenceRunbookRunner::storage_failover(bool wait) {
  if (runbook_.storage_failover.mode == StorageFailoverMode::kNone) co_return;
  const bool planned = runbook_.storage_failover.mode == StorageFailoverMode::kPlanned;
  const std::size_t step = begin_step("storage_failover");
  const auto& config = world_.storage_arm_config();
  bool ok = true;
  std::string detail;
  std::vector<std::pair<std::string, http::Response>> started;
  for (const std::string& account : storage_accounts()) {
    const std::string target = "/subscriptions/" + config.subscription_id + "/resourceGroups/" + config.resource_group +
                               "/providers/Microsoft.Storage/storageAccounts/" + account + "/failover?api-version=" +
                               std::string(kStorageApiVersion) + (planned ? "&failoverType=Planned" : "");
    CallOutcome sent = co_await arm(http::Method::kPost, target, nullptr);
    timeline_.record("storage", std::string(planned ? "planned" : "unplanned") + " failover of " + account +
                                    " requested: " + sent.describe());
    if (!sent.answered()) {
      ok = false;
      detail += account + ": " + sent.failure + "; ";
      continue;
    }
    started.emplace_back(account, *sent.response);
  }
  if (!wait) {
    // The deliberate bug: the storage failover's state is ignored.
    end_step(step, ok, detail + "started, not waited for");
    co_return;
  }
  for (auto& [account, initial] : started) {
    const LroOutcome outcome = co_await poll_lro(world_.scheduler(), arm_, initial, kLroMaxWait);
    timeline_.record("storage", "failover of " + account + (outcome.succeeded() ? " completed" : " failed: " + outcome.error));
    if (!outcome.succeeded()) {
      ok = false;
      detail += account + ": " + outcome.error + "; ";
    }
  }
  if (!detail.empty()) detail.resize(detail.size() - 2);
  end_step(step, ok, detail);
  if (ok && !planned) co_await repair_delta();
}

Task<void> ReferenceRunbookRunner::repair_delta() {
  const std::size_t step = begin_step("repair_delta");
  Scheduler& sched = world_.scheduler();
  const TimePoint deadline = sched.now() + kRepairPatience;
  std::vector<const Table*> pending;
  for (const Table& table : world_.scenario().topology.tables) pending.push_back(&table);
  std::string detail;
  std::string last_error;
  while (true) {
    std::vector<const Table*> again;
    for (const Table* table : pending) {
      std::string why = co_await repair_table(*table, detail);
      if (!why.empty()) {
        last_error = table->name + ": " + why;
        again.push_back(table);
      }
    }
    pending = std::move(again);
    if (pending.empty() || sched.now() + kRepairRetry > deadline) break;
    co_await delay_for(sched, kRepairRetry, "runbook.repair.retry");
  }
  if (!detail.empty()) detail.resize(detail.size() - 2);
  if (!pending.empty()) {
    end_step(step, false, (detail.empty() ? "" : detail + "; ") + "gave up: " + last_error);
    co_return;
  }
  end_step(step, true, detail.empty() ? "every Delta log complete" : detail);
}

Task<std::string> ReferenceRunbookRunner::repair_table(const Table& table, std::string& detail) {
  Scheduler& sched = world_.scheduler();
  std::map<std::string, std::string> keys;
  for (const StorageAccount& a : world_.scenario().topology.storage_accounts) {
    keys[a.name] = databricks::base64_encode(world_.account_key(a.name));
  }
  lakehouse::StorageClient client(world_.blob_front().handler(), sched, keys);
  // Table locations resolve through the target workspace's mounts, on the account's own name (the
  // failed-over primary).
  databricks::MountTable mounts;
  if (const Workspace* ws = world_.scenario().topology.workspace(to_)) {
    for (const Mount& m : ws->mounts) (void)mounts.mount(m.mount_point, m.source);
  }
  auto root = mounts.resolve(table.location);
  if (!root.ok()) co_return "";
  root->secondary = false;
  // Each request is retried on transient errors as the ABFS driver retries them.
  auto transient = [](const lakehouse::DataError& e) { return e.kind == lakehouse::DataErrorKind::kStorageUnavailable; };
  const std::string base = root->path.empty() ? "" : root->path + "/";
  auto names = client.list(*root, base + "_delta_log/");
  for (int retry = 1; !names.ok() && transient(names.error()) && retry <= kStorageRetries; ++retry) {
    co_await delay_for(sched, storage_backoff(retry), "runbook.repair.backoff");
    names = client.list(*root, base + "_delta_log/");
  }
  if (!names.ok()) co_return names.error().to_string();
  std::vector<std::pair<std::int64_t, std::string>> versions;
  for (const std::string& name : *names) {
    if (const auto v = lakehouse::parse_log_file_name(name.substr(name.rfind('/') + 1))) versions.emplace_back(*v, name);
  }
  std::sort(versions.begin(), versions.end());
  // The last complete version: contiguous from 0, every file it adds present.
  std::int64_t last_good = -1;
  for (const auto& [version, name] : versions) {
    if (version != last_good + 1) break;
    databricks::StorageLocation file = *root;
    file.path = name;
    auto text = client.get(file);
    for (int retry = 1; !text.ok() && transient(text.error()) && retry <= kStorageRetries; ++retry) {
      co_await delay_for(sched, storage_backoff(retry), "runbook.repair.backoff");
      text = client.get(file);
    }
    if (!text.ok()) co_return text.error().to_string();
    auto commit = lakehouse::parse_commit(version, text->content, name);
    if (!commit.ok()) break;
    bool complete = true;
    for (const lakehouse::DeltaAddFile& add : commit->adds) {
      databricks::StorageLocation data = *root;
      data.path = base + add.path;
      auto exists = client.exists(data);
      for (int retry = 1; !exists.ok() && transient(exists.error()) && retry <= kStorageRetries; ++retry) {
        co_await delay_for(sched, storage_backoff(retry), "runbook.repair.backoff");
        exists = client.exists(data);
      }
      if (!exists.ok()) co_return exists.error().to_string();
      if (!*exists) complete = false;
    }
    if (!complete) break;
    last_good = version;
  }
  int removed = 0;
  for (const auto& [version, name] : versions) {
    if (version <= last_good) continue;
    const std::string target = "/" + root->container + "/" + name;
    http::Response deleted = world_.blob_front().handle(world_.blob_request(http::Method::kDelete, root->account, false, target));
    for (int retry = 1; (deleted.status == 503 || deleted.status == 500) && retry <= kStorageRetries; ++retry) {
      co_await delay_for(sched, storage_backoff(retry), "runbook.repair.backoff");
      deleted = world_.blob_front().handle(world_.blob_request(http::Method::kDelete, root->account, false, target));
    }
    if (deleted.status != 202) co_return "deleting " + name + ": " + describe_error(deleted);
    ++removed;
  }
  if (removed > 0) {
    detail += table.name + ": log cut back to version " + std::to_string(last_good) + " (" + std::to_string(removed) +
              " later version(s) removed); ";
  }
  co_return "";
}

// --- 4. SQL failover ---

Task<std::optional<std::string>> ReferenceRunbookRunner::current_primary(std::string database, std::string viewpoint) {
  const auto& config = world_.sql_arm_config();
  const std::string target = "/subscriptions/" + config.subscription_id + "/resourceGroups/" + config.resource_group +
                             "/providers/Microsoft.Sql/servers/" + viewpoint + "/databases/" + database +
                             "/replicationLinks?api-version=" + std::string(kSqlApiVersion);
  const CallOutcome got = co_await arm(http::Method::kGet, target, nullptr);
  if (!got.ok()) co_return std::nullopt;
  const auto body = json_body(*got.response);
  if (!body || !body->contains("value") || (*body)["value"].empty()) co_return std::nullopt;
  const Json& props = (*body)["value"][0]["properties"];
  if (props.value("role", "") == "Primary") co_return viewpoint;
  co_return props.value("partnerServer", "");
}

Task<LroOutcome> ReferenceRunbookRunner::request_sql_failover(std::string resource, std::string action,
                                                              std::string database, std::string server) {
  const CallOutcome sent = co_await arm(http::Method::kPost,
                                        resource + "/" + action + "?api-version=" + std::string(kSqlApiVersion), nullptr);
  timeline_.record("sql", action + " of " + database + " on " + server + " requested: " + sent.describe());
  if (!sent.answered()) co_return LroOutcome{LroOutcome::State::kRefused, 0, {}, sent.failure};
  co_return co_await poll_lro(world_.scheduler(), arm_, *sent.response, kLroMaxWait);
}

Task<void> ReferenceRunbookRunner::sql_failover() {
  const SqlFailoverMode mode = runbook_.sql_failover.mode;
  if (mode == SqlFailoverMode::kNone) co_return;
  const std::size_t step = begin_step("sql_failover");
  const SqlTopology& topo = world_.scenario().topology.sql;
  const auto& config = world_.sql_arm_config();
  const std::string servers = "/subscriptions/" + config.subscription_id + "/resourceGroups/" + config.resource_group +
                              "/providers/Microsoft.Sql/servers/";
  const std::string version = "?api-version=" + std::string(kSqlApiVersion);

  std::vector<std::string> databases = runbook_.sql_failover.databases;
  if (databases.empty()) {
    for (const ReplicationLink& link : topo.replication_links) databases.push_back(link.database);
    for (const FailoverGroup& group : topo.failover_groups) {
      databases.insert(databases.end(), group.databases.begin(), group.databases.end());
    }
  }
  bool ok = true;
  bool groups_moved = false;
  std::string detail;
  std::vector<std::string> groups_done;
  for (const std::string& database : databases) {
    std::string resource;  // what to POST the failover to (path without the action)
    std::string target_server;
    bool group = false;
    if (const FailoverGroup* g = topo.failover_group_of(database)) {
      if (std::find(groups_done.begin(), groups_done.end(), g->name) != groups_done.end()) continue;
      groups_done.push_back(g->name);
      target_server = g->secondary;
      resource = servers + target_server + "/failoverGroups/" + g->name;
      group = true;
      const CallOutcome got = co_await arm(http::Method::kGet, resource + version, nullptr);
      if (got.ok()) {
        if (const auto body = json_body(*got.response);
            body && (*body)["properties"].value("replicationRole", "") == "Primary") {
          detail += g->name + ": already primary on " + target_server + "; ";
          continue;
        }
      }
    } else if (const ReplicationLink* l = topo.link_of(database)) {
      target_server = l->secondary;
      const CallOutcome got = co_await arm(
          http::Method::kGet, servers + target_server + "/databases/" + l->database + "/replicationLinks" + version, nullptr);
      const auto body = got.ok() ? json_body(*got.response) : std::nullopt;
      if (!body || !body->contains("value") || (*body)["value"].empty()) {
        ok = false;
        detail += database + ": replication link not found (" + got.describe() + "); ";
        continue;
      }
      const Json& link = (*body)["value"][0];
      if (link["properties"].value("role", "") == "Primary") {
        detail += database + ": already primary on " + target_server + "; ";
        continue;
      }
      resource = servers + target_server + "/databases/" + l->database + "/replicationLinks/" + link.value("name", "");
    } else {
      continue;
    }

    LroOutcome outcome;
    switch (mode) {
      case SqlFailoverMode::kForced: outcome = co_await request_sql_failover(resource, "forceFailoverAllowDataLoss", database, target_server); break;
      case SqlFailoverMode::kPlanned: outcome = co_await request_sql_failover(resource, "failover", database, target_server); break;
      case SqlFailoverMode::kPlannedThenForced:
        if (group) {
          outcome = co_await request_sql_failover(resource, "tryPlannedBeforeForcedFailover", database, target_server);
        } else {
          outcome = co_await request_sql_failover(resource, "failover", database, target_server);
          if (!outcome.succeeded()) {
            timeline_.record("sql", "planned failover of " + database + " failed (" + outcome.error + "): forcing");
            outcome = co_await request_sql_failover(resource, "forceFailoverAllowDataLoss", database, target_server);
          }
        }
        break;
      case SqlFailoverMode::kNone: break;
    }
    timeline_.record("sql", "failover of " + database + " to " + target_server +
                                (outcome.succeeded() ? " completed" : " failed: " + outcome.error));
    if (!outcome.succeeded()) {
      ok = false;
      detail += database + ": " + outcome.error + "; ";
    } else if (group) {
      groups_moved = true;
    }
  }
  // Clients reach a moved listener only once their cached answer expires.
  if (groups_moved) co_await delay_for(world_.scheduler(), topo.dns.listener_ttl, "runbook.sql.dns");
  if (!detail.empty()) detail.resize(detail.size() - 2);
  end_step(step, ok, detail);
}

// --- 5. re-point ---

Task<void> ReferenceRunbookRunner::repoint(std::string workspace, std::string step_name, bool failing_back) {
  const std::size_t step = begin_step(std::move(step_name));
  const Workspace* ws = world_.scenario().topology.workspace(workspace);
  // The deliberate mistakes are the failover's; failing back is done right.
  const RunbookBugs bugs = failing_back ? RunbookBugs{} : runbook_.bugs;
  bool ok = true;
  std::string detail;
  mounts_changed_.clear();
  // The metastore JDBC URL.
  for (const Cluster& cluster : ws->clusters) {
    if (!cluster.metastore) continue;
    const std::string id = world_.cluster_id(workspace, cluster.name);
    const CallOutcome got = co_await sdk(workspace, http::Method::kGet, "/api/2.1/clusters/get?cluster_id=" + id, nullptr);
    const auto spec = got.ok() ? json_body(*got.response) : std::nullopt;
    if (!spec) {
      ok = false;
      detail += cluster.name + ": " + got.describe() + "; ";
      continue;
    }
    Json conf = spec->value("spark_conf", Json::object());
    const std::string key(kSparkConfJdbcUrl);
    const std::string url = conf.value(key, "");
    std::string new_url = url;
    if (runbook_.repoint.jdbc_url != kRepointAuto && !failing_back) {
      new_url = runbook_.repoint.jdbc_url;
    } else if (auto parsed = sql::parse_jdbc_url(url); parsed.ok()) {
      const std::string label = host_label(parsed->host);
      if (world_.scenario().topology.sql.failover_group(label) == nullptr) {
        // A server name: point it at whichever server now holds the primary.
        std::string viewpoint = label;
        if (const ReplicationLink* link = world_.scenario().topology.sql.link_of(parsed->database())) viewpoint = link->secondary;
        if (const auto primary = co_await current_primary(parsed->database(), viewpoint); primary && !primary->empty()) {
          if (ascii_lower(*primary) != ascii_lower(label)) new_url = with_host(url, *primary + ".database.windows.net");
        }
      }
    }
    if (new_url == url) continue;
    if (bugs.never_repoint_jdbc) {
      detail += cluster.name + ": JDBC URL left as it was (bug never_repoint_jdbc); ";
      continue;
    }
    conf[key] = new_url;
    const Json edit = cluster_edit(id, *spec, cluster, conf);
    const CallOutcome edited = co_await sdk(workspace, http::Method::kPost, "/api/2.1/clusters/edit", &edit);
    if (!edited.ok()) {
      ok = false;
      detail += cluster.name + ": edit " + edited.describe() + "; ";
    } else {
      const auto parsed_new = sql::parse_jdbc_url(new_url);
      detail += cluster.name + ": JDBC URL -> " + (parsed_new.ok() ? host_label(parsed_new->host) : new_url) + "; ";
    }
  }
  // The mounts.
  const bool storage_moved = failing_back || runbook_.storage_failover.mode != StorageFailoverMode::kNone;
  if (runbook_.repoint.mounts && (storage_moved || bugs.write_through_secondary_endpoint)) {
    const CallOutcome listed = co_await sdk(workspace, http::Method::kGet, "/api/2.0/drdrill/mounts/list", nullptr);
    const auto body = listed.ok() ? json_body(*listed.response) : std::nullopt;
    if (!body) {
      ok = false;
      detail += "mounts: " + listed.describe() + "; ";
    } else {
      for (const Json& mount : body->value("mounts", Json::array())) {
        auto source = databricks::parse_abfss_uri(mount.value("source", ""));
        if (!source.ok()) continue;
        // Normally from `<account>-secondary` to the account's own name, which follows the
        // failover; the bug points them at the read-only secondary instead.
        const bool want_secondary = bugs.write_through_secondary_endpoint;
        if (source->secondary == want_secondary) continue;
        source->secondary = want_secondary;
        const Json update = {{"mount_point", mount.value("mount_point", "")}, {"source", source->to_uri()}};
        const CallOutcome updated =
            co_await sdk(workspace, http::Method::kPost, "/api/2.0/drdrill/mounts/update", &update);
        if (!updated.ok()) {
          ok = false;
          detail += "mount " + update["mount_point"].get<std::string>() + ": " + updated.describe() + "; ";
        } else {
          detail += "mount " + update["mount_point"].get<std::string>() + " -> " + source->to_uri() + "; ";
          mounts_changed_.push_back(update["mount_point"].get<std::string>());
        }
      }
    }
  }
  if (!detail.empty()) detail.resize(detail.size() - 2);
  end_step(step, ok, detail);
}

// --- 6. start clusters ---

Task<void> ReferenceRunbookRunner::start_clusters(std::string workspace, std::vector<std::string> names,
                                                  std::string step_name) {
  const std::size_t step = begin_step(std::move(step_name));
  Scheduler& sched = world_.scheduler();
  const TimePoint deadline = sched.now() + runbook_.start_clusters.timeout;
  std::map<std::string, std::string> states;
  bool first = true;
  while (true) {
    bool all_running = true;
    for (const std::string& name : names) {
      const std::string id = world_.cluster_id(workspace, name);
      const CallOutcome got = co_await sdk(workspace, http::Method::kGet, "/api/2.1/clusters/get?cluster_id=" + id, nullptr);
      const auto body = got.ok() ? json_body(*got.response) : std::nullopt;
      const std::string state = body ? body->value("state", "") : "UNKNOWN";
      states[name] = state;
      if (state == "RUNNING" || state == "RESIZING") {
        // A driver that came up before the mounts moved still sees the old ones: restart it.
        if (first && !mounts_changed_.empty()) {
          const Json restart = {{"cluster_id", id}};
          (void)co_await sdk(workspace, http::Method::kPost, "/api/2.1/clusters/restart", &restart);
          all_running = false;
        }
        continue;
      }
      all_running = false;
      if (state == "TERMINATED" || state == "ERROR") {
        // Not started yet, or a start that failed (capacity): start it (again).
        const Json start = {{"cluster_id", id}};
        const CallOutcome started = co_await sdk(workspace, http::Method::kPost, "/api/2.1/clusters/start", &start);
        if (!first) timeline_.record("runbook", "starting " + workspace + "/" + name + " again: " + started.describe());
      }
    }
    first = false;
    if (all_running) break;
    if (sched.now() + kClusterPoll > deadline) {
      std::string detail;
      for (const auto& [name, state] : states) {
        if (state != "RUNNING") detail += name + " " + state + "; ";
      }
      if (!detail.empty()) detail.resize(detail.size() - 2);
      state_.findings.insert(Finding::kClusterStartFailed);
      end_step(step, false, "not running after " + format_duration(runbook_.start_clusters.timeout) + ": " + detail);
      co_return;
    }
    co_await delay_for(sched, kClusterPoll, "runbook.clusters.poll");
  }
  end_step(step, true, "");
}

// --- 7. release jobs ---

Task<void> ReferenceRunbookRunner::release_jobs() {
  const std::size_t step = begin_step("release_jobs");
  const ReleaseJobsStep& release = runbook_.release_jobs;
  const std::optional<Json> body = co_await list_jobs(to_, step);
  if (!body) co_return;
  std::vector<JobSettingsUpdate> updates;
  for (const Json& job : body->value("jobs", Json::array())) {
    const Json& settings = job["settings"];
    const std::string name = settings.value("name", "");
    if (!release.jobs.empty() && std::find(release.jobs.begin(), release.jobs.end(), name) == release.jobs.end()) continue;
    Json new_settings = {{"max_concurrent_runs", release.max_concurrent_runs}};
    if (release.unpause_schedules && settings.contains("schedule")) {
      Json schedule = settings["schedule"];
      schedule["pause_status"] = "UNPAUSED";
      new_settings["schedule"] = schedule;
    }
    updates.push_back({name, job["job_id"], std::move(new_settings), /*lifts_hold=*/true});
  }
  const JobUpdatesOutcome outcome = co_await apply_job_updates(to_, std::move(updates));
  state_.active_workspace = to_;
  end_step(step, outcome.ok, outcome.detail);
  if (release.hold_primary_jobs && !runbook_.bugs.release_jobs_while_primary_runs && !from_.empty()) {
    source_hold_started_ = true;
    background_.spawn(hold_jobs(from_, "hold_source_jobs"), "runbook.hold.start");
  }
}

// The workspace's jobs as jobs/list returns them; nullopt (and the step ended as failed) if the call
// failed.
Task<std::optional<Json>> ReferenceRunbookRunner::list_jobs(std::string workspace, std::size_t step) {
  const CallOutcome listed = co_await sdk(workspace, http::Method::kGet, "/api/2.2/jobs/list?limit=100", nullptr);
  std::optional<Json> body = listed.ok() ? json_body(*listed.response) : std::nullopt;
  if (!body) end_step(step, false, "jobs/list: " + listed.describe());
  co_return body;
}

// The hold is lifted before the call, not after: the update can let a run start at once, and that
// run is legitimate. A failed update leaves the job held.
Task<ReferenceRunbookRunner::JobUpdatesOutcome> ReferenceRunbookRunner::apply_job_updates(
    std::string workspace, std::vector<JobSettingsUpdate> updates) {
  JobUpdatesOutcome outcome;
  for (const JobSettingsUpdate& job : updates) {
    const Json update = {{"job_id", job.job_id}, {"new_settings", job.new_settings}};
    if (job.lifts_hold) state_.held_jobs.erase({workspace, job.name});
    const CallOutcome updated = co_await sdk(workspace, http::Method::kPost, "/api/2.2/jobs/update", &update);
    if (!updated.ok()) {
      state_.held_jobs.insert({workspace, job.name});
      outcome.ok = false;
      outcome.detail += job.name + ": " + updated.describe() + "; ";
    } else {
      outcome.detail += job.name + " released; ";
    }
  }
  if (!outcome.detail.empty()) outcome.detail.resize(outcome.detail.size() - 2);
  co_return outcome;
}

Task<void> ReferenceRunbookRunner::hold_jobs(std::string workspace, std::string step_name) {
  const std::size_t step = begin_step(std::move(step_name));
  Scheduler& sched = world_.scheduler();
  int attempts = 0;
  while (true) {
    ++attempts;
    const CallOutcome listed = co_await sdk(workspace, http::Method::kGet, "/api/2.2/jobs/list?limit=100", nullptr);
    const auto body = listed.ok() ? json_body(*listed.response) : std::nullopt;
    if (body) {
      bool all = true;
      for (const Json& job : body->value("jobs", Json::array())) {
        const Json& settings = job["settings"];
        Json new_settings = {{"max_concurrent_runs", 0}};
        if (settings.contains("schedule")) {
          Json schedule = settings["schedule"];
          schedule["pause_status"] = "PAUSED";
          new_settings["schedule"] = schedule;
        }
        const Json update = {{"job_id", job["job_id"]}, {"new_settings", new_settings}};
        const CallOutcome updated = co_await sdk(workspace, http::Method::kPost, "/api/2.2/jobs/update", &update);
        if (!updated.ok()) {
          all = false;
          continue;
        }
        state_.held_jobs.insert({workspace, settings.value("name", "")});
        // Runs its schedule started (while the region came back, or before a failback held them)
        // are cancelled before they do more work.
        const CallOutcome active = co_await sdk(
            workspace, http::Method::kGet,
            "/api/2.2/jobs/runs/list?active_only=true&job_id=" + std::to_string(job["job_id"].get<std::int64_t>()), nullptr);
        const auto runs = active.ok() ? json_body(*active.response) : std::nullopt;
        for (const Json& run : runs ? runs->value("runs", Json::array()) : Json::array()) {
          const Json cancel = {{"run_id", run["run_id"]}};
          const CallOutcome cancelled = co_await sdk(workspace, http::Method::kPost, "/api/2.2/jobs/runs/cancel", &cancel);
          timeline_.record("runbook", "cancelled " + workspace + " run " + run["run_id"].dump() + " of " +
                                          settings.value("name", "") + ": " + cancelled.describe());
        }
      }
      if (all) break;
    }
    co_await delay_for(sched, kHoldRetry, "runbook.hold.retry");
  }
  end_step(step, true, workspace + "'s jobs held after " + std::to_string(attempts) + " attempt(s)");
  if (workspace == from_) source_held_ = true;
}

// --- 8. validate ---

Task<void> ReferenceRunbookRunner::validate(std::string step_name) {
  if (state_.active_workspace.empty() && to_.empty()) co_return;  // no workspace to validate through
  const std::size_t step = begin_step(std::move(step_name));
  Scheduler& sched = world_.scheduler();
  const ValidateStep& v = runbook_.validate;
  const TimePoint deadline = sched.now() + v.timeout;
  std::string last_error;
  int attempts = 0;
  // Through the workspace that is active now: the target once its jobs are released, else the
  // source (a drill that only fails storage over keeps its workspace).
  const std::string workspace = state_.active_workspace.empty() ? to_ : state_.active_workspace;
  while (true) {
    ++attempts;
    auto session = running_session(world_, workspace);
    if (session.ok()) {
      if (v.statement) {
        auto result = run_statement(*session->session, *v.statement);
        if (result.ok()) {
          end_step(step, true, *v.statement + " = " + *result);
          co_return;
        }
        last_error = result.status().message();
      } else {
        auto rows = count_rows(world_, *session->session, "");
        if (rows.ok()) {
          end_step(step, true, "every table read: " + std::to_string(*rows) + " rows");
          co_return;
        }
        last_error = rows.status().message();
      }
      if (const auto finding = finding_of_failure(last_error)) state_.findings.insert(*finding);
    } else {
      last_error = session.status().message();
    }
    if (sched.now() + v.retry_interval > deadline) break;
    co_await delay_for(sched, v.retry_interval, "runbook.validate.retry");
  }
  state_.findings.insert(Finding::kValidationFailed);
  end_step(step, false, std::to_string(attempts) + " attempts; last: " + last_error);
}

// --- the runbook ---

Task<void> ReferenceRunbookRunner::run() {
  Scheduler& sched = world_.scheduler();
  const TimePoint epoch = world_.epoch();
  if (runbook_.start_at) {
    co_await delay_until(sched, epoch + *runbook_.start_at, "runbook.start_at");
  } else if (runbook_.detect.enabled) {
    co_await detect();
  } else if (state_.outage_start) {
    co_await delay_until(sched, *state_.outage_start, "runbook.start");
  } else {
    finished_ = true;
    co_return;  // nothing to react to
  }
  if (runbook_.decide.enabled) {
    const std::size_t step = begin_step("decide");
    const Duration delay = from_seconds(std::max(0.0, runbook_.decide.delay_s.sample(decide_rng_)));
    co_await delay_for(sched, delay, "runbook.decide");
    end_step(step, true, "declared a disaster after " + format_duration(delay));
  }
  started_at_ = sched.now();
  if (runbook_.bugs.promote_sql_before_storage) {
    co_await sql_failover();
    co_await storage_failover(/*wait=*/false);
  } else {
    co_await storage_failover(/*wait=*/true);
    co_await sql_failover();
  }
  state_.failover_complete = sched.now();
  if (runbook_.repoint.enabled && !to_.empty()) co_await repoint(to_, "repoint", /*failing_back=*/false);
  if (runbook_.start_clusters.enabled && !to_.empty()) {
    std::vector<std::string> names = runbook_.start_clusters.clusters;
    if (names.empty()) {
      for (const Cluster& c : world_.scenario().topology.workspace(to_)->clusters) names.push_back(c.name);
    }
    co_await start_clusters(to_, std::move(names), "start_clusters");
  }
  if (runbook_.release_jobs.enabled && !to_.empty()) {
    if (to_ != from_) {
      co_await release_jobs();
    } else {
      timeline_.record("runbook", "release_jobs: nothing to release, the runbook stays in " + to_);
    }
  }
  if (runbook_.validate.enabled) co_await validate("validate");
  finished_ = true;
  timeline_.record("runbook", "done");
  if (runbook_.failback.enabled) co_await failback();
}

// --- failing back ---

namespace {

std::string sku_of(Redundancy r) {
  switch (r) {
    case Redundancy::kLrs: return std::string(storage::sku_name(storage::Redundancy::kLrs));
    case Redundancy::kZrs: return std::string(storage::sku_name(storage::Redundancy::kZrs));
    case Redundancy::kGrs: return std::string(storage::sku_name(storage::Redundancy::kGrs));
    case Redundancy::kRaGrs: return std::string(storage::sku_name(storage::Redundancy::kRaGrs));
    case Redundancy::kGzrs: return std::string(storage::sku_name(storage::Redundancy::kGzrs));
    case Redundancy::kRaGzrs: return std::string(storage::sku_name(storage::Redundancy::kRaGzrs));
  }
  return std::string(storage::sku_name(storage::Redundancy::kRaGrs));
}

// How often the failback looks at a re-seed or a SQL link catching up.
constexpr Duration kFailbackPoll = std::chrono::minutes(1);
// How long it waits for either (a re-seed of TBs at the S7 rates takes a day or more).
constexpr Duration kFailbackPatience = std::chrono::hours(72);

}  // namespace

Task<bool> ReferenceRunbookRunner::original_region_healthy() {
  Scheduler& sched = world_.scheduler();
  const Duration timeout = runbook_.detect.timeout;
  bool healthy = true;
  // The original workspace's REST API.
  if (!from_.empty()) {
    const CallOutcome api = co_await rest(from_, http::Method::kGet, "/api/2.1/clusters/list", nullptr, timeout);
    healthy = healthy && api.ok();
  }
  // The original metastore server, by its own name (as its admin: logins are per server).
  if (const auto& metastore = world_.scenario().topology.metastore) {
    const SqlServer* server = world_.scenario().topology.sql.server(metastore->server);
    sql::SqlClient client(world_.sql(), sched);
    auto connection = client.connect(jdbc_url_for(metastore->server, metastore->database), server->admin_user,
                                     server->admin_password);
    if (!connection.ok()) {
      healthy = false;
      const Duration waited = std::min(connection.error().client_wait, timeout);
      if (waited > Duration::zero()) co_await delay_for(sched, waited, "runbook.failback.sql");
    }
  }
  // Storage in the original region. An account an unplanned failover left LRS has no endpoint
  // there any more, so the runbook reads the region's status as Azure Resource Health reports it
  // (the storage model's regional outage state stands in for it).
  if (!world_.scenario().topology.storage_accounts.empty() &&
      world_.storage().outages().mode(world_.scenario().topology.regions.primary) != storage::OutageMode::kNone) {
    healthy = false;
  }
  co_return healthy;
}

Task<void> ReferenceRunbookRunner::failback() {
  Scheduler& sched = world_.scheduler();
  const FailbackRunbook& plan = runbook_.failback;
  const bool moves = !from_.empty() && from_ != to_;
  // 1. The original region back: as many consecutive healthy rounds as detection needed failing.
  {
    const std::size_t step = begin_step("failback.detect_return");
    int consecutive = 0;
    while (true) {
      const TimePoint round = sched.now();
      const bool healthy = co_await original_region_healthy();
      consecutive = healthy ? consecutive + 1 : 0;
      if (consecutive >= runbook_.detect.failure_threshold) break;
      co_await delay_until(sched, round + runbook_.detect.probe_interval, "runbook.failback.detect");
    }
    end_step(step, true, std::to_string(runbook_.detect.failure_threshold) + " consecutive healthy rounds of " +
                             world_.scenario().topology.regions.primary);
  }
  // 2. A human confirms before going back.
  if (plan.wait_after_recovery > Duration::zero()) {
    const std::size_t step = begin_step("failback.wait");
    co_await delay_for(sched, plan.wait_after_recovery, "runbook.failback.wait");
    end_step(step, true, "waited " + format_duration(plan.wait_after_recovery) + " after the region's return");
  }
  state_.failback_start = sched.now();
  // 3. Stop writing in the target: its jobs held (and their runs cancelled) before anything moves.
  if (moves) co_await hold_jobs(to_, "failback.hold_jobs");
  // 4-5. Storage: geo-redundancy back (and the re-seed), then a planned failover to the original region.
  if (plan.storage_failover == FailbackStorageMode::kPlanned) co_await fail_storage_back();
  // 6. SQL back to the original primaries once they have caught up.
  if (plan.sql_failover != FailbackSqlMode::kNone) co_await fail_sql_back();
  // 7-8. The original workspace re-pointed (JDBC URL to the primary now, mounts to the account
  // name) and its clusters started.
  const std::string original = moves ? from_ : to_;
  if (!original.empty()) {
    co_await repoint(original, "failback.repoint", /*failing_back=*/true);
    std::vector<std::string> names;
    for (const Cluster& c : world_.scenario().topology.workspace(original)->clusters) {
      if (c.state == ClusterState::kRunning || !moves) names.push_back(c.name);
    }
    if (!names.empty()) co_await start_clusters(original, std::move(names), "failback.start_clusters");
  }
  // 9-10. Jobs back in the original workspace; the target re-held as CI/CD left it.
  if (moves) {
    co_await release_original_jobs();
    co_await rehold_target();
  }
  if (runbook_.validate.enabled) co_await validate("failback.validate");
  state_.failback_done = true;
  timeline_.record("runbook", "failback done");
}

Task<void> ReferenceRunbookRunner::fail_storage_back() {
  Scheduler& sched = world_.scheduler();
  const auto& config = world_.storage_arm_config();
  const std::string original = world_.scenario().topology.regions.primary;
  const std::string accounts = "/subscriptions/" + config.subscription_id + "/resourceGroups/" + config.resource_group +
                               "/providers/Microsoft.Storage/storageAccounts/";
  const std::string version = "?api-version=" + std::string(kStorageApiVersion);
  // Which accounts are not home, and which of those lost their geo-redundancy.
  std::vector<std::string> away;
  std::vector<std::string> to_reseed;
  // The accounts failed over (by name, or every account the scenario declares geo-redundant: an
  // unplanned failover left them LRS, so the model's current redundancy no longer says).
  std::vector<std::string> candidates = runbook_.storage_failover.accounts;
  if (candidates.empty()) {
    for (const StorageAccount& a : world_.scenario().topology.storage_accounts) {
      if (is_geo_redundant(a.redundancy)) candidates.push_back(a.name);
    }
  }
  for (const std::string& account : candidates) {
    const CallOutcome got = co_await arm(http::Method::kGet, accounts + account + version, nullptr);
    const auto body = got.ok() ? json_body(*got.response) : std::nullopt;
    if (!body || (*body)["properties"].value("primaryLocation", "") == original) continue;
    away.push_back(account);
    const auto redundancy = storage::parse_sku_name((*body)["sku"].value("name", ""));
    if (redundancy && !storage::is_geo_redundant(*redundancy)) to_reseed.push_back(account);
  }
  if (away.empty()) co_return;
  if (runbook_.failback.reenable_geo_redundancy && !to_reseed.empty()) {
    const std::size_t step = begin_step("failback.reseed");
    bool ok = true;
    std::string detail;
    for (const std::string& account : to_reseed) {
      const StorageAccount* spec = world_.scenario().topology.storage_account(account);
      const Json patch = {{"sku", {{"name", sku_of(spec->redundancy)}}}};
      const CallOutcome patched = co_await arm(http::Method::kPatch, accounts + account + version, &patch);
      timeline_.record("storage", account + " back to " + sku_of(spec->redundancy) + ": " + patched.describe());
      if (!patched.ok()) {
        ok = false;
        detail += account + ": " + patched.describe() + "; ";
      }
    }
    // The re-seed is done when a planned failover could start.
    const TimePoint deadline = sched.now() + kFailbackPatience;
    for (const std::string& account : to_reseed) {
      while (ok) {
        const CallOutcome got =
            co_await arm(http::Method::kGet, accounts + account + version + "&$expand=geoReplicationStats", nullptr);
        const auto body = got.ok() ? json_body(*got.response) : std::nullopt;
        if (body && (*body)["properties"].contains("geoReplicationStats") &&
            (*body)["properties"]["geoReplicationStats"].value("canPlannedFailover", false)) {
          break;
        }
        if (sched.now() + kFailbackPoll > deadline) {
          ok = false;
          detail += account + ": re-seed not done after " + format_duration(kFailbackPatience) + "; ";
          break;
        }
        co_await delay_for(sched, kFailbackPoll, "runbook.failback.reseed");
      }
    }
    if (!detail.empty()) detail.resize(detail.size() - 2);
    end_step(step, ok, ok ? "re-seeded: " + std::to_string(to_reseed.size()) + " account(s)" : detail);
  }
  const std::size_t step = begin_step("failback.storage_failover");
  bool ok = true;
  std::string detail;
  for (const std::string& account : away) {
    const CallOutcome sent = co_await arm(http::Method::kPost, accounts + account + "/failover" + version + "&failoverType=Planned", nullptr);
    timeline_.record("storage", "planned failover of " + account + " back to " + original + " requested: " + sent.describe());
    if (!sent.answered()) {
      ok = false;
      detail += account + ": " + sent.failure + "; ";
      continue;
    }
    const LroOutcome outcome = co_await poll_lro(sched, arm_, *sent.response, kLroMaxWait);
    timeline_.record("storage", "failover of " + account + " back" + (outcome.succeeded() ? " completed" : " failed: " + outcome.error));
    if (!outcome.succeeded()) {
      ok = false;
      detail += account + ": " + outcome.error + "; ";
    }
  }
  if (!detail.empty()) detail.resize(detail.size() - 2);
  end_step(step, ok, detail);
}

Task<void> ReferenceRunbookRunner::fail_sql_back() {
  Scheduler& sched = world_.scheduler();
  const SqlTopology& topo = world_.scenario().topology.sql;
  const auto& config = world_.sql_arm_config();
  const std::string servers = "/subscriptions/" + config.subscription_id + "/resourceGroups/" + config.resource_group +
                              "/providers/Microsoft.Sql/servers/";
  const std::string version = "?api-version=" + std::string(kSqlApiVersion);
  const bool forced = runbook_.failback.sql_failover == FailbackSqlMode::kForced;
  const std::size_t step = begin_step("failback.sql_failover");
  bool ok = true;
  bool groups_moved = false;
  std::string detail;
  // Back to each link's and group's original primary, requested there once it is a caught-up secondary.
  struct Target {
    std::string name;      // database or group
    std::string resource;  // what the failover is POSTed to (without the action); "" for a link until known
    std::string server;    // the original primary
    std::string link_list; // a link's replicationLinks collection on that server
    bool group = false;
  };
  std::vector<Target> targets;
  for (const ReplicationLink& l : topo.replication_links) {
    targets.push_back({l.database, "", l.primary, servers + l.primary + "/databases/" + l.database + "/replicationLinks", false});
  }
  for (const FailoverGroup& g : topo.failover_groups) {
    targets.push_back({g.name, servers + g.primary + "/failoverGroups/" + g.name, g.primary, "", true});
  }
  const TimePoint deadline = sched.now() + kFailbackPatience;
  for (Target& t : targets) {
    bool ready = false;
    bool home = false;
    while (true) {
      const CallOutcome got = co_await arm(http::Method::kGet, (t.group ? t.resource : t.link_list) + version, nullptr);
      const auto body = got.ok() ? json_body(*got.response) : std::nullopt;
      if (body) {
        const Json* props = nullptr;
        if (t.group) {
          props = &(*body)["properties"];
          home = props->value("replicationRole", "") == "Primary";
        } else if (body->contains("value") && !(*body)["value"].empty()) {
          const Json& link = (*body)["value"][0];
          props = &link["properties"];
          home = props->value("role", "") == "Primary";
          t.resource = t.link_list + "/" + link.value("name", "");
        }
        if (props != nullptr && !home) ready = forced || props->value("replicationState", "") == "CATCH_UP";
      }
      if (home || ready) break;
      if (sched.now() + kFailbackPoll > deadline) break;
      co_await delay_for(sched, kFailbackPoll, "runbook.failback.sql.wait");
    }
    if (home) {
      detail += t.name + ": already primary on " + t.server + "; ";
      continue;
    }
    if (!ready) {
      ok = false;
      detail += t.name + ": never caught up on " + t.server + "; ";
      continue;
    }
    const LroOutcome outcome =
        co_await request_sql_failover(t.resource, forced ? "forceFailoverAllowDataLoss" : "failover", t.name, t.server);
    timeline_.record("sql", "failover of " + t.name + " back to " + t.server +
                                (outcome.succeeded() ? " completed" : " failed: " + outcome.error));
    if (!outcome.succeeded()) {
      ok = false;
      detail += t.name + ": " + outcome.error + "; ";
    } else if (t.group) {
      groups_moved = true;
    }
  }
  if (groups_moved) co_await delay_for(sched, topo.dns.listener_ttl, "runbook.failback.sql.dns");
  if (!detail.empty()) detail.resize(detail.size() - 2);
  end_step(step, ok, detail);
}

Task<void> ReferenceRunbookRunner::release_original_jobs() {
  Scheduler& sched = world_.scheduler();
  // The background hold of the original workspace must be done first, or it would hold them again.
  while (source_hold_started_ && !source_held_) co_await delay_for(sched, kHoldRetry, "runbook.failback.await_hold");
  const std::size_t step = begin_step("failback.release_jobs");
  const Workspace* ws = world_.scenario().topology.workspace(from_);
  const std::optional<Json> body = co_await list_jobs(from_, step);
  if (!body) co_return;
  std::vector<JobSettingsUpdate> updates;
  for (const Json& job : body->value("jobs", Json::array())) {
    const Json& settings = job["settings"];
    const std::string name = settings.value("name", "");
    const Job* declared = ws->job(name);
    if (declared == nullptr) continue;
    // As CI/CD deployed it: its concurrency and schedule state.
    Json new_settings = {{"max_concurrent_runs", declared->max_concurrent_runs}};
    if (settings.contains("schedule") && declared->schedule) {
      Json schedule = settings["schedule"];
      schedule["pause_status"] = declared->schedule->paused ? "PAUSED" : "UNPAUSED";
      new_settings["schedule"] = schedule;
    }
    updates.push_back({name, job["job_id"], std::move(new_settings), declared->max_concurrent_runs > 0});
  }
  const JobUpdatesOutcome outcome = co_await apply_job_updates(from_, std::move(updates));
  state_.active_workspace = from_;
  end_step(step, outcome.ok, outcome.detail);
}

Task<void> ReferenceRunbookRunner::rehold_target() {
  const std::size_t step = begin_step("failback.rehold_target");
  const Workspace* ws = world_.scenario().topology.workspace(to_);
  bool ok = true;
  std::string detail;
  // The Spark conf as CI/CD deployed it (the metastore URL it names) ...
  for (const Cluster& cluster : ws->clusters) {
    const std::string id = world_.cluster_id(to_, cluster.name);
    const CallOutcome got = co_await sdk(to_, http::Method::kGet, "/api/2.1/clusters/get?cluster_id=" + id, nullptr);
    const auto spec = got.ok() ? json_body(*got.response) : std::nullopt;
    if (!spec) {
      ok = false;
      detail += cluster.name + ": " + got.describe() + "; ";
      continue;
    }
    if (cluster.metastore) {
      Json conf = spec->value("spark_conf", Json::object());
      const std::string key(kSparkConfJdbcUrl);
      if (conf.value(key, "") != cluster.metastore->jdbc_url) {
        conf[key] = cluster.metastore->jdbc_url;
        const Json edit = cluster_edit(id, *spec, cluster, conf);
        const CallOutcome edited = co_await sdk(to_, http::Method::kPost, "/api/2.1/clusters/edit", &edit);
        if (!edited.ok()) {
          ok = false;
          detail += cluster.name + ": edit " + edited.describe() + "; ";
        }
      }
    }
    // ... and terminated, as the passive workspace keeps its clusters.
    if (cluster.state == ClusterState::kTerminated) {
      const Json stop = {{"cluster_id", id}};
      const CallOutcome stopped = co_await sdk(to_, http::Method::kPost, "/api/2.1/clusters/delete", &stop);
      if (!stopped.ok()) {
        ok = false;
        detail += cluster.name + ": terminate " + stopped.describe() + "; ";
      } else {
        detail += cluster.name + " terminated; ";
      }
    }
  }
  // The mounts back to what CI/CD deployed (the -secondary endpoint of a geo-redundant account again).
  for (const Mount& mount : ws->mounts) {
    const Json update = {{"mount_point", mount.mount_point}, {"source", mount.source}};
    const CallOutcome updated = co_await sdk(to_, http::Method::kPost, "/api/2.0/drdrill/mounts/update", &update);
    if (!updated.ok()) {
      ok = false;
      detail += "mount " + mount.mount_point + ": " + updated.describe() + "; ";
    }
  }
  if (!detail.empty()) detail.resize(detail.size() - 2);
  end_step(step, ok, detail);
}

}  // namespace drdrill::sim
