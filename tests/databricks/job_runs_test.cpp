// Job runs in simulated time: held jobs, releasing them, clusters, failures, cancellation, queues,
// task dependencies, the ledger and invariant hooks.

#include <gtest/gtest.h>

#include <algorithm>

#include "databricks/base64.h"
#include "fake_data_plane.h"
#include "recording_observer.h"
#include "sim_world.h"

namespace drdrill::databricks {
namespace {

using testing::FakeDataPlane;
using testing::RecordingObserver;
using testing::SimWorld;

constexpr const char* kClusterSpec =
    R"({"cluster_name":"etl","spark_version":"13.3.x-scala2.12","node_type_id":"Standard_DS3_v2","num_workers":2})";

class JobRuns : public ::testing::Test {
 protected:
  void SetUp() override {
    world_.workspace.set_data_plane(&plane_);
    world_.workspace.add_observer(&observer_);
    ASSERT_EQ(post("/api/2.0/workspace/import", R"({"path":"/Shared/etl","format":"SOURCE","language":"PYTHON","content":")" +
                                                    base64_encode("print(1)") + R"("})")
                  .status,
              200);
  }

  http::Response post(const std::string& path, const std::string& body) { return world_.client.post(path, body); }
  Json get_json(const std::string& target) { return SimWorld::ok_json(world_.client.get(target)); }

  // A cluster as the passive workspace holds it: defined, then terminated.
  std::string terminated_cluster() {
    const std::string id = SimWorld::ok_json(post("/api/2.1/clusters/create", kClusterSpec)).value("cluster_id", "");
    world_.run_for(1h);
    EXPECT_EQ(post("/api/2.1/clusters/delete", R"({"cluster_id":")" + id + R"("})").status, 200);
    world_.run_for(1h);
    EXPECT_EQ(world_.workspace.clusters().find(id)->state, ClusterState::kTerminated);
    return id;
  }
  std::string running_cluster() {
    const std::string id = SimWorld::ok_json(post("/api/2.1/clusters/create", kClusterSpec)).value("cluster_id", "");
    world_.run_for(1h);
    EXPECT_EQ(world_.workspace.clusters().find(id)->state, ClusterState::kRunning);
    return id;
  }
  std::int64_t create_job(const std::string& cluster_id, int max_concurrent_runs, const std::string& extra = "") {
    const std::string settings = R"({"name":"etl","max_concurrent_runs":)" + std::to_string(max_concurrent_runs) + extra +
                                 R"(,"tasks":[{"task_key":"load","existing_cluster_id":")" + cluster_id +
                                 R"(","notebook_task":{"notebook_path":"/Shared/etl"}}]})";
    return SimWorld::ok_json(post("/api/2.2/jobs/create", settings)).value("job_id", std::int64_t{0});
  }
  std::int64_t run_now(std::int64_t job_id, const std::string& extra = "") {
    return SimWorld::ok_json(post("/api/2.2/jobs/run-now", R"({"job_id":)" + std::to_string(job_id) + extra + "}"))
        .value("run_id", std::int64_t{0});
  }
  Json run(std::int64_t run_id) { return get_json("/api/2.2/jobs/runs/get?run_id=" + std::to_string(run_id)); }
  std::string life_cycle(std::int64_t run_id) { return run(run_id)["state"].value("life_cycle_state", ""); }
  // Runs simulated time in one-minute steps until the run is terminal (bounded to a day).
  void run_until_terminal(std::int64_t run_id) {
    for (int i = 0; i < 24 * 60; ++i) {
      const std::string state = life_cycle(run_id);
      if (state == "TERMINATED" || state == "SKIPPED" || state == "INTERNAL_ERROR") return;
      world_.run_for(1min);
    }
    FAIL() << "run " << run_id << " did not end within a simulated day";
  }

  SimWorld world_;
  FakeDataPlane plane_{world_.scheduler};
  RecordingObserver observer_;
};

TEST_F(JobRuns, PassiveWorkspaceRunNowIsCreatedAndSkippedAtOnce) {
  const std::string cluster = terminated_cluster();
  const std::int64_t job = create_job(cluster, 0);
  const http::Response response = post("/api/2.2/jobs/run-now", R"({"job_id":)" + std::to_string(job) + "}");
  ASSERT_EQ(response.status, 200);
  EXPECT_EQ(response.body, R"({"number_in_job":1000,"run_id":1000})");
  const Json skipped = run(1000);
  const std::string message = "Skipping this run because the limit of 0 maximum concurrent runs has been reached.";
  EXPECT_EQ(skipped["state"], Json({{"life_cycle_state", "SKIPPED"},
                                    {"result_state", "MAXIMUM_CONCURRENT_RUNS_REACHED"},
                                    {"state_message", message},
                                    {"user_cancelled_or_timedout", false}}));
  EXPECT_EQ(skipped["status"],
            Json({{"state", "TERMINATED"},
                  {"termination_details", {{"code", "MAX_CONCURRENT_RUNS_EXCEEDED"}, {"type", "CLIENT_ERROR"}, {"message", message}}}}));
  EXPECT_EQ(skipped["start_time"], skipped["end_time"]);
  world_.run_for(2h);
  // Held jobs never run: no run admitted, and the passive cluster never started.
  EXPECT_EQ(observer_.created.size(), 1u);
  EXPECT_TRUE(observer_.started.empty());
  EXPECT_EQ(observer_.finished.size(), 1u);
  EXPECT_EQ(world_.workspace.clusters().find(cluster)->state, ClusterState::kTerminated);
}

TEST_F(JobRuns, RunsGetOfASkippedRunIsByteExact) {
  const std::int64_t job = create_job(terminated_cluster(), 0);
  run_now(job);
  const std::string id = world_.workspace.clusters().list().front()->cluster_id;
  const std::string t = "1767232800000";  // two simulated hours after the epoch
  EXPECT_EQ(world_.client.get("/api/2.2/jobs/runs/get?run_id=1000").body,
            R"({"attempt_number":0,"cleanup_duration":0,"creator_user_name":"drill@example.com","end_time":)" + t +
                R"(,"execution_duration":0,"format":"MULTI_TASK","job_id":1000,"number_in_job":1000,)"
                R"("original_attempt_run_id":1000,"run_duration":0,"run_id":1000,"run_name":"etl",)"
                R"("run_page_url":"https://adb-1000000000000001.1.azuredatabricks.net/?o=1000000000000001#job/1000/run/1000",)"
                R"("run_type":"JOB_RUN","setup_duration":0,"start_time":)" + t +
                R"(,"state":{"life_cycle_state":"SKIPPED","result_state":"MAXIMUM_CONCURRENT_RUNS_REACHED",)"
                R"("state_message":"Skipping this run because the limit of 0 maximum concurrent runs has been reached.",)"
                R"("user_cancelled_or_timedout":false},"status":{"state":"TERMINATED","termination_details":)"
                R"({"code":"MAX_CONCURRENT_RUNS_EXCEEDED","message":"Skipping this run because the limit of 0 maximum )"
                R"(concurrent runs has been reached.","type":"CLIENT_ERROR"}},"tasks":[{"attempt_number":0,)"
                R"("cleanup_duration":0,"end_time":)" + t + R"(,"execution_duration":0,"existing_cluster_id":")" + id +
                R"(","notebook_task":{"notebook_path":"/Shared/etl"},"run_id":1001,)"
                R"("run_page_url":"https://adb-1000000000000001.1.azuredatabricks.net/?o=1000000000000001#job/1000/run/1000",)"
                R"("setup_duration":0,"start_time":0,"state":{"life_cycle_state":"SKIPPED",)"
                R"("result_state":"MAXIMUM_CONCURRENT_RUNS_REACHED","state_message":"Skipping this run because the limit of )"
                R"(0 maximum concurrent runs has been reached.","user_cancelled_or_timedout":false},"status":)"
                R"({"state":"TERMINATED","termination_details":{"code":"MAX_CONCURRENT_RUNS_EXCEEDED","message":)"
                R"("Skipping this run because the limit of 0 maximum concurrent runs has been reached.","type":"CLIENT_ERROR"}},)"
                R"("task_key":"load"}],"trigger":"ONE_TIME"})");
}

TEST_F(JobRuns, ReleasedJobStartsItsTerminatedClusterAndSucceedsInModelledTime) {
  const std::string cluster = terminated_cluster();
  const std::int64_t job = create_job(cluster, 0);
  ASSERT_EQ(post("/api/2.2/jobs/update", R"({"job_id":)" + std::to_string(job) + R"(,"new_settings":{"max_concurrent_runs":1}})")
                .body,
            "{}");
  // Replay the draws the world will make: the cluster's third start-stream draw (create, terminate,
  // this start) and the first execution draw.
  RandomStream starts = Random(7).stream("databricks.primary.clusters.start");
  const ClusterTimings cluster_timings;
  (void)cluster_timings.start_s.sample(starts);
  (void)cluster_timings.terminate_s.sample(starts);
  const Duration start_delay =
      from_seconds(std::min(cluster_timings.start_s.sample(starts), cluster_timings.start_s_max));
  RandomStream executions = Random(7).stream("databricks.primary.jobs.execution");
  const Duration execution = from_seconds(JobTimings{}.execution_s.sample(executions));

  const TimePoint triggered = world_.scheduler.now();
  const std::int64_t run_id = run_now(job);
  EXPECT_EQ(life_cycle(run_id), "PENDING");
  EXPECT_EQ(world_.workspace.clusters().find(cluster)->state, ClusterState::kPending);
  world_.run_for(start_delay);
  EXPECT_EQ(life_cycle(run_id), "RUNNING");
  run_until_terminal(run_id);

  const Json done = run(run_id);
  EXPECT_EQ(done["state"]["life_cycle_state"], "TERMINATED");
  EXPECT_EQ(done["state"]["result_state"], "SUCCESS");
  EXPECT_EQ(done["status"]["termination_details"]["code"], "SUCCESS");
  const Json& task = done["tasks"][0];
  EXPECT_EQ(task["setup_duration"], millis(start_delay));
  EXPECT_EQ(task["execution_duration"], millis(execution));
  EXPECT_EQ(task["cluster_instance"]["cluster_id"], cluster);
  EXPECT_EQ(done["start_time"], epoch_ms(triggered));
  ASSERT_EQ(observer_.started.size(), 1u);
  EXPECT_EQ(observer_.started[0].run_id, run_id);
  ASSERT_EQ(observer_.finished.size(), 1u);
  EXPECT_EQ(observer_.finished[0].result_state, "SUCCESS");
  EXPECT_EQ(observer_.finished[0].at, triggered + start_delay + execution);
}

TEST_F(JobRuns, ARunOnAMissingClusterFailsAsAnInternalError) {
  const std::int64_t job = create_job("0101-000000-primary1", 1);  // the primary's id, copied by mistake
  const std::int64_t run_id = run_now(job);
  const Json failed = run(run_id);
  EXPECT_EQ(failed["state"]["life_cycle_state"], "INTERNAL_ERROR");
  EXPECT_EQ(failed["state"]["result_state"], "FAILED");
  EXPECT_EQ(failed["state"]["state_message"], "Cluster 0101-000000-primary1 does not exist");
  EXPECT_EQ(failed["status"]["termination_details"]["code"], "RESOURCE_NOT_FOUND");
}

TEST_F(JobRuns, ARunFailsWhenItsClusterCannotGetCapacity) {
  const std::string cluster = terminated_cluster();
  world_.workspace.clusters().add_capacity_fault(CapacityFault{});
  const std::int64_t run_id = run_now(create_job(cluster, 1));
  run_until_terminal(run_id);
  const Json failed = run(run_id);
  EXPECT_EQ(failed["state"]["life_cycle_state"], "INTERNAL_ERROR");
  EXPECT_EQ(failed["state"]["result_state"], "FAILED");
  EXPECT_NE(failed["state"]["state_message"].get<std::string>().find("CLOUD_PROVIDER_RESOURCE_STOCKOUT"), std::string::npos);
  EXPECT_EQ(failed["status"]["termination_details"],
            Json({{"code", "CLUSTER_ERROR"}, {"type", "CLOUD_FAILURE"}, {"message", failed["state"]["state_message"]}}));
}

TEST_F(JobRuns, ARunFailsWhenTheNotebookWasNeverDeployed) {
  const std::string cluster = running_cluster();
  ASSERT_EQ(post("/api/2.0/workspace/delete", R"({"path":"/Shared/etl"})").status, 200);
  const std::int64_t run_id = run_now(create_job(cluster, 1));
  const Json failed = run(run_id);
  EXPECT_EQ(failed["state"]["life_cycle_state"], "INTERNAL_ERROR");
  EXPECT_EQ(failed["state"]["state_message"], "Notebook not found: /Shared/etl");
}

TEST_F(JobRuns, InsertRowsWorkReportsEveryAcknowledgedWriteToTheLedger) {
  world_.workspace.task_works().set_for_notebook("/Shared/etl", std::make_shared<InsertRowsWork>("sales", 100));
  const std::string cluster = running_cluster();
  const std::int64_t job = create_job(cluster, 1);
  const std::int64_t first = run_now(job);
  run_until_terminal(first);
  const std::int64_t second = run_now(job, R"(,"notebook_params":{"rows":"5"})");
  run_until_terminal(second);
  EXPECT_EQ(plane_.rows["sales"], 105);
  ASSERT_EQ(observer_.writes.size(), 2u);
  EXPECT_EQ(observer_.writes[0].run_id, first);
  EXPECT_EQ(observer_.writes[0].task_key, "load");
  EXPECT_EQ(observer_.writes[0].write.rows, 100);
  EXPECT_EQ(observer_.writes[1].write.rows, 5);
  EXPECT_EQ(observer_.writes[1].write.acknowledged_at, observer_.finished[1].at);
}

TEST_F(JobRuns, ARunFailsWhenTheDataItTouchesIsUnavailable) {
  world_.workspace.task_works().set_for_notebook("/Shared/etl", std::make_shared<InsertRowsWork>("sales", 100));
  const std::string cluster = running_cluster();
  plane_.available = false;
  const std::int64_t run_id = run_now(create_job(cluster, 1));
  run_until_terminal(run_id);
  const Json failed = run(run_id);
  EXPECT_EQ(failed["state"]["life_cycle_state"], "TERMINATED");
  EXPECT_EQ(failed["state"]["result_state"], "FAILED");
  EXPECT_EQ(failed["state"]["state_message"], "metastore unreachable from " + cluster);
  EXPECT_EQ(failed["status"]["termination_details"]["code"], "RUN_EXECUTION_ERROR");
  EXPECT_TRUE(observer_.writes.empty());
}

TEST_F(JobRuns, LosingTheClusterMidRunFailsTheRunAndDiscardsItsWork) {
  world_.workspace.task_works().set_for_notebook("/Shared/etl", std::make_shared<InsertRowsWork>("sales", 100));
  const std::string cluster = running_cluster();
  const std::int64_t run_id = run_now(create_job(cluster, 1));
  world_.run_for(1s);
  ASSERT_EQ(life_cycle(run_id), "RUNNING");
  world_.workspace.clusters().lose_compute();
  world_.run_for(1s);
  const Json failed = run(run_id);
  EXPECT_EQ(failed["state"]["life_cycle_state"], "INTERNAL_ERROR");
  EXPECT_EQ(failed["state"]["state_message"], "Cluster " + cluster + " was terminated during the run");
  world_.run_for(2h);
  EXPECT_TRUE(observer_.writes.empty());  // the work never committed
}

TEST_F(JobRuns, CancelEndsTheRunAsCanceledAndStopsItsWork) {
  world_.workspace.task_works().set_for_notebook("/Shared/etl", std::make_shared<InsertRowsWork>("sales", 100));
  const std::int64_t run_id = run_now(create_job(running_cluster(), 1));
  world_.run_for(1s);
  ASSERT_EQ(post("/api/2.2/jobs/runs/cancel", R"({"run_id":)" + std::to_string(run_id) + "}").body, "{}");
  const Json cancelled = run(run_id);
  EXPECT_EQ(cancelled["state"]["life_cycle_state"], "TERMINATED");
  EXPECT_EQ(cancelled["state"]["result_state"], "CANCELED");
  EXPECT_EQ(cancelled["state"]["user_cancelled_or_timedout"], true);
  EXPECT_EQ(cancelled["status"]["termination_details"]["code"], "USER_CANCELED");
  world_.run_for(2h);
  EXPECT_TRUE(observer_.writes.empty());
  EXPECT_EQ(post("/api/2.2/jobs/runs/cancel", R"({"run_id":)" + std::to_string(run_id) + "}").status, 200);
  EXPECT_EQ(post("/api/2.2/jobs/runs/cancel", R"({"run_id":999999})").body,
            R"({"error_code":"INVALID_PARAMETER_VALUE","message":"Run 999999 does not exist."})");
}

TEST_F(JobRuns, ASecondRunAtTheLimitIsSkippedWithTheObservedMessage) {
  const std::int64_t job = create_job(running_cluster(), 1);
  const std::int64_t first = run_now(job);
  const std::int64_t second = run_now(job);
  EXPECT_EQ(run(second)["state"]["state_message"],
            "Skipping this run because the limit of 1 maximum concurrent runs has been reached.");
  run_until_terminal(first);
  EXPECT_EQ(run(first)["state"]["result_state"], "SUCCESS");
}

TEST_F(JobRuns, WithQueueingASecondRunWaitsQueuedThenRuns) {
  const std::int64_t job = create_job(running_cluster(), 1, R"(,"queue":{"enabled":true})");
  const std::int64_t first = run_now(job);
  const std::int64_t second = run_now(job);
  const Json queued = run(second);
  EXPECT_EQ(queued["state"]["life_cycle_state"], "QUEUED");
  EXPECT_EQ(queued["status"]["state"], "QUEUED");
  EXPECT_EQ(queued["status"]["queue_details"]["code"], "ACTIVE_RUNS_LIMIT_REACHED");
  run_until_terminal(first);
  run_until_terminal(second);
  const Json done = run(second);
  EXPECT_EQ(done["state"]["result_state"], "SUCCESS");
  EXPECT_GT(done["queue_duration"].get<std::int64_t>(), 0);
}

TEST_F(JobRuns, QueueingDoesNotHoldALimitOfZeroRunsAreStillSkipped) {
  const std::int64_t job = create_job(running_cluster(), 0, R"(,"queue":{"enabled":true})");
  EXPECT_EQ(life_cycle(run_now(job)), "SKIPPED");
}

TEST_F(JobRuns, TasksRunInDependencyOrderOnASharedJobCluster) {
  const std::string settings = std::string(R"({"name":"dag","job_clusters":[{"job_cluster_key":"shared","new_cluster":)") +
                               kClusterSpec + R"(}],"tasks":[)"
                               R"({"task_key":"report","job_cluster_key":"shared","depends_on":[{"task_key":"load"}],)"
                               R"("notebook_task":{"notebook_path":"/Shared/etl"}},)"
                               R"({"task_key":"load","job_cluster_key":"shared","notebook_task":{"notebook_path":"/Shared/etl"}}]})";
  const std::int64_t job = SimWorld::ok_json(post("/api/2.2/jobs/create", settings)).value("job_id", std::int64_t{0});
  const std::int64_t run_id = run_now(job);
  run_until_terminal(run_id);
  world_.run_for(10min);  // let the job cluster finish terminating
  const Json done = run(run_id);
  EXPECT_EQ(done["state"]["result_state"], "SUCCESS");
  ASSERT_EQ(observer_.tasks_started.size(), 2u);
  EXPECT_EQ(observer_.tasks_started[0].task_key, "load");
  EXPECT_EQ(observer_.tasks_started[1].task_key, "report");
  EXPECT_EQ(observer_.tasks_started[0].cluster_id, observer_.tasks_started[1].cluster_id);
  const Cluster* job_cluster = world_.workspace.clusters().find(observer_.tasks_started[0].cluster_id);
  EXPECT_EQ(job_cluster->source, ClusterSource::kJob);
  EXPECT_EQ(job_cluster->state, ClusterState::kTerminated);
  EXPECT_EQ(job_cluster->termination_reason->code, "JOB_FINISHED");
  EXPECT_EQ(job_cluster->to_json()["default_tags"]["JobId"], std::to_string(job));
}

TEST_F(JobRuns, ADownstreamTaskOfAFailedTaskEndsUpstreamFailed) {
  world_.workspace.task_works().set_for_notebook("/Shared/etl", std::make_shared<InsertRowsWork>("sales", 1));
  plane_.available = false;
  const std::string cluster = running_cluster();
  const std::string settings = R"({"name":"dag","tasks":[{"task_key":"load","existing_cluster_id":")" + cluster +
                               R"(","notebook_task":{"notebook_path":"/Shared/etl"}},{"task_key":"report","existing_cluster_id":")" +
                               cluster + R"(","depends_on":[{"task_key":"load"}]}]})";
  const std::int64_t job = SimWorld::ok_json(post("/api/2.2/jobs/create", settings)).value("job_id", std::int64_t{0});
  const std::int64_t run_id = run_now(job);
  run_until_terminal(run_id);
  const Json done = run(run_id);
  EXPECT_EQ(done["state"]["result_state"], "FAILED");
  EXPECT_EQ(done["tasks"][1]["state"]["result_state"], "UPSTREAM_FAILED");
  EXPECT_EQ(observer_.tasks_started.size(), 1u);
}

TEST_F(JobRuns, ANewClusterTaskGetsItsOwnJobClusterAndTerminatesIt) {
  const std::string settings = std::string(R"({"name":"own","tasks":[{"task_key":"t","new_cluster":)") + kClusterSpec +
                               R"(,"notebook_task":{"notebook_path":"/Shared/etl"}}]})";
  const std::int64_t job = SimWorld::ok_json(post("/api/2.2/jobs/create", settings)).value("job_id", std::int64_t{0});
  const std::int64_t run_id = run_now(job);
  run_until_terminal(run_id);
  world_.run_for(10min);
  EXPECT_EQ(run(run_id)["state"]["result_state"], "SUCCESS");
  ASSERT_EQ(world_.workspace.clusters().list().size(), 1u);
  EXPECT_EQ(world_.workspace.clusters().list()[0]->state, ClusterState::kTerminated);
}

TEST_F(JobRuns, SchedulesFireInSimulatedTimeOnlyWhileUnpaused) {
  const std::string cluster = running_cluster();  // now 01:00
  const std::int64_t job =
      create_job(cluster, 1, R"(,"schedule":{"quartz_cron_expression":"0 0/30 * * * ?","timezone_id":"UTC"})");
  world_.run_for(61min);  // fires at 01:30 and 02:00
  ASSERT_EQ(observer_.created.size(), 2u);
  EXPECT_EQ(observer_.created[0].trigger, "PERIODIC");
  EXPECT_EQ(observer_.created[0].at, kDefaultEpoch + 90min);
  EXPECT_EQ(observer_.created[1].at, kDefaultEpoch + 120min);
  ASSERT_EQ(post("/api/2.2/jobs/update", R"({"job_id":)" + std::to_string(job) +
                                            R"(,"new_settings":{"schedule":{"quartz_cron_expression":"0 0/30 * * * ?",)"
                                            R"("timezone_id":"UTC","pause_status":"PAUSED"}}})")
                .status,
            200);
  world_.run_for(2h);
  EXPECT_EQ(observer_.created.size(), 2u);
}

TEST_F(JobRuns, AScheduledRunOfAHeldJobIsSkipped) {
  create_job(running_cluster(), 0, R"(,"schedule":{"quartz_cron_expression":"0 0/30 * * * ?","timezone_id":"UTC"})");
  world_.run_for(30min);
  ASSERT_EQ(observer_.created.size(), 1u);
  EXPECT_EQ(observer_.created[0].life_cycle_state, "SKIPPED");
  EXPECT_TRUE(observer_.started.empty());
}

TEST_F(JobRuns, SchedulesDoNotFireWhileDisabledAndAreNotCaughtUpLater) {
  create_job(running_cluster(), 1, R"(,"schedule":{"quartz_cron_expression":"0 0/30 * * * ?","timezone_id":"UTC"})");
  world_.workspace.jobs().set_schedules_enabled(false);
  world_.run_for(65min);
  EXPECT_TRUE(observer_.created.empty());
  world_.workspace.jobs().set_schedules_enabled(true);
  world_.run_for(30min);
  EXPECT_EQ(observer_.created.size(), 1u);
}

TEST_F(JobRuns, RunsListIsNewestFirstAndFilters) {
  const std::int64_t job = create_job(running_cluster(), 1);
  const std::int64_t first = run_now(job);
  run_until_terminal(first);
  const std::int64_t second = run_now(job);
  const Json all = get_json("/api/2.2/jobs/runs/list?job_id=" + std::to_string(job));
  ASSERT_EQ(all["runs"].size(), 2u);
  EXPECT_EQ(all["runs"][0]["run_id"], second);
  EXPECT_FALSE(all["runs"][0].contains("tasks"));
  EXPECT_EQ(all["has_more"], false);
  const Json active = get_json("/api/2.2/jobs/runs/list?active_only=true&expand_tasks=true");
  ASSERT_EQ(active["runs"].size(), 1u);
  EXPECT_EQ(active["runs"][0]["run_id"], second);
  EXPECT_TRUE(active["runs"][0].contains("tasks"));
  const Json page = get_json("/api/2.2/jobs/runs/list?limit=1");
  EXPECT_EQ(page["has_more"], true);
  EXPECT_EQ(world_.client.get("/api/2.2/jobs/runs/list?active_only=true&completed_only=true").status, 400);
}

TEST_F(JobRuns, DeletingAJobCancelsItsActiveRuns) {
  const std::int64_t job = create_job(running_cluster(), 1);
  const std::int64_t run_id = run_now(job);
  ASSERT_EQ(post("/api/2.2/jobs/delete", R"({"job_id":)" + std::to_string(job) + "}").status, 200);
  EXPECT_EQ(run(run_id)["state"]["result_state"], "CANCELED");
}

TEST_F(JobRuns, AnIdempotencyTokenReturnsTheSameRun) {
  const std::int64_t job = create_job(running_cluster(), 5);
  const std::int64_t a = run_now(job, R"(,"idempotency_token":"deploy-42")");
  const std::int64_t b = run_now(job, R"(,"idempotency_token":"deploy-42")");
  EXPECT_EQ(a, b);
  EXPECT_EQ(observer_.created.size(), 1u);
}

TEST_F(JobRuns, TheSameSeedGivesTheSameRunHistory) {
  auto history = [](std::uint64_t seed) {
    SimWorld world(seed);
    EXPECT_EQ(world.client.post("/api/2.0/workspace/import",
                                R"({"path":"/Shared/etl","format":"SOURCE","language":"PYTHON","content":"eA=="})")
                  .status,
              200);
    const std::string cluster =
        SimWorld::ok_json(world.client.post("/api/2.1/clusters/create", kClusterSpec)).value("cluster_id", "");
    const std::int64_t job = SimWorld::ok_json(world.client.post(
        "/api/2.2/jobs/create", R"({"name":"etl","schedule":{"quartz_cron_expression":"0 0/10 * * * ?","timezone_id":"UTC"},)"
                                R"("tasks":[{"task_key":"t","existing_cluster_id":")" + cluster +
                                    R"(","notebook_task":{"notebook_path":"/Shared/etl"}}]})"))
                                 .value("job_id", std::int64_t{0});
    world.run_for(3h);
    return world.client.get("/api/2.2/jobs/runs/list?limit=25&expand_tasks=true&job_id=" + std::to_string(job)).body;
  };
  EXPECT_EQ(history(11), history(11));
  EXPECT_NE(history(11), history(12));
}

}  // namespace
}  // namespace drdrill::databricks
