#include <gtest/gtest.h>

#include "sim_world.h"

namespace drdrill::databricks {
namespace {

using testing::SimWorld;

constexpr const char* kHeldJob =
    R"({"name":"etl","max_concurrent_runs":0,"tasks":[{"task_key":"load","existing_cluster_id":"0101-000000-abcdefgh",)"
    R"("notebook_task":{"notebook_path":"/Shared/etl"}}]})";

class JobsApi : public ::testing::Test {
 protected:
  std::int64_t create(const std::string& settings) {
    const Json created = SimWorld::ok_json(world_.client.post("/api/2.2/jobs/create", settings));
    return created.value("job_id", std::int64_t{0});
  }
  Json get(std::int64_t id) { return SimWorld::ok_json(world_.client.get("/api/2.2/jobs/get?job_id=" + std::to_string(id))); }
  http::Response post(const std::string& path, const std::string& body) { return world_.client.post(path, body); }

  SimWorld world_;
};

TEST_F(JobsApi, CreateThenGetEchoesTheSettingsByteForByte) {
  const http::Response created = post("/api/2.2/jobs/create", kHeldJob);
  EXPECT_EQ(created.body, R"({"job_id":1000})");
  EXPECT_EQ(world_.client.get("/api/2.2/jobs/get?job_id=1000").body,
            R"({"created_time":1767225600000,"creator_user_name":"drill@example.com","job_id":1000,)"
            R"("run_as_user_name":"drill@example.com","settings":{"format":"MULTI_TASK","max_concurrent_runs":0,)"
            R"("name":"etl","tasks":[{"existing_cluster_id":"0101-000000-abcdefgh",)"
            R"("notebook_task":{"notebook_path":"/Shared/etl"},"task_key":"load"}]}})");
}

TEST_F(JobsApi, ReadsAnAbsentMaxConcurrentRunsAsOne) {
  const std::int64_t id = create(R"({"name":"etl"})");
  EXPECT_EQ(get(id)["settings"]["max_concurrent_runs"], 1);
}

TEST_F(JobsApi, AnswersAMissingJobWith400InvalidParameterValue) {
  const http::Response response = world_.client.get("/api/2.2/jobs/get?job_id=77");
  EXPECT_EQ(response.status, 400);
  EXPECT_EQ(response.body, R"({"error_code":"INVALID_PARAMETER_VALUE","message":"Job 77 does not exist."})");
  EXPECT_EQ(post("/api/2.2/jobs/run-now", R"({"job_id":77})").status, 400);
  EXPECT_EQ(world_.client.get("/api/2.2/jobs/get?job_id=abc").status, 400);
}

TEST_F(JobsApi, RefusesSettingsItCannotRun) {
  const char* refused[] = {
      R"({"max_concurrent_runs":1001})",
      R"({"tasks":[{"task_key":"a","notebook_task":{"notebook_path":"/x"}}]})",  // no compute
      R"({"tasks":[{"task_key":"a","existing_cluster_id":"c"},{"task_key":"a","existing_cluster_id":"c"}]})",
      R"({"tasks":[{"task_key":"a","existing_cluster_id":"c","depends_on":[{"task_key":"b"}]},)"
      R"({"task_key":"b","existing_cluster_id":"c","depends_on":[{"task_key":"a"}]}]})",
      R"({"tasks":[{"task_key":"a","existing_cluster_id":"c","depends_on":[{"task_key":"zz"}]}]})",
      R"({"tasks":[{"task_key":"a","job_cluster_key":"missing"}]})",
      R"({"schedule":{"quartz_cron_expression":"0 0 * * * ?","timezone_id":"Europe/London"}})",
      R"({"schedule":{"quartz_cron_expression":"0 0 * * *","timezone_id":"UTC"}})",
      R"({"tasks":[{"task_key":"a","new_cluster":{"num_workers":1}}]})",  // new_cluster without spark_version
  };
  for (const char* settings : refused) {
    const http::Response response = post("/api/2.2/jobs/create", settings);
    EXPECT_EQ(response.status, 400) << settings;
    EXPECT_NE(response.body.find("INVALID_PARAMETER_VALUE"), std::string::npos) << settings << " -> " << response.body;
  }
  EXPECT_TRUE(world_.workspace.jobs().list().empty());
}

TEST_F(JobsApi, AcceptsThe20SingleTaskFormAsOneTask) {
  const std::int64_t id = create(R"({"name":"old","existing_cluster_id":"c","notebook_task":{"notebook_path":"/x"}})");
  const Job* job = *world_.workspace.jobs().get(id);
  ASSERT_EQ(tasks_of(job->settings).size(), 1u);
  EXPECT_EQ(tasks_of(job->settings)[0]["task_key"], "default");
}

TEST_F(JobsApi, ListPagesWithTokensAndLeavesTasksOutUnlessExpanded) {
  for (const char* name : {"a", "b", "c"}) {
    create(std::string(R"({"name":")") + name + R"(","tasks":[{"task_key":"t","existing_cluster_id":"c"}]})");
  }
  const Json first = SimWorld::ok_json(world_.client.get("/api/2.2/jobs/list?limit=2"));
  ASSERT_EQ(first["jobs"].size(), 2u);
  EXPECT_EQ(first["jobs"][0]["settings"]["name"], "a");
  EXPECT_FALSE(first["jobs"][0]["settings"].contains("tasks"));
  EXPECT_EQ(first["has_more"], true);
  const std::string token = first.value("next_page_token", "");
  ASSERT_FALSE(token.empty());
  const Json second = SimWorld::ok_json(world_.client.get("/api/2.2/jobs/list?limit=2&expand_tasks=true&page_token=" + token));
  ASSERT_EQ(second["jobs"].size(), 1u);
  EXPECT_EQ(second["jobs"][0]["settings"]["name"], "c");
  EXPECT_TRUE(second["jobs"][0]["settings"].contains("tasks"));
  EXPECT_EQ(second["has_more"], false);
  EXPECT_TRUE(second.contains("prev_page_token"));
  const Json offset = SimWorld::ok_json(world_.client.get("/api/2.2/jobs/list?limit=1&offset=1"));
  EXPECT_EQ(offset["jobs"][0]["settings"]["name"], "b");
}

TEST_F(JobsApi, ListFiltersByExactNameIgnoringCase) {
  create(R"({"name":"Nightly ETL"})");
  create(R"({"name":"Nightly ETL 2"})");
  // The Go SDK sends the space as '+'.
  const Json listed = SimWorld::ok_json(world_.client.get("/api/2.2/jobs/list?name=nightly+etl"));
  ASSERT_EQ(listed["jobs"].size(), 1u);
  EXPECT_EQ(listed["jobs"][0]["settings"]["name"], "Nightly ETL");
}

TEST_F(JobsApi, ListsNoJobsWithoutTheJobsKey) {
  EXPECT_EQ(world_.client.get("/api/2.2/jobs/list").body, R"({"has_more":false})");
}

TEST_F(JobsApi, RefusesAListLimitAbove100) {
  EXPECT_EQ(world_.client.get("/api/2.2/jobs/list?limit=101").status, 400);
}

TEST_F(JobsApi, UpdateReplacesTopLevelFieldsAndMergesTasksByKey) {
  const std::int64_t id = create(
      R"({"name":"etl","max_concurrent_runs":0,"tags":{"a":"1"},"tasks":[{"task_key":"load","existing_cluster_id":"c1"},)"
      R"({"task_key":"report","existing_cluster_id":"c1"}]})");
  ASSERT_EQ(post("/api/2.2/jobs/update",
                 R"({"job_id":)" + std::to_string(id) +
                     R"(,"new_settings":{"max_concurrent_runs":1,"tasks":[{"task_key":"load","existing_cluster_id":"c2"}]},)"
                     R"("fields_to_remove":["tags","tasks/report"]})")
                .body,
            "{}");
  const Json settings = get(id)["settings"];
  EXPECT_EQ(settings["max_concurrent_runs"], 1);
  EXPECT_EQ(settings["name"], "etl");
  EXPECT_FALSE(settings.contains("tags"));
  ASSERT_EQ(settings["tasks"].size(), 1u);
  EXPECT_EQ(settings["tasks"][0]["existing_cluster_id"], "c2");
}

TEST_F(JobsApi, UpdateThatWouldMakeTheSettingsInvalidChangesNothing) {
  const std::int64_t id = create(R"({"name":"etl","max_concurrent_runs":0})");
  EXPECT_EQ(post("/api/2.2/jobs/update", R"({"job_id":)" + std::to_string(id) + R"(,"new_settings":{"max_concurrent_runs":-1}})")
                .status,
            400);
  EXPECT_EQ(get(id)["settings"]["max_concurrent_runs"], 0);
}

TEST_F(JobsApi, ResetReplacesAllSettings) {
  const std::int64_t id = create(R"({"name":"etl","max_concurrent_runs":0,"tags":{"a":"1"}})");
  ASSERT_EQ(post("/api/2.2/jobs/reset", R"({"job_id":)" + std::to_string(id) + R"(,"new_settings":{"name":"etl2"}})").status,
            200);
  const Json settings = get(id)["settings"];
  EXPECT_EQ(settings, Json::parse(R"({"format":"MULTI_TASK","max_concurrent_runs":1,"name":"etl2"})"));
}

TEST_F(JobsApi, DeleteRemovesTheJob) {
  const std::int64_t id = create(R"({"name":"etl"})");
  ASSERT_EQ(post("/api/2.2/jobs/delete", R"({"job_id":)" + std::to_string(id) + "}").status, 200);
  EXPECT_EQ(world_.client.get("/api/2.2/jobs/get?job_id=" + std::to_string(id)).status, 400);
  EXPECT_EQ(post("/api/2.2/jobs/delete", R"({"job_id":)" + std::to_string(id) + "}").status, 400);
}

TEST_F(JobsApi, AcceptsJobIdAsAStringAsProtobufJsonDoes) {
  const std::int64_t id = create(R"({"name":"etl"})");
  EXPECT_EQ(post("/api/2.2/jobs/delete", R"({"job_id":")" + std::to_string(id) + R"("})").status, 200);
}

}  // namespace
}  // namespace drdrill::databricks
