// The requests @databricks/sdk-experimental 0.17.0 sends, byte for byte as captured from the SDK
// against `drdrill serve` (paths and versions, URLSearchParams query encoding, bodies with only the
// fields the caller set), and the answers in exactly the shape its code reads: the jobs waiter's
// state.life_cycle_state, the clusters waiters' state, the list iterators' next_page_token, and
// the error fields its ApiError is built from (docs/serve.md, "Official clients").

#include <gtest/gtest.h>

#include <string>

#include "sim_world.h"

namespace drdrill::databricks {
namespace {

using namespace std::chrono_literals;
using testing::SimWorld;

class SdkRequests : public ::testing::Test {
 protected:
  http::Response get(const std::string& target) { return world_.client.get(target); }
  http::Response post(const std::string& target, const std::string& body) { return world_.client.post(target, body); }

  SimWorld world_;
};

TEST_F(SdkRequests, WorkspaceImportAndExportWithTheSdksEncodingRoundTrip) {
  // w.workspace.mkdirs / import / export / list / getStatus, as sent.
  ASSERT_EQ(post("/api/2.0/workspace/mkdirs", R"({"path":"/Shared/dr"})").body, "{}");
  ASSERT_EQ(post("/api/2.0/workspace/import",
                 R"({"content":"cHJpbnQoMSkK","format":"SOURCE","language":"PYTHON","overwrite":true,"path":"/Shared/dr/nb"})")
                .body,
            "{}");
  // URLSearchParams encodes '/' as %2F; the SOURCE export adds the notebook header ("print(1)\n").
  const http::Response exported = get("/api/2.0/workspace/export?format=SOURCE&path=%2FShared%2Fdr%2Fnb");
  EXPECT_EQ(exported.status, 200);
  EXPECT_EQ(exported.body, R"({"content":"IyBEYXRhYnJpY2tzIG5vdGVib29rIHNvdXJjZQpwcmludCgxKQo=","file_type":"py"})");

  const Json listed = SimWorld::ok_json(get("/api/2.0/workspace/list?path=%2FShared%2Fdr"));
  ASSERT_EQ(listed["objects"].size(), 1u);  // the SDK iterates response.objects
  EXPECT_EQ(listed["objects"][0]["path"], "/Shared/dr/nb");
  EXPECT_EQ(listed["objects"][0]["object_type"], "NOTEBOOK");
  EXPECT_EQ(SimWorld::ok_json(get("/api/2.0/workspace/get-status?path=%2FShared%2Fdr%2Fnb"))["language"], "PYTHON");
}

TEST_F(SdkRequests, HeldJobRunNowIsSkippedInTheFieldsTheJobsWaiterReads) {
  ASSERT_EQ(post("/api/2.2/jobs/create",
                 R"({"max_concurrent_runs":0,"name":"j","tasks":[{"task_key":"t","new_cluster":{"spark_version":)"
                 R"("13.3.x-scala2.12","node_type_id":"Standard_DS3_v2","num_workers":1},"notebook_task":{"notebook_path":"/x"}}]})")
                .body,
            R"({"job_id":1000})");
  const Json started = SimWorld::ok_json(post("/api/2.2/jobs/run-now", R"({"job_id":1000})"));
  const std::int64_t run_id = started["run_id"];
  EXPECT_EQ(started["number_in_job"], run_id);
  const Json run = SimWorld::ok_json(get("/api/2.2/jobs/runs/get?run_id=" + std::to_string(run_id)));
  // runNow().wait() switches on state.life_cycle_state: SKIPPED returns the run (no error).
  EXPECT_EQ(run["state"].dump(),
            R"({"life_cycle_state":"SKIPPED","result_state":"MAXIMUM_CONCURRENT_RUNS_REACHED",)"
            R"("state_message":"Skipping this run because the limit of 0 maximum concurrent runs has been reached.",)"
            R"("user_cancelled_or_timedout":false})");
}

TEST_F(SdkRequests, JobsListPagesThroughNextPageTokenAndDecodesPlusAsASpace) {
  for (const char* name : {"nightly etl", "hourly", "nightly etl"}) {
    ASSERT_EQ(post("/api/2.2/jobs/create", std::string(R"({"name":")") + name + R"("})").status, 200);
  }
  // w.jobs.list({limit: 1}): the iterator sends page_token back (percent-encoded) until it is absent.
  Json page = SimWorld::ok_json(get("/api/2.2/jobs/list?limit=1"));
  int pages = 1;
  while (page.contains("next_page_token")) {
    const std::string token = page["next_page_token"];
    std::string encoded;
    for (char c : token) encoded += c == '=' ? std::string("%3D") : std::string(1, c);
    page = SimWorld::ok_json(get("/api/2.2/jobs/list?limit=1&page_token=" + encoded));
    ASSERT_LE(++pages, 3);
  }
  EXPECT_EQ(pages, 3);
  // URLSearchParams sends a space as '+'.
  EXPECT_EQ(SimWorld::ok_json(get("/api/2.2/jobs/list?name=nightly+etl"))["jobs"].size(), 2u);
}

TEST_F(SdkRequests, ClusterStartLeavesTerminatedBeforeItAnswers) {
  const Json created = SimWorld::ok_json(post(
      "/api/2.1/clusters/create",
      R"({"cluster_name":"c1","node_type_id":"Standard_DS3_v2","num_workers":1,"spark_version":"13.3.x-scala2.12"})"));
  const std::string id = created["cluster_id"];
  ASSERT_EQ(post("/api/2.1/clusters/delete", R"({"cluster_id":")" + id + R"("})").body, "{}");
  for (int i = 0; i < 60 && SimWorld::ok_json(get("/api/2.1/clusters/get?cluster_id=" + id))["state"] != "TERMINATED"; ++i) {
    world_.run_for(10s);
  }
  ASSERT_EQ(SimWorld::ok_json(get("/api/2.1/clusters/get?cluster_id=" + id))["state"], "TERMINATED");
  // start().wait() polls clusters/get at once and throws on TERMINATED: the start must show at once.
  ASSERT_EQ(post("/api/2.1/clusters/start", R"({"cluster_id":")" + id + R"("})").body, "{}");
  EXPECT_EQ(SimWorld::ok_json(get("/api/2.1/clusters/get?cluster_id=" + id))["state"], "PENDING");
}

TEST_F(SdkRequests, ErrorsCarryTheTwoFieldsTheSdkBuildsItsApiErrorFrom) {
  // parseErrorFromResponse keeps error_code and message only when both are there (else it reports
  // the status text), and retries any message containing "Unexpected error", "connection refused"...
  const http::Response missing = get("/api/2.1/clusters/get?cluster_id=nope");
  EXPECT_EQ(missing.status, 400);
  EXPECT_EQ(missing.body, R"({"error_code":"INVALID_PARAMETER_VALUE","message":"Cluster nope does not exist"})");
  const http::Response no_path = get("/api/2.0/workspace/export?path=%2Fnope");
  EXPECT_EQ(no_path.status, 404);
  EXPECT_EQ(no_path.body, R"({"error_code":"RESOURCE_DOES_NOT_EXIST","message":"Path (/nope) doesn't exist."})");
  const http::Response unknown = get("/api/2.2/jobs/runs/get-output?run_id=1");
  EXPECT_EQ(unknown.status, 404);
  EXPECT_EQ(unknown.body, R"({"error_code":"ENDPOINT_NOT_FOUND","message":"No API found for 'GET /api/2.2/jobs/runs/get-output'"})");
}

}  // namespace
}  // namespace drdrill::databricks
