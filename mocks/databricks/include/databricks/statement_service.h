#pragma once
// StatementService: the SQL Statement Execution API's model (api-facts 6.7) — statements submitted
// to a warehouse, run in simulated time, polled, cancelled.
//
// Warehouses (the drdrill choice). A real SQL warehouse takes its metastore and storage settings
// from the workspace's data access configuration; drdrill instead lets a statement name a cluster
// of the workspace as its warehouse_id. The statement runs on that cluster's driver, with the
// cluster's Spark conf and data session — so the passive workspace's statements reach exactly the
// metastore and storage endpoint its cluster is configured for, as in the seed. A TERMINATED
// cluster is started on demand (SQL warehouses start when a query arrives; switch it off with
// set_auto_start_compute(false) to make a statement to a stopped warehouse fail instead).
//
// Life of a statement, in simulated time:
//   PENDING    when submit() returns, and until its cluster's driver is up (starting it if needed)
//   RUNNING    for a drawn execution time (StatementTimings; the statement's reads and writes
//              all happen at the end, which is when its writes are acknowledged)
//   SUCCEEDED / FAILED (with the SQL error and its cause) / CANCELED
// A statement whose cluster stops, restarts or is lost while it runs fails.
// wait_timeout / on_wait_timeout: with CANCEL and a wait of 5-50 s, a statement not finished when
// the wait runs out is CANCELED then (before its effects). How long a client's call blocks is the
// transport's business: when_settled() tells an asynchronous front when to answer (see rest_api.h).
//
// Ids are deterministic per workspace. Statements are kept until the service is destroyed (the
// real service closes results after a while; not modelled). Not thread-safe.

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/distribution.h"
#include "core/random.h"
#include "core/scheduler.h"
#include "databricks/api_error.h"
#include "databricks/api_json.h"
#include "databricks/cluster_service.h"
#include "databricks/data_plane.h"
#include "databricks/owned_timers.h"
#include "databricks/workspace_config.h"
#include "databricks/workspace_observer.h"

namespace drdrill::databricks {

enum class StatementState { kPending, kRunning, kSucceeded, kFailed, kCanceled };
std::string_view to_string(StatementState state);  // "PENDING", ...
bool is_terminal(StatementState state);

struct StatementTimings {
  // Execution time once the compute is up, seconds. An assumption (no published figure): small
  // statements on a running cluster, median 1 s, p99 10 s.
  Distribution execution_s = Distribution::lognormal(1.0, 10.0);
};

struct StatementRequest {
  std::string statement;
  std::string warehouse_id;
  std::optional<std::string> catalog;
  std::optional<std::string> schema;
  std::vector<SqlParameter> parameters;
  Duration wait_timeout = 10s;          // 0, or 5 s to 50 s
  bool cancel_on_wait_timeout = false;  // on_wait_timeout CANCEL (default CONTINUE)
  std::optional<std::int64_t> row_limit;
};

struct SqlStatement {
  std::string statement_id;
  StatementRequest request;
  std::string user;
  StatementState state = StatementState::kPending;
  TimePoint submitted_at;
  std::optional<TimePoint> started_at;
  std::optional<TimePoint> finished_at;
  std::optional<SqlFailure> failure;
  SqlResultSet result;
  std::int64_t total_row_count = 0;  // before row_limit
  bool truncated = false;
  // Internal bookkeeping.
  bool start_requested = false;                 // this statement asked its cluster to start
  std::optional<std::int64_t> spark_context_id;  // of the driver it runs on
  TimerId completion_timer = kNoTimer;
  TimerId wait_timer = kNoTimer;

  // The StatementResponse: statement_id, status, and for SUCCEEDED the manifest and result.
  Json to_json() const;
  // ResultData of chunk 0 (GET .../result/chunks/0).
  Json result_json() const;
};

class StatementService {
 public:
  StatementService(Scheduler& scheduler, const Random& random, const WorkspaceConfig& config, ClusterService& clusters,
                   const WorkspaceObservers& observers);

  void set_timings(StatementTimings timings) { timings_ = std::move(timings); }
  void set_auto_start_compute(bool enabled) { auto_start_ = enabled; }

  // Submits a statement; the warehouse must name a cluster of this workspace (404 otherwise).
  ApiResult<std::string> submit(StatementRequest request, std::string user);
  ApiResult<const SqlStatement*> get(std::string_view statement_id) const;
  // Cancels a statement that has not finished; a finished one is left as it is.
  ApiStatus cancel(std::string_view statement_id);

  // Calls `done` once, when the statement has finished or at `deadline`, whichever comes first
  // (at once if it has already finished). For a front that answers a waiting client later.
  void when_settled(std::string_view statement_id, TimePoint deadline, std::function<void()> done);

  // The workspace forwards every cluster state change here; the reaction runs in a separate event
  // at the same instant, as the job service's does.
  void on_cluster_state(const Cluster& cluster);

  std::size_t size() const { return statements_.size(); }

 private:
  struct Waiter {
    std::uint64_t id;
    TimerId timer;
    std::function<void()> done;
  };

  SqlStatement* find(std::string_view id);
  std::string new_statement_id();
  // Moves a PENDING statement on: run it if its cluster is up, start the cluster, or fail.
  void advance(SqlStatement& s);
  void begin_running(SqlStatement& s, const Cluster& cluster);
  void execute(const std::string& statement_id);
  void finish(SqlStatement& s, StatementState state, std::optional<SqlFailure> failure);
  void reconcile_clusters();
  void settle_waiters(const std::string& statement_id);

  Scheduler& scheduler_;
  OwnedTimers timers_;
  const WorkspaceConfig& config_;
  ClusterService& clusters_;
  const WorkspaceObservers& observers_;
  RandomStream execution_rng_;
  StatementTimings timings_;
  bool auto_start_ = true;
  std::uint64_t next_id_ = 1;
  std::uint64_t next_waiter_ = 1;
  std::map<std::string, SqlStatement, std::less<>> statements_;
  std::map<std::string, std::vector<Waiter>, std::less<>> waiters_;
  std::set<std::string> clusters_to_reconcile_;
  TimerId reconcile_timer_ = kNoTimer;
};

}  // namespace drdrill::databricks
