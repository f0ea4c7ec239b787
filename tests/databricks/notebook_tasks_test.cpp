// Job tasks doing declared work against the lakehouse: a SQL notebook's cells run through the
// cluster's data session, "insert N rows into T" runs every time the schedule fires, and every
// acknowledged write reaches the observers and the ledger with its time.

#include <gtest/gtest.h>

#include "databricks/base64.h"
#include "lakehouse_world.h"
#include "recording_observer.h"

namespace drdrill::databricks {
namespace {

using ::drdrill::testing::LakehouseWorld;

constexpr const char* kNotebook =
    "-- Databricks notebook source\n"
    "CREATE TABLE IF NOT EXISTS ${table} (id BIGINT, note STRING)\n"
    "LOCATION 'abfss://data@lake.dfs.core.windows.net/tables/${table}';\n"
    "\n"
    "-- COMMAND ----------\n"
    "\n"
    "INSERT INTO ${table} VALUES (1, 'a'), (2, 'b');\n"
    "INSERT INTO ${table} VALUES (3, 'c')\n";

class NotebookTasksTest : public ::testing::Test {
 protected:
  void SetUp() override {
    world_.workspace().add_observer(&seen_);
    cluster_ = world_.create_cluster();
    JobTimings timings;
    timings.execution_s = Distribution::constant(60);
    world_.workspace().jobs().set_timings(timings);
  }
  void TearDown() override { world_.workspace().remove_observer(&seen_); }

  void import_notebook(const std::string& path, const std::string& language, const std::string& source) {
    const auto r = world_.api().post("/api/2.0/workspace/import",
                                     R"({"path":")" + path + R"(","format":"SOURCE","language":")" + language +
                                         R"(","content":")" + base64_encode(source) + R"("})");
    ASSERT_EQ(r.status, 200) << r.body;
  }

  std::int64_t create_job(const std::string& notebook, const std::string& parameters, const std::string& extra = "") {
    const auto r = world_.api().post(
        "/api/2.2/jobs/create", R"({"name":"load","tasks":[{"task_key":"load","existing_cluster_id":")" + cluster_ +
                                    R"(","notebook_task":{"notebook_path":")" + notebook +
                                    R"(","base_parameters":)" + parameters + "}}]" + extra + "}");
    EXPECT_EQ(r.status, 200) << r.body;
    return Json::parse(r.body).value("job_id", std::int64_t{0});
  }

  Json run_once(std::int64_t job_id) {
    const auto r = world_.api().post("/api/2.2/jobs/run-now", R"({"job_id":)" + std::to_string(job_id) + "}");
    const std::int64_t run_id = Json::parse(r.body).value("run_id", std::int64_t{0});
    world_.run_for(30min);
    return Json::parse(world_.api().get("/api/2.2/jobs/runs/get?run_id=" + std::to_string(run_id)).body);
  }

  LakehouseWorld world_;
  testing::RecordingObserver seen_;
  std::string cluster_;
};

TEST_F(NotebookTasksTest, ASqlNotebookRunsItsCellsThroughTheClusterAndReportsEachWriteWhenAcknowledged) {
  import_notebook("/Shared/load_events", "SQL", kNotebook);
  world_.workspace().task_works().set_for_notebook("/Shared/load_events", std::make_shared<SqlNotebookWork>());
  const TimePoint t0 = world_.scheduler().now();
  const Json run = run_once(create_job("/Shared/load_events", R"({"table":"events"})"));
  EXPECT_EQ(run["state"]["result_state"], "SUCCESS") << run.dump();

  // CREATE in the first cell, two INSERTs in the second; each cell runs after its half of the
  // modelled 60 s, once the cluster is up (300 s).
  ASSERT_EQ(seen_.writes.size(), 3u);
  EXPECT_EQ(seen_.writes[0].write.operation, "CREATE TABLE");
  EXPECT_EQ(seen_.writes[0].write.acknowledged_at, t0 + 300s + 30s);
  EXPECT_EQ(seen_.writes[1].write.operation, "WRITE");
  EXPECT_EQ(seen_.writes[1].write.rows, 2);
  EXPECT_EQ(seen_.writes[1].write.delta_version, 1);
  EXPECT_EQ(seen_.writes[2].write.delta_version, 2);
  EXPECT_EQ(seen_.writes[2].write.acknowledged_at, t0 + 300s + 60s);
  EXPECT_EQ(seen_.writes[2].task_key, "load");
  EXPECT_EQ(world_.plane().ledger().rows_acknowledged("default.events"), 3);
  auto session = world_.workspace().clusters().find(cluster_)->data_session;
  EXPECT_EQ(*session->count_rows("events"), 3);
}

TEST_F(NotebookTasksTest, AFailingStatementFailsTheTaskWithTheSqlError) {
  import_notebook("/Shared/broken", "SQL", "INSERT INTO nowhere VALUES (1)");
  world_.workspace().task_works().set_for_notebook("/Shared/broken", std::make_shared<SqlNotebookWork>());
  const Json run = run_once(create_job("/Shared/broken", "{}"));
  EXPECT_EQ(run["state"]["result_state"], "FAILED");
  EXPECT_NE(run["state"]["state_message"].get<std::string>().find(
                "Error in SQL statement: [TABLE_OR_VIEW_NOT_FOUND] The table or view `hive_metastore`.`default`.`nowhere`"),
            std::string::npos)
      << run.dump();
  EXPECT_TRUE(seen_.writes.empty());
}

TEST_F(NotebookTasksTest, APythonNotebookIsNotRunAsSql) {
  import_notebook("/Shared/etl", "PYTHON", "print('hello')");
  world_.workspace().task_works().set_for_notebook("/Shared/etl", std::make_shared<SqlNotebookWork>());
  const Json run = run_once(create_job("/Shared/etl", "{}"));
  EXPECT_EQ(run["state"]["result_state"], "FAILED");
  EXPECT_NE(run["state"]["state_message"].get<std::string>().find("not a SQL notebook (PYTHON)"), std::string::npos);
}

TEST_F(NotebookTasksTest, ADeclaredInsertWorkloadWritesEveryTimeTheScheduleFires) {
  import_notebook("/Shared/setup", "SQL",
                  "CREATE TABLE sales (id BIGINT, name STRING) LOCATION 'abfss://data@lake.dfs.core.windows.net/sales'");
  world_.workspace().task_works().set_for_notebook("/Shared/setup", std::make_shared<SqlNotebookWork>());
  ASSERT_EQ(run_once(create_job("/Shared/setup", "{}"))["state"]["result_state"], "SUCCESS");

  import_notebook("/Shared/load", "PYTHON", "# inserts rows");
  world_.workspace().task_works().set_for_notebook("/Shared/load", std::make_shared<InsertRowsWork>("sales", 10));
  create_job("/Shared/load", R"({"table":"default.sales"})",
             R"(,"schedule":{"quartz_cron_expression":"0 0/15 * * * ?","timezone_id":"UTC"})");
  // From 00:30: firings at 00:45, 01:00, 01:15 and 01:30, each writing 60 s after it fires.
  world_.run_for(1h + 5min);
  std::int64_t rows = 0;
  for (const WriteEvent& w : seen_.writes) {
    if (w.write.operation == "WRITE") {
      rows += w.write.rows;
      EXPECT_EQ(w.write.underlying.size(), 2u);  // the data file and the log entry
    }
  }
  EXPECT_EQ(rows, 40);
  EXPECT_EQ(world_.plane().ledger().rows_acknowledged("default.sales"), 40);
  EXPECT_EQ(*world_.workspace().clusters().find(cluster_)->data_session->count_rows("sales"), 40);
}

TEST_F(NotebookTasksTest, SplitsANotebookSourceIntoCellsAndFillsInWidgetReferences) {
  const auto cells = SqlNotebookWork::cells("-- Databricks notebook source\nSELECT ${a}\n-- COMMAND ----------\nSELECT ${b}",
                                            {{"a", "1"}});
  ASSERT_EQ(cells.size(), 2u);
  EXPECT_EQ(cells[0], "-- Databricks notebook source\nSELECT 1\n");
  EXPECT_EQ(cells[1], "SELECT ${b}\n");
}

}  // namespace
}  // namespace drdrill::databricks
