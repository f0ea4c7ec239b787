// Throughput of SQL statements on the Databricks workspace fake over the lakehouse: statements per
// second of wall time, each going the whole way in simulated time — the Statement API's async front
// (request parsing, JSON), the statement's life in the scheduler (PENDING -> RUNNING -> SUCCEEDED),
// the SQL engine, the Hive metastore in the SQL fake (SQLite) and the Delta table in the storage fake
// (signed Blob requests).
//
//   cmake --preset release && cmake --build --preset release --target databricks_bench
//   build/release/bench/databricks/databricks_bench
//
// - StatementInsert100Rows: INSERT INTO t VALUES of 100 rows (one data file, one log commit), into
//   a table that grows by one version per iteration.
// - StatementSelectCount: SELECT count(*) of a table of 100 versions / 10,000 rows (the log is cached
//   per driver; every data file is checked to exist).
// - StatementSelectCountWhere: SELECT count(*) ... WHERE, which reads and filters every row.
// - SessionInsert100Rows: the same INSERT straight into the cluster's data session (no REST, no
//   scheduler): what the engine, the metastore and storage cost on their own.

#include <benchmark/benchmark.h>

#include <memory>
#include <optional>
#include <string>

#include "core/random.h"
#include "core/simulated_scheduler.h"
#include "databricks/rest_api.h"
#include "databricks/workspace.h"
#include "lakehouse/lakehouse_data_plane.h"
#include "sql/metastore_schema.h"
#include "sql/sql_client.h"
#include "sql/sql_service.h"
#include "storage/blob_service.h"
#include "storage/shared_key.h"
#include "storage/storage_state.h"

namespace drdrill::databricks {
namespace {

constexpr const char* kUrl = "jdbc:sqlserver://hms.database.windows.net:1433;database=hms";
constexpr const char* kKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
constexpr const char* kToken = "dapi-bench";

std::string insert_100_rows() {
  std::string sql = "INSERT INTO t VALUES ";
  for (int i = 0; i < 100; ++i) {
    sql += (i == 0 ? "(" : ", (") + std::to_string(i) + ", 'customer-" + std::to_string(i) + "', " +
           std::to_string(i) + ".5)";
  }
  return sql;
}

// A workspace with one RUNNING cluster whose Spark conf reaches the metastore and storage.
class World {
 public:
  World() : random_(1), workspace_(WorkspaceConfig{}, scheduler_, random_), front_(make_async_rest_api(workspace_)) {
    storage::AccountConfig account;
    account.name = "lake";
    account.key1 = kKey;
    account.key2 = kKey;
    storage_.add_account(account).value();
    http::Request container;
    container.method = http::Method::kPut;
    container.target = "/data?restype=container";
    container.headers.add("Host", "lake.blob.core.windows.net");
    container.headers.add("x-ms-version", "2025-11-05");
    container.headers.add("x-ms-date", format_rfc1123(scheduler_.now()));
    container.headers.add("Content-Length", "0");
    storage::sign_shared_key(container, "lake", storage_.find_account("lake")->signing_keys()[0]);
    (void)blob_.handle(container);

    auto server = sql_.create_server({"hms", "eastus", "sqladmin", "pw"});
    (void)(*server)->add_login("hive", "h1ve");
    (void)(*server)->create_database("hms");
    sql::SqlClient admin(sql_, scheduler_);
    auto connection = admin.connect(kUrl, "sqladmin", "pw");
    (void)sql::install_metastore_schema(*connection);

    workspace_.tokens().add(kToken, "bench@example.com");
    workspace_.set_data_plane(&plane_);
    StatementTimings timings;
    timings.execution_s = Distribution::constant(0.5);
    workspace_.statements().set_timings(timings);
    Json spec{{"cluster_name", "sql"},
              {"spark_version", "13.3.x-scala2.12"},
              {"node_type_id", "Standard_DS3_v2"},
              {"num_workers", 1},
              {"spark_conf",
               {{"spark.hadoop.javax.jdo.option.ConnectionURL", kUrl},
                {"spark.hadoop.javax.jdo.option.ConnectionUserName", "hive"},
                {"spark.hadoop.javax.jdo.option.ConnectionPassword", "h1ve"},
                {"fs.azure.account.key.lake.dfs.core.windows.net", kKey}}}};
    cluster_ = workspace_.clusters().create(spec, "bench").value();
    (void)scheduler_.run(RunBounds{.max_events = 100000, .until = scheduler_.now() + 1h});
  }

  // Runs one statement through the Statement API to its end; false if it did not succeed.
  bool statement(const std::string& sql) {
    http::Request request;
    request.method = http::Method::kPost;
    request.target = "/api/2.0/sql/statements";
    request.headers.add("Authorization", std::string("Bearer ") + kToken);
    request.body = Json{{"warehouse_id", cluster_}, {"statement", sql}, {"wait_timeout", "50s"}}.dump();
    std::optional<http::Response> answer;
    front_(request, [&answer](http::Response r) { answer = std::move(r); });
    (void)scheduler_.run(RunBounds{.max_events = 1000, .until = scheduler_.now() + 1s});
    if (!answer || answer->status != 200) return false;
    return answer->body.find(R"("state":"SUCCEEDED")") != std::string::npos;
  }

  ClusterDataSession& session() { return *workspace_.clusters().find(cluster_)->data_session; }
  SimulatedScheduler& scheduler() { return scheduler_; }

 private:
  SimulatedScheduler scheduler_;
  Random random_;
  storage::StorageState storage_;
  storage::BlobService blob_{storage_, scheduler_};
  sql::SqlService sql_{scheduler_};
  lakehouse::LakehouseDataPlane plane_{[this](const http::Request& r) { return blob_.handle(r); }, sql_, scheduler_};
  Workspace workspace_;
  AsyncHandler front_;
  std::string cluster_;
};

constexpr const char* kCreate = "CREATE TABLE t (id BIGINT, customer STRING, amount DOUBLE) "
                                "LOCATION 'abfss://data@lake.dfs.core.windows.net/t'";

void StatementInsert100Rows(benchmark::State& state) {
  World world;
  if (!world.statement(kCreate)) state.SkipWithError("CREATE TABLE failed");
  const std::string insert = insert_100_rows();
  const TimePoint start = world.scheduler().now();
  for (auto _ : state) {
    if (!world.statement(insert)) state.SkipWithError("INSERT failed");
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["statements/s"] = benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
  state.counters["rows/s"] = benchmark::Counter(100.0 * static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
  state.counters["simulated_s/statement"] =
      to_seconds(world.scheduler().now() - start) / static_cast<double>(std::max<std::int64_t>(state.iterations(), 1));
}

void select_count(benchmark::State& state, const std::string& sql) {
  World world;
  if (!world.statement(kCreate)) state.SkipWithError("CREATE TABLE failed");
  const std::string insert = insert_100_rows();
  for (int i = 0; i < 100; ++i) {
    if (!world.statement(insert)) state.SkipWithError("INSERT failed");
  }
  for (auto _ : state) {
    if (!world.statement(sql)) state.SkipWithError("SELECT failed");
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["statements/s"] = benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}

void StatementSelectCount(benchmark::State& state) { select_count(state, "SELECT count(*) FROM t"); }
void StatementSelectCountWhere(benchmark::State& state) {
  select_count(state, "SELECT count(*) FROM t WHERE amount > 50 AND customer <> 'customer-7'");
}

void SessionInsert100Rows(benchmark::State& state) {
  World world;
  if (!world.statement(kCreate)) state.SkipWithError("CREATE TABLE failed");
  SqlRequest request;
  request.text = insert_100_rows();
  for (auto _ : state) {
    if (world.session().execute_sql(request).failure) state.SkipWithError("INSERT failed");
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["statements/s"] = benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}

BENCHMARK(StatementInsert100Rows)->Unit(benchmark::kMicrosecond);
BENCHMARK(StatementSelectCount)->Unit(benchmark::kMicrosecond);
BENCHMARK(StatementSelectCountWhere)->Unit(benchmark::kMicrosecond);
BENCHMARK(SessionInsert100Rows)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace drdrill::databricks
