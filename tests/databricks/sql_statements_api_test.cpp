// The SQL Statement Execution API (POST /api/2.0/sql/statements, GET, cancel) on a workspace whose
// clusters reach the metastore and storage fakes: the documented response shape byte for byte,
// statements taking modelled time, and wait_timeout / on_wait_timeout answered at the simulated
// instant a client would get them.

#include <gtest/gtest.h>

#include <optional>

#include "databricks/rest_api.h"
#include "lakehouse_world.h"
#include "recording_observer.h"

namespace drdrill::databricks {
namespace {

using ::drdrill::testing::LakehouseWorld;

// Statement ids of the default workspace (id 1000000000000001: its low 16 bits are 0x8001).
std::string statement_id(int n) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "01f08001-0000-1000-8000-%012d", n);
  return buf;
}

struct Answer {
  TimePoint at;
  http::Response response;
  Json json() const { return Json::parse(response.body, nullptr, false); }
};

class SqlStatementsApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    cluster_ = world_.create_cluster();
    world_.run_for(10min);
    ASSERT_EQ(world_.workspace().clusters().find(cluster_)->state, ClusterState::kRunning);
    execution(0);
  }

  void execution(double seconds) {
    StatementTimings timings;
    timings.execution_s = Distribution::constant(seconds);
    world_.workspace().statements().set_timings(timings);
  }

  // POSTs through the asynchronous front and returns where the answer lands (set when it arrives).
  std::shared_ptr<std::optional<Answer>> post_async(const std::string& body) {
    auto answer = std::make_shared<std::optional<Answer>>();
    http::Request request;
    request.method = http::Method::kPost;
    request.target = "/api/2.0/sql/statements";
    request.headers.add("Authorization", std::string("Bearer ") + testing::kToken);
    request.body = body;
    async_(request, [this, answer](http::Response r) { *answer = Answer{world_.scheduler().now(), std::move(r)}; });
    return answer;
  }

  std::string statement(const std::string& sql, const std::string& extra = "") {
    std::string escaped;
    for (char c : sql) escaped += c == '"' ? std::string("\\\"") : std::string(1, c);
    return R"({"warehouse_id":")" + cluster_ + R"(","statement":")" + escaped + "\"" + extra + "}";
  }

  // Runs a statement to its end through the async front with the longest wait.
  Json run(const std::string& sql) {
    auto answer = post_async(statement(sql, R"(,"wait_timeout":"50s")"));
    world_.run_for(1min);
    if (!answer->has_value()) {
      ADD_FAILURE() << "no answer for " << sql;
      return Json();
    }
    return (*answer)->json();
  }

  LakehouseWorld world_;
  AsyncHandler async_ = make_async_rest_api(world_.workspace());
  std::string cluster_;
};

TEST_F(SqlStatementsApiTest, AnswersASucceededQueryWithTheDocumentedShapeByteForByte) {
  auto answer = post_async(statement("SELECT 1 AS one, 'a' AS letter, NULL AS nothing"));
  ASSERT_TRUE(answer->has_value() == false);  // it takes the instant's next events to run
  world_.run_for(1s);
  ASSERT_TRUE(answer->has_value());
  EXPECT_EQ((*answer)->response.status, 200);
  EXPECT_EQ((*answer)->response.headers.get("Content-Type"), "application/json");
  EXPECT_EQ((*answer)->response.body,
            R"({"manifest":{"chunks":[{"chunk_index":0,"row_count":1,"row_offset":0}],"format":"JSON_ARRAY",)"
            R"("schema":{"column_count":3,"columns":[{"name":"one","position":0,"type_name":"INT","type_text":"INT"},)"
            R"({"name":"letter","position":1,"type_name":"STRING","type_text":"STRING"},)"
            R"({"name":"nothing","position":2,"type_name":"STRING","type_text":"STRING"}]},)"
            R"("total_chunk_count":1,"total_row_count":1,"truncated":false},)"
            R"("result":{"chunk_index":0,"data_array":[["1","a",null]],"row_count":1,"row_offset":0},)"
            R"("statement_id":")" + statement_id(1) +
                R"(","status":{"state":"SUCCEEDED"}})");
  // GET answers the same bytes.
  EXPECT_EQ(world_.api().get("/api/2.0/sql/statements/" + statement_id(1)).body, (*answer)->response.body);
}

TEST_F(SqlStatementsApiTest, AnswersAFailedStatementWithItsErrorCodeMessageAndSqlStateIn200) {
  const Json failed = run("SELEC 1");
  EXPECT_EQ(failed.dump(),
            R"({"statement_id":")" + statement_id(1) +
                R"(","status":{"error":{"error_code":"BAD_REQUEST","message":"[PARSE_SYNTAX_ERROR] Syntax error at or near 'SELEC': )"
                R"(expected a statement (SELECT, INSERT, CREATE, DROP, ALTER, DESCRIBE, SHOW or USE).(line 1, pos 0)\n\n== SQL ==\n)"
                R"(SELEC 1\n^^^\n"},"sql_state":"42601","state":"FAILED"}})");
}

TEST_F(SqlStatementsApiTest, AnswersDdlWithAnEmptySchemaAndInsertsWithTheirRowCounts) {
  const Json created = run("CREATE TABLE t (id BIGINT) LOCATION 'abfss://data@lake.dfs.core.windows.net/t'");
  EXPECT_EQ(created["manifest"]["schema"].dump(), R"({"column_count":0})");
  EXPECT_EQ(created["result"].dump(), R"({"chunk_index":0,"row_count":0,"row_offset":0})");
  const Json inserted = run("INSERT INTO t VALUES (1), (2), (3)");
  EXPECT_EQ(inserted["result"]["data_array"].dump(), R"([["3","3"]])");
  EXPECT_EQ(inserted["manifest"]["schema"]["columns"][0]["name"], "num_affected_rows");
  const Json counted = run("SELECT count(*) FROM t");
  EXPECT_EQ(counted["manifest"]["schema"]["columns"].dump(),
            R"x([{"name":"count(1)","position":0,"type_name":"LONG","type_text":"BIGINT"}])x");
  EXPECT_EQ(counted["result"]["data_array"].dump(), R"([["3"]])");
}

TEST_F(SqlStatementsApiTest, AZeroWaitAnswersAtOnceWithTheStatementPending) {
  execution(20);
  const TimePoint t0 = world_.scheduler().now();
  auto answer = post_async(statement("SELECT 1", R"(,"wait_timeout":"0s")"));
  ASSERT_TRUE(answer->has_value());
  EXPECT_EQ((*answer)->at, t0);
  EXPECT_EQ((*answer)->response.body, R"({"statement_id":")" + statement_id(1) + R"(","status":{"state":"PENDING"}})");
  world_.run_for(1s);
  EXPECT_EQ(Json::parse(world_.api().get("/api/2.0/sql/statements/" + statement_id(1)).body)["status"]["state"],
            "RUNNING");
  world_.run_for(20s);
  EXPECT_EQ(Json::parse(world_.api().get("/api/2.0/sql/statements/" + statement_id(1)).body)["status"]["state"],
            "SUCCEEDED");
}

TEST_F(SqlStatementsApiTest, AWaitLongerThanTheStatementAnswersWhenItFinishes) {
  execution(20);
  const TimePoint t0 = world_.scheduler().now();
  auto answer = post_async(statement("SELECT 42", R"(,"wait_timeout":"30s")"));
  world_.run_for(1min);
  ASSERT_TRUE(answer->has_value());
  EXPECT_EQ((*answer)->at, t0 + 20s);
  EXPECT_EQ((*answer)->json()["status"]["state"], "SUCCEEDED");
  EXPECT_EQ((*answer)->json()["result"]["data_array"].dump(), R"([["42"]])");
}

TEST_F(SqlStatementsApiTest, AWaitThatRunsOutWithContinueAnswersRunningAndTheStatementGoesOn) {
  execution(20);
  const TimePoint t0 = world_.scheduler().now();
  auto answer = post_async(statement("SELECT 42", R"(,"wait_timeout":"10s","on_wait_timeout":"CONTINUE")"));
  world_.run_for(1min);
  ASSERT_TRUE(answer->has_value());
  EXPECT_EQ((*answer)->at, t0 + 10s);
  EXPECT_EQ((*answer)->json().dump(), R"({"statement_id":")" + statement_id(1) + R"(","status":{"state":"RUNNING"}})");
  const SqlStatement* s = *world_.workspace().statements().get(statement_id(1));
  EXPECT_EQ(s->state, StatementState::kSucceeded);
  EXPECT_EQ(s->finished_at, t0 + 20s);
}

TEST_F(SqlStatementsApiTest, AWaitThatRunsOutWithCancelCancelsTheStatementBeforeItWritesAnything) {
  ASSERT_EQ(run("CREATE TABLE t (id INT) LOCATION 'abfss://data@lake.dfs.core.windows.net/t'")["status"]["state"],
            "SUCCEEDED");
  execution(20);
  const TimePoint t0 = world_.scheduler().now();
  auto answer = post_async(statement("INSERT INTO t VALUES (1)", R"(,"wait_timeout":"10s","on_wait_timeout":"CANCEL")"));
  world_.run_for(1min);
  ASSERT_TRUE(answer->has_value());
  EXPECT_EQ((*answer)->at, t0 + 10s);
  EXPECT_EQ((*answer)->json()["status"].dump(), R"({"state":"CANCELED"})");
  execution(0);
  EXPECT_EQ(run("SELECT count(*) FROM t")["result"]["data_array"].dump(), R"([["0"]])");
  EXPECT_EQ(world_.plane().ledger().entries().size(), 1u);  // the CREATE only
}

TEST_F(SqlStatementsApiTest, TheSynchronousFrontAnswersPendingAndTheStatementRunsInSimulatedTime) {
  execution(5);
  const auto posted = world_.api().post("/api/2.0/sql/statements/", statement("SELECT 7", R"(,"wait_timeout":"50s")"));
  ASSERT_EQ(posted.status, 200) << posted.body;
  EXPECT_EQ(Json::parse(posted.body)["status"]["state"], "PENDING");
  world_.run_for(5s);
  EXPECT_EQ(Json::parse(world_.api().get("/api/2.0/sql/statements/" + statement_id(1)).body)["result"]["data_array"].dump(),
            R"([["7"]])");
}

TEST_F(SqlStatementsApiTest, RefusesMalformedRequestsWithHttpErrors) {
  const auto error_code = [&](const std::string& body) {
    const auto r = world_.api().post("/api/2.0/sql/statements", body);
    return std::to_string(r.status) + " " + Json::parse(r.body).value("error_code", "");
  };
  EXPECT_EQ(error_code(statement("SELECT 1", R"(,"wait_timeout":"4s")")), "400 INVALID_PARAMETER_VALUE");
  EXPECT_EQ(error_code(statement("SELECT 1", R"(,"wait_timeout":"51s")")), "400 INVALID_PARAMETER_VALUE");
  EXPECT_EQ(error_code(statement("SELECT 1", R"(,"wait_timeout":"10")")), "400 INVALID_PARAMETER_VALUE");
  EXPECT_EQ(error_code(statement("SELECT 1", R"(,"on_wait_timeout":"ABORT")")), "400 INVALID_PARAMETER_VALUE");
  EXPECT_EQ(error_code(statement("SELECT 1", R"(,"disposition":"EXTERNAL_LINKS")")), "400 INVALID_PARAMETER_VALUE");
  EXPECT_EQ(error_code(R"({"warehouse_id":"nope","statement":"SELECT 1"})"), "404 RESOURCE_DOES_NOT_EXIST");
  EXPECT_EQ(error_code(R"({"statement":"SELECT 1"})"), "400 INVALID_PARAMETER_VALUE");
  EXPECT_EQ(world_.api().get("/api/2.0/sql/statements/nope").status, 404);
  EXPECT_EQ(world_.workspace().statements().size(), 0u);
}

TEST_F(SqlStatementsApiTest, CancelsAStatementThatHasNotFinishedAndLeavesAFinishedOneAlone) {
  execution(20);
  auto answer = post_async(statement("SELECT 1", R"(,"wait_timeout":"0s")"));
  world_.run_for(5s);
  EXPECT_EQ(world_.api().post("/api/2.0/sql/statements/" + statement_id(1) + "/cancel", "").body, "{}");
  world_.run_for(1min);
  EXPECT_EQ(Json::parse(world_.api().get("/api/2.0/sql/statements/" + statement_id(1)).body)["status"]["state"],
            "CANCELED");
  execution(0);
  ASSERT_EQ(run("SELECT 2")["status"]["state"], "SUCCEEDED");
  EXPECT_EQ(world_.api().post("/api/2.0/sql/statements/" + statement_id(2) + "/cancel", "").status, 200);
  EXPECT_EQ(Json::parse(world_.api().get("/api/2.0/sql/statements/" + statement_id(2)).body)["status"]["state"],
            "SUCCEEDED");
  EXPECT_EQ(world_.api().post("/api/2.0/sql/statements/nope/cancel", "").status, 404);
}

TEST_F(SqlStatementsApiTest, StartsATerminatedWarehouseClusterAndRunsTheStatementWhenItIsUp) {
  ASSERT_EQ(world_.api().post("/api/2.1/clusters/delete", R"({"cluster_id":")" + cluster_ + R"("})").status, 200);
  world_.run_for(2min);
  ASSERT_EQ(world_.workspace().clusters().find(cluster_)->state, ClusterState::kTerminated);
  execution(2);
  const TimePoint t0 = world_.scheduler().now();
  auto answer = post_async(statement("SELECT 1", R"(,"wait_timeout":"50s")"));
  world_.run_for(1min);
  ASSERT_TRUE(answer->has_value());
  EXPECT_EQ((*answer)->at, t0 + 50s);
  EXPECT_EQ((*answer)->json()["status"]["state"], "PENDING");
  world_.run_for(10min);
  const SqlStatement* s = *world_.workspace().statements().get(statement_id(1));
  EXPECT_EQ(s->state, StatementState::kSucceeded);
  EXPECT_EQ(s->started_at, t0 + 300s);  // the modelled cluster start
  EXPECT_EQ(s->finished_at, t0 + 302s);
}

TEST_F(SqlStatementsApiTest, FailsAStatementWhoseClusterIsLostWhileItRuns) {
  execution(60);
  auto answer = post_async(statement("SELECT 1", R"(,"wait_timeout":"0s")"));
  world_.run_for(10s);
  world_.workspace().clusters().lose_compute();
  world_.run_for(1s);
  const SqlStatement* s = *world_.workspace().statements().get(statement_id(1));
  EXPECT_EQ(s->state, StatementState::kFailed);
  EXPECT_EQ(s->failure->cause, "compute.unavailable");
}

TEST_F(SqlStatementsApiTest, ReportsEachAcknowledgedWriteToTheObserversWithTheStatementId) {
  testing::RecordingObserver seen;
  world_.workspace().add_observer(&seen);
  run("CREATE TABLE t (id INT) LOCATION 'abfss://data@lake.dfs.core.windows.net/t'");
  run("INSERT INTO t VALUES (1), (2)");
  ASSERT_EQ(seen.writes.size(), 2u);
  EXPECT_EQ(seen.writes[1].statement_id, statement_id(2));
  EXPECT_EQ(seen.writes[1].job_id, 0);
  EXPECT_EQ(seen.writes[1].write.rows, 2);
  EXPECT_EQ(seen.writes[1].write.delta_version, 1);
  world_.workspace().remove_observer(&seen);
}

TEST_F(SqlStatementsApiTest, HonoursRowLimitCatalogSchemaAndParameters) {
  run("CREATE DATABASE ops LOCATION 'abfss://data@lake.dfs.core.windows.net/ops'");
  auto create = post_async(statement("CREATE TABLE t (id INT)", R"(,"schema":"ops","wait_timeout":"50s")"));
  world_.run_for(1s);
  ASSERT_EQ((*create)->json()["status"]["state"], "SUCCEEDED") << (*create)->response.body;
  run("INSERT INTO ops.t VALUES (1), (2), (3)");
  auto limited = post_async(statement("SELECT id FROM ops.t", R"(,"row_limit":2,"wait_timeout":"50s")"));
  auto param = post_async(statement("SELECT id FROM ops.t WHERE id > :floor",
                                    R"(,"parameters":[{"name":"floor","value":"2","type":"INT"}],"wait_timeout":"50s")"));
  auto catalog = post_async(statement("SELECT 1", R"(,"catalog":"main","wait_timeout":"50s")"));
  world_.run_for(1s);
  EXPECT_EQ((*limited)->json()["manifest"]["truncated"], true);
  EXPECT_EQ((*limited)->json()["result"]["data_array"].dump(), R"([["1"],["2"]])");
  EXPECT_EQ((*param)->json()["result"]["data_array"].dump(), R"([["3"]])");
  EXPECT_EQ((*catalog)->json()["status"]["error"]["error_code"], "BAD_REQUEST");
  const auto chunk = world_.api().get("/api/2.0/sql/statements/" + (*limited)->json()["statement_id"].get<std::string>() +
                                      "/result/chunks/0");
  EXPECT_EQ(chunk.body, R"({"chunk_index":0,"data_array":[["1"],["2"]],"row_count":2,"row_offset":0})");
}

}  // namespace
}  // namespace drdrill::databricks
