#include "databricks/statement_service.h"

#include <algorithm>
#include <cstdio>
#include <utility>

namespace drdrill::databricks {
namespace {

SqlFailure compute_failure(std::string message) {
  return SqlFailure{"TEMPORARILY_UNAVAILABLE", std::move(message), "", "", "compute.unavailable"};
}

}  // namespace

std::string_view to_string(StatementState state) {
  switch (state) {
    case StatementState::kPending: return "PENDING";
    case StatementState::kRunning: return "RUNNING";
    case StatementState::kSucceeded: return "SUCCEEDED";
    case StatementState::kFailed: return "FAILED";
    case StatementState::kCanceled: return "CANCELED";
  }
  return "PENDING";
}

bool is_terminal(StatementState state) {
  return state == StatementState::kSucceeded || state == StatementState::kFailed || state == StatementState::kCanceled;
}

Json SqlStatement::result_json() const {
  Json out{{"chunk_index", 0}, {"row_offset", 0}, {"row_count", result.rows.size()}};
  if (!result.rows.empty()) {
    Json data = Json::array();
    for (const auto& row : result.rows) {
      Json values = Json::array();
      for (const auto& v : row) values.push_back(v ? Json(*v) : Json(nullptr));
      data.push_back(std::move(values));
    }
    out["data_array"] = std::move(data);
  }
  return out;
}

Json SqlStatement::to_json() const {
  Json status{{"state", std::string(databricks::to_string(state))}};
  if (failure) {
    status["error"] = Json{{"error_code", failure->error_code}, {"message", failure->message}};
    if (!failure->sql_state.empty()) status["sql_state"] = failure->sql_state;
  }
  Json out{{"statement_id", statement_id}, {"status", std::move(status)}};
  if (state != StatementState::kSucceeded) return out;
  Json schema{{"column_count", result.columns.size()}};
  if (!result.columns.empty()) {
    Json columns = Json::array();
    for (std::size_t i = 0; i < result.columns.size(); ++i) {
      const SqlColumn& c = result.columns[i];
      columns.push_back(Json{{"name", c.name}, {"position", i}, {"type_name", c.type_name}, {"type_text", c.type_text}});
    }
    schema["columns"] = std::move(columns);
  }
  const std::size_t rows = result.rows.size();
  out["manifest"] = Json{{"format", "JSON_ARRAY"},
                         {"schema", std::move(schema)},
                         {"total_chunk_count", 1},
                         {"chunks", Json::array({Json{{"chunk_index", 0}, {"row_offset", 0}, {"row_count", rows}}})},
                         {"total_row_count", rows},
                         {"truncated", truncated}};
  out["result"] = result_json();
  return out;
}

StatementService::StatementService(Scheduler& scheduler, const Random& random, const WorkspaceConfig& config,
                                   ClusterService& clusters, const WorkspaceObservers& observers)
    : scheduler_(scheduler),
      timers_(scheduler),
      config_(config),
      clusters_(clusters),
      observers_(observers),
      execution_rng_(random.stream("databricks." + config.name + ".statements.execution")) {}

SqlStatement* StatementService::find(std::string_view id) {
  const auto it = statements_.find(id);
  return it == statements_.end() ? nullptr : &it->second;
}

std::string StatementService::new_statement_id() {
  // Shaped like the service's ("01ef9db9-24c4-1cb6-a320-fb6ba3e3abcd"), counted per workspace.
  char buf[40];
  std::snprintf(buf, sizeof buf, "01f0%04llx-0000-1000-8000-%012llx",
                static_cast<unsigned long long>(config_.workspace_id & 0xFFFF),
                static_cast<unsigned long long>(next_id_++));
  return buf;
}

ApiResult<std::string> StatementService::submit(StatementRequest request, std::string user) {
  if (clusters_.find(request.warehouse_id) == nullptr) {
    return ApiError::DoesNotExist("Warehouse " + request.warehouse_id +
                                  " does not exist (drdrill: a warehouse_id names a cluster of this workspace)");
  }
  SqlStatement s;
  s.statement_id = new_statement_id();
  s.user = std::move(user);
  s.submitted_at = scheduler_.now();
  s.request = std::move(request);
  const std::string id = s.statement_id;
  SqlStatement& stored = statements_.emplace(id, std::move(s)).first->second;
  if (stored.request.cancel_on_wait_timeout && stored.request.wait_timeout > Duration::zero()) {
    stored.wait_timer = timers_.after(
        stored.request.wait_timeout,
        [this, id] {
          SqlStatement* waiting = find(id);
          if (waiting == nullptr || is_terminal(waiting->state)) return;
          waiting->wait_timer = kNoTimer;
          finish(*waiting, StatementState::kCanceled, std::nullopt);
        },
        "databricks.statements.wait_timeout");
  }
  // Every statement is PENDING when the call that submitted it returns; it moves on in an event at
  // the same instant (a synchronous front can only answer with that, see rest_api.h).
  timers_.after(
      0s,
      [this, id] {
        SqlStatement* pending = find(id);
        if (pending != nullptr && pending->state == StatementState::kPending) advance(*pending);
      },
      "databricks.statements.start");
  return id;
}

ApiResult<const SqlStatement*> StatementService::get(std::string_view statement_id) const {
  const auto it = statements_.find(statement_id);
  if (it == statements_.end()) {
    return ApiError(ErrorCode::kNotFound, "Statement " + std::string(statement_id) + " not found");
  }
  return &it->second;
}

ApiStatus StatementService::cancel(std::string_view statement_id) {
  SqlStatement* s = find(statement_id);
  if (s == nullptr) return ApiError(ErrorCode::kNotFound, "Statement " + std::string(statement_id) + " not found");
  if (!is_terminal(s->state)) finish(*s, StatementState::kCanceled, std::nullopt);
  return {};
}

void StatementService::advance(SqlStatement& s) {
  const Cluster* cluster = clusters_.find(s.request.warehouse_id);
  if (cluster == nullptr) {
    finish(s, StatementState::kFailed, compute_failure("The warehouse's cluster " + s.request.warehouse_id + " no longer exists"));
    return;
  }
  if (is_usable(cluster->state)) {
    begin_running(s, *cluster);
    return;
  }
  if (cluster->state == ClusterState::kTerminated && auto_start_ && !s.start_requested) {
    s.start_requested = true;
    const ApiStatus started = clusters_.start(cluster->cluster_id);
    if (!started.ok()) finish(s, StatementState::kFailed, compute_failure(started.error().message()));
    return;
  }
  if (cluster->state == ClusterState::kTerminated || cluster->state == ClusterState::kError) {
    std::string message = "The warehouse's cluster " + cluster->cluster_id + " is not running (" +
                          std::string(databricks::to_string(cluster->state)) +
                          (cluster->state_message.empty() ? "" : ": " + cluster->state_message) + ")";
    finish(s, StatementState::kFailed, compute_failure(std::move(message)));
  }
  // PENDING, RESTARTING, TERMINATING: wait for its next state.
}

void StatementService::begin_running(SqlStatement& s, const Cluster& cluster) {
  s.state = StatementState::kRunning;
  s.started_at = scheduler_.now();
  s.spark_context_id = cluster.spark_context_id;
  const Duration duration = from_seconds(std::max(0.0, timings_.execution_s.sample(execution_rng_)));
  const std::string id = s.statement_id;
  if (duration == Duration::zero()) {
    execute(id);
    return;
  }
  s.completion_timer = timers_.after(duration, [this, id] { execute(id); }, "databricks.statements.execute");
}

void StatementService::execute(const std::string& statement_id) {
  SqlStatement* s = find(statement_id);
  if (s == nullptr || s->state != StatementState::kRunning) return;
  s->completion_timer = kNoTimer;
  const Cluster* cluster = clusters_.find(s->request.warehouse_id);
  if (cluster == nullptr || !is_usable(cluster->state) || cluster->spark_context_id != s->spark_context_id) {
    finish(*s, StatementState::kFailed,
           compute_failure("The cluster " + s->request.warehouse_id + " running the statement was lost"));
    return;
  }
  if (s->request.catalog && *s->request.catalog != "hive_metastore" && *s->request.catalog != "spark_catalog") {
    finish(*s, StatementState::kFailed,
           SqlFailure{"BAD_REQUEST",
                      "[NO_SUCH_CATALOG_EXCEPTION] Catalog '" + *s->request.catalog +
                          "' was not found. (drdrill models the Hive metastore: hive_metastore or spark_catalog)",
                      "42704", "NO_SUCH_CATALOG_EXCEPTION", "analysis"});
    return;
  }
  const std::shared_ptr<ClusterDataSession> session = cluster->data_session;
  if (session == nullptr) {
    finish(*s, StatementState::kFailed,
           SqlFailure{"INTERNAL_ERROR", "Cluster " + cluster->cluster_id + " has no data plane to run SQL on", "", "",
                      "compute.no_data_plane"});
    return;
  }
  SqlRequest request;
  request.text = s->request.statement;
  request.current_database = s->request.schema.value_or("default");
  request.parameters = s->request.parameters;
  SqlOutcome outcome = session->execute_sql(request);
  s = find(statement_id);  // the session never calls back, but stay safe against reentrancy
  if (s == nullptr) return;
  for (const AcknowledgedWrite& w : outcome.writes) {
    observers_.write_acknowledged(WriteEvent{config_.name, config_.region, 0, 0, "", w, statement_id});
  }
  if (outcome.failure) {
    finish(*s, StatementState::kFailed, std::move(outcome.failure));
    return;
  }
  s->result = std::move(outcome.result);
  s->total_row_count = static_cast<std::int64_t>(s->result.rows.size());
  if (s->request.row_limit && s->total_row_count > *s->request.row_limit) {
    s->result.rows.resize(static_cast<std::size_t>(*s->request.row_limit));
    s->truncated = true;
  }
  finish(*s, StatementState::kSucceeded, std::nullopt);
}

void StatementService::finish(SqlStatement& s, StatementState state, std::optional<SqlFailure> failure) {
  s.state = state;
  s.finished_at = scheduler_.now();
  s.failure = std::move(failure);
  timers_.cancel(s.completion_timer);
  timers_.cancel(s.wait_timer);
  s.completion_timer = kNoTimer;
  s.wait_timer = kNoTimer;
  settle_waiters(s.statement_id);
}

void StatementService::on_cluster_state(const Cluster& cluster) {
  clusters_to_reconcile_.insert(cluster.cluster_id);
  if (reconcile_timer_ == kNoTimer) {
    reconcile_timer_ = timers_.after(0s, [this] { reconcile_clusters(); }, "databricks.statements.cluster_state");
  }
}

void StatementService::reconcile_clusters() {
  reconcile_timer_ = kNoTimer;
  const std::set<std::string> ids = std::move(clusters_to_reconcile_);
  clusters_to_reconcile_.clear();
  std::vector<std::string> affected;
  for (const auto& [id, s] : statements_) {
    if (!is_terminal(s.state) && ids.count(s.request.warehouse_id) != 0) affected.push_back(id);
  }
  for (const std::string& id : affected) {
    SqlStatement* s = find(id);
    if (s == nullptr || is_terminal(s->state)) continue;
    if (s->state == StatementState::kPending) {
      advance(*s);
      continue;
    }
    const Cluster* cluster = clusters_.find(s->request.warehouse_id);
    if (cluster == nullptr || !is_usable(cluster->state) || cluster->spark_context_id != s->spark_context_id) {
      finish(*s, StatementState::kFailed,
             compute_failure("The cluster " + s->request.warehouse_id + " running the statement stopped" +
                             (cluster == nullptr ? "" : " (" + std::string(databricks::to_string(cluster->state)) + ")")));
    }
  }
}

void StatementService::when_settled(std::string_view statement_id, TimePoint deadline, std::function<void()> done) {
  const SqlStatement* s = find(statement_id);
  if (s == nullptr || is_terminal(s->state) || deadline <= scheduler_.now()) {
    done();
    return;
  }
  const std::uint64_t waiter = next_waiter_++;
  const std::string id(statement_id);
  const TimerId timer = timers_.at(
      deadline,
      [this, id, waiter] {
        auto it = waiters_.find(id);
        if (it == waiters_.end()) return;
        auto& list = it->second;
        const auto w = std::find_if(list.begin(), list.end(), [&](const Waiter& x) { return x.id == waiter; });
        if (w == list.end()) return;
        std::function<void()> callback = std::move(w->done);
        list.erase(w);
        if (list.empty()) waiters_.erase(it);
        callback();
      },
      "databricks.statements.wait");
  waiters_[id].push_back(Waiter{waiter, timer, std::move(done)});
}

void StatementService::settle_waiters(const std::string& statement_id) {
  auto it = waiters_.find(statement_id);
  if (it == waiters_.end()) return;
  std::vector<Waiter> list = std::move(it->second);
  waiters_.erase(it);
  for (Waiter& w : list) {
    timers_.cancel(w.timer);
    w.done();
  }
}

}  // namespace drdrill::databricks
