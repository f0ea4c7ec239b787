// Outage hooks and injected API errors.

#include <gtest/gtest.h>

#include "recording_observer.h"
#include "sim_world.h"

namespace drdrill::databricks {
namespace {

using testing::RecordingObserver;
using testing::SimWorld;

TEST(ControlPlaneOutage, AnswersEveryRequestWith503InTheServicesWordingEvenWithoutAToken) {
  SimWorld world;
  world.workspace.set_control_plane_outage(ControlPlaneOutage::kServiceUnavailable);
  const http::Response response = world.client.get("/api/2.2/jobs/list");
  EXPECT_EQ(response.status, 503);
  EXPECT_EQ(response.body,
            R"({"error_code":"TEMPORARILY_UNAVAILABLE","message":"The service at /api/2.2/jobs/list is temporarily )"
            R"(unavailable. Please try again later."})");
  http::Request anonymous;
  anonymous.target = "/api/2.0/clusters/list";
  EXPECT_EQ(world.client.handler()(anonymous).status, 503);
  world.workspace.set_control_plane_outage(ControlPlaneOutage::kNone);
  EXPECT_EQ(world.client.get("/api/2.2/jobs/list").status, 200);
}

TEST(ControlPlaneOutage, ARegionOutageTakesDownOnlyTheWorkspaceInThatRegion) {
  SimulatedScheduler scheduler;
  Random random(3);
  WorkspaceConfig east_config;
  WorkspaceConfig west_config;
  west_config.name = "secondary";
  west_config.region = "westus";
  Workspace east(east_config, scheduler, random);
  Workspace west(west_config, scheduler, random);
  testing::ApiTestClient east_client(east);
  testing::ApiTestClient west_client(west);
  const Json spec = Json::parse(R"({"spark_version":"13.3.x-scala2.12","node_type_id":"n","num_workers":1})");
  const std::string east_cluster = *east.clusters().create(spec, "u");
  const std::string west_cluster = *west.clusters().create(spec, "u");
  ASSERT_TRUE(scheduler.run_for(1h).ok());

  EXPECT_TRUE(east.region_outage_began("eastus"));
  EXPECT_FALSE(west.region_outage_began("eastus"));
  EXPECT_EQ(east_client.get("/api/2.1/clusters/list").status, 503);
  EXPECT_EQ(west_client.get("/api/2.1/clusters/list").status, 200);
  EXPECT_EQ(east.clusters().find(east_cluster)->state, ClusterState::kTerminated);
  EXPECT_EQ(east.clusters().find(east_cluster)->termination_reason->code, "COMMUNICATION_LOST");
  EXPECT_EQ(west.clusters().find(west_cluster)->state, ClusterState::kRunning);

  EXPECT_TRUE(east.region_outage_ended("eastus"));
  EXPECT_EQ(east_client.get("/api/2.1/clusters/list").status, 200);
  EXPECT_EQ(east.clusters().find(east_cluster)->state, ClusterState::kTerminated);  // must be started again
}

TEST(ControlPlaneOutage, StopsSchedulesFromFiringUntilItEnds) {
  SimWorld world;
  RecordingObserver observer;
  world.workspace.add_observer(&observer);
  ASSERT_TRUE(world.workspace.jobs()
                  .create(Json::parse(R"({"name":"s","schedule":{"quartz_cron_expression":"0 0/10 * * * ?","timezone_id":"UTC"}})"),
                          "u")
                  .ok());
  world.workspace.set_control_plane_outage(ControlPlaneOutage::kRefuseConnections);
  world.run_for(35min);
  EXPECT_TRUE(observer.created.empty());
  world.workspace.set_control_plane_outage(ControlPlaneOutage::kNone);
  world.run_for(10min);
  EXPECT_EQ(observer.created.size(), 1u);
}

TEST(ApiErrorInjection, ARateLimitHitsOnlyItsOperationAndOnlyInItsWindow) {
  SimWorld world;
  ASSERT_TRUE(world.workspace.jobs().create(Json::parse(R"({"name":"j"})"), "u").ok());
  world.workspace.api_faults().add(
      {"jobs/run-now", ErrorCode::kRequestLimitExceeded, 1.0, kDefaultEpoch + 1h, kDefaultEpoch + 2h});
  EXPECT_EQ(world.client.post("/api/2.2/jobs/run-now", R"({"job_id":1000})").status, 200);
  world.run_for(1h);
  const http::Response limited = world.client.post("/api/2.2/jobs/run-now", R"({"job_id":1000})");
  EXPECT_EQ(limited.status, 429);
  EXPECT_EQ(limited.body,
            R"({"error_code":"REQUEST_LIMIT_EXCEEDED","message":"Too many requests. Please wait a moment and try again."})");
  EXPECT_EQ(world.client.get("/api/2.2/jobs/get?job_id=1000").status, 200);
  world.run_for(1h);
  EXPECT_EQ(world.client.post("/api/2.2/jobs/run-now", R"({"job_id":1000})").status, 200);
  EXPECT_EQ(world.workspace.api_faults().injected(), 1u);
  // The refused call never reached the model: two runs, not three.
  EXPECT_EQ(world.workspace.jobs().list_runs({}).size(), 2u);
}

TEST(ApiErrorInjection, AnswersTemporarilyUnavailableWith503ForAPrefix) {
  SimWorld world;
  world.workspace.api_faults().add({"clusters/*", ErrorCode::kTemporarilyUnavailable, 1.0});
  const http::Response response = world.client.get("/api/2.1/clusters/list");
  EXPECT_EQ(response.status, 503);
  EXPECT_NE(response.body.find("The service at /api/2.1/clusters/list is temporarily unavailable"), std::string::npos);
  EXPECT_EQ(world.client.get("/api/2.2/jobs/list").status, 200);
}

TEST(ApiErrorInjection, StillRefusesAnInvalidTokenFirst) {
  SimWorld world;
  world.workspace.api_faults().add({"*", ErrorCode::kRequestLimitExceeded, 1.0});
  testing::ApiTestClient stranger(world.workspace, "dapi-nobody");
  EXPECT_EQ(stranger.get("/api/2.2/jobs/list").status, 403);
  EXPECT_EQ(world.workspace.api_faults().injected(), 0u);
}

std::string statuses(std::uint64_t seed) {
  SimWorld world(seed);
  world.workspace.api_faults().add({"*", ErrorCode::kTemporarilyUnavailable, 0.3});
  std::string out;
  for (int i = 0; i < 1000; ++i) out += world.client.get("/api/2.2/jobs/list").status == 503 ? 'x' : '.';
  return out;
}

TEST(ApiErrorInjection, APartialRateIsSeededAndReplayable) {
  const std::string a = statuses(21);
  EXPECT_EQ(a, statuses(21));
  EXPECT_NE(a, statuses(22));
  const auto failed = std::count(a.begin(), a.end(), 'x');
  EXPECT_GT(failed, 240);
  EXPECT_LT(failed, 360);
}

TEST(ApiErrorInjection, MatchesOperationsByExactNamePrefixOrWildcard) {
  EXPECT_TRUE(operation_matches("*", "jobs/run-now"));
  EXPECT_TRUE(operation_matches("jobs/*", "jobs/runs/get"));
  EXPECT_FALSE(operation_matches("jobs/*", "jobsx/get"));
  EXPECT_TRUE(operation_matches("jobs/run-now", "jobs/run-now"));
  EXPECT_FALSE(operation_matches("jobs/run-now", "jobs/runs/get"));
  EXPECT_EQ(operation_of("/api/2.1/jobs/runs/get"), "jobs/runs/get");
  EXPECT_EQ(operation_of("/api/2.0/clusters/list"), "clusters/list");
}

TEST(ControlPlaneOutageModes, HaveTheNamesScenarioFilesUse) {
  for (ControlPlaneOutage mode : {ControlPlaneOutage::kNone, ControlPlaneOutage::kRefuseConnections,
                                  ControlPlaneOutage::kServiceUnavailable, ControlPlaneOutage::kHang}) {
    EXPECT_EQ(parse_control_plane_outage(to_string(mode)), mode);
  }
  EXPECT_FALSE(parse_control_plane_outage("down").has_value());
}

}  // namespace
}  // namespace drdrill::databricks
