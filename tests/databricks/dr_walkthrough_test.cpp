// The seed's active-passive walkthrough at the workspace level: the primary runs the job, the
// passive secondary holds the same job and a terminated cluster pointing at the secondary
// metastore; the primary's region fails; a runbook releases the secondary. The observers see
// that the held job never ran before release and that no job ran in both regions at once.

#include <gtest/gtest.h>

#include <map>

#include "databricks/base64.h"
#include "fake_data_plane.h"
#include "recording_observer.h"
#include "sim_world.h"

namespace drdrill::databricks {
namespace {

using testing::ApiTestClient;
using testing::FakeDataPlane;
using testing::RecordingObserver;

// What CI/CD deploys to one workspace: the notebook, the HMS password secret, the cluster pointing
// at `jdbc_url`, and the job (held when `held`). Returns the job id.
std::int64_t deploy(ApiTestClient& api, const std::string& jdbc_url, bool held, std::string& cluster_id) {
  EXPECT_EQ(api.post("/api/2.0/workspace/import", R"({"path":"/Shared/load","format":"SOURCE","language":"PYTHON",)"
                                                  R"("content":")" + base64_encode("insert") + R"("})")
                .status,
            200);
  EXPECT_EQ(api.post("/api/2.0/secrets/scopes/create", R"({"scope":"hms"})").status, 200);
  EXPECT_EQ(api.post("/api/2.0/secrets/put", R"({"scope":"hms","key":"password","string_value":"pw"})").status, 200);
  const Json cluster = Json::parse(
      api.post("/api/2.1/clusters/create",
               R"({"cluster_name":"etl","spark_version":"13.3.x-scala2.12","node_type_id":"Standard_DS3_v2","num_workers":2,)"
               R"("spark_conf":{"spark.hadoop.javax.jdo.option.ConnectionURL":")" + jdbc_url +
                   R"(","spark.hadoop.javax.jdo.option.ConnectionPassword":"{{secrets/hms/password}}"}})")
          .body);
  cluster_id = cluster.value("cluster_id", "");
  const Json job = Json::parse(
      api.post("/api/2.2/jobs/create",
               R"({"name":"load","max_concurrent_runs":)" + std::string(held ? "0" : "1") +
                   R"(,"schedule":{"quartz_cron_expression":"0 0/15 * * * ?","timezone_id":"UTC"},)"
                   R"("tasks":[{"task_key":"load","existing_cluster_id":")" + cluster_id +
                   R"(","notebook_task":{"notebook_path":"/Shared/load","base_parameters":{"table":"sales","rows":"10"}}}]})")
          .body);
  return job.value("job_id", std::int64_t{0});
}

TEST(DrWalkthrough, ThePassiveJobNeverRunsUntilReleasedAndNeverAlongsideThePrimary) {
  SimulatedScheduler scheduler;
  Random random(2026);
  WorkspaceConfig east_config;
  WorkspaceConfig west_config;
  west_config.name = "secondary";
  west_config.region = "westus";
  west_config.host = "adb-2000000000000002.2.azuredatabricks.net";
  west_config.workspace_id = 2000000000000002;
  west_config.first_object_id = 5000;
  Workspace east(east_config, scheduler, random);
  Workspace west(west_config, scheduler, random);
  FakeDataPlane east_data(scheduler);
  FakeDataPlane west_data(scheduler);
  east.set_data_plane(&east_data);
  west.set_data_plane(&west_data);
  for (Workspace* ws : {&east, &west}) {
    ws->task_works().set_for_notebook("/Shared/load", std::make_shared<InsertRowsWork>("sales", 10));
  }
  RecordingObserver east_seen;
  RecordingObserver west_seen;
  east.add_observer(&east_seen);
  west.add_observer(&west_seen);
  ApiTestClient east_api(east);
  ApiTestClient west_api(west);

  std::string east_cluster;
  std::string west_cluster;
  deploy(east_api, "jdbc:sqlserver://hms-east.database.windows.net:1433;database=hms", false, east_cluster);
  const std::int64_t west_job =
      deploy(west_api, "jdbc:sqlserver://hms-west.database.windows.net:1433;database=hms", true, west_cluster);
  ASSERT_EQ(west_api.post("/api/2.1/clusters/delete", R"({"cluster_id":")" + west_cluster + R"("})").status, 200);

  // Normal operation for three hours: the primary loads every 15 minutes, the passive skips.
  ASSERT_TRUE(scheduler.run(RunBounds{.max_events = 100000, .until = kDefaultEpoch + 3h}).ok());
  EXPECT_GE(east_seen.writes.size(), 10u);
  EXPECT_EQ(west_seen.created.size(), 12u);
  EXPECT_TRUE(west_seen.started.empty());
  EXPECT_EQ(west.clusters().find(west_cluster)->state, ClusterState::kTerminated);

  // The primary region fails.
  const TimePoint outage = scheduler.now();
  ASSERT_TRUE(east.region_outage_began("eastus"));
  EXPECT_EQ(east_api.get("/api/2.2/jobs/list").status, 503);

  // The runbook releases the secondary: unpause its job and let it run one at a time.
  ASSERT_EQ(west_api.post("/api/2.2/jobs/update",
                          R"({"job_id":)" + std::to_string(west_job) + R"(,"new_settings":{"max_concurrent_runs":1}})")
                .status,
            200);
  const Json run = Json::parse(west_api.post("/api/2.2/jobs/run-now", R"({"job_id":)" + std::to_string(west_job) + "}").body);
  const std::int64_t run_id = run.value("run_id", std::int64_t{0});
  ASSERT_TRUE(scheduler.run(RunBounds{.max_events = 100000, .until = outage + 1h}).ok());

  const Json done = Json::parse(west_api.get("/api/2.2/jobs/runs/get?run_id=" + std::to_string(run_id)).body);
  EXPECT_EQ(done["state"]["result_state"], "SUCCESS");
  ASSERT_FALSE(west_data.opened.empty());
  EXPECT_EQ(west_data.opened.front().metastore->jdbc_url, "jdbc:sqlserver://hms-west.database.windows.net:1433;database=hms");
  EXPECT_EQ(west_data.opened.front().metastore->password, "pw");
  EXPECT_EQ(west_data.rows["sales"], 10 * static_cast<std::int64_t>(west_seen.writes.size()));

  // Invariants: every run the secondary admitted started after the outage began; the primary
  // admitted none after it (split brain would be both regions running the job at once).
  ASSERT_FALSE(west_seen.started.empty());
  for (const RunEvent& e : west_seen.started) EXPECT_GE(e.at, outage);
  for (const RunEvent& e : east_seen.started) EXPECT_LE(e.at, outage);  // 03:00 fires just before
  // The primary's last writes were acknowledged before the outage: the ledger has their times.
  EXPECT_LE(east_seen.writes.back().write.acknowledged_at, outage);
}

}  // namespace
}  // namespace drdrill::databricks
