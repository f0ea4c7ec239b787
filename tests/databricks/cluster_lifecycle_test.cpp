#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

#include "fake_data_plane.h"
#include "sim_world.h"

namespace drdrill::databricks {
namespace {

using testing::FakeDataPlane;
using testing::SimWorld;

Json spec(Json spark_conf = Json::object()) {
  Json s = Json::parse(R"({"cluster_name":"etl","spark_version":"13.3.x-scala2.12","node_type_id":"Standard_DS3_v2",
                           "num_workers":2})");
  if (!spark_conf.empty()) s["spark_conf"] = std::move(spark_conf);
  return s;
}

std::string create(SimWorld& world, const Json& s = spec()) {
  auto id = world.workspace.clusters().create(s, "drill@example.com");
  EXPECT_TRUE(id.ok()) << id.error().to_string();
  return id.ok() ? *id : std::string();
}

ClusterState state(SimWorld& world, const std::string& id) { return world.workspace.clusters().find(id)->state; }

TEST(ClusterStart, TakesExactlyTheDelayDrawnFromTheSeededStartStream) {
  SimWorld world(42);
  RandomStream replay = Random(42).stream("databricks.primary.clusters.start");
  const ClusterTimings timings;
  const Duration expected = from_seconds(std::min(timings.start_s.sample(replay), timings.start_s_max));
  const std::string id = create(world);
  world.run_for(expected - 1ms);
  EXPECT_EQ(state(world, id), ClusterState::kPending);
  world.run_for(1ms);
  EXPECT_EQ(state(world, id), ClusterState::kRunning);
  EXPECT_EQ(world.workspace.clusters().find(id)->last_restarted_time, kDefaultEpoch + expected);
}

TEST(ClusterStart, DefaultDelayHasTheReferenceMedianAndP95) {
  // B1: log-normal, median 6 min, p95 12 min (the p99 the Distribution takes is derived from it).
  const ClusterTimings timings;
  RandomStream rng = Random(1).stream("test");
  std::vector<double> samples;
  for (int i = 0; i < 20000; ++i) samples.push_back(timings.start_s.sample(rng));
  std::sort(samples.begin(), samples.end());
  EXPECT_NEAR(samples[10000], 360.0, 15.0);
  EXPECT_NEAR(samples[19000], 720.0, 40.0);
  EXPECT_NEAR(lognormal_p99_from_p95(360.0, 720.0), 959.3, 0.5);
}

TEST(ClusterStart, TheSameSeedGivesTheSameIdsAndTimes) {
  SimWorld a(9);
  SimWorld b(9);
  const std::string id_a = create(a);
  const std::string id_b = create(b);
  EXPECT_EQ(id_a, id_b);
  a.run_for(1h);
  b.run_for(1h);
  EXPECT_EQ(a.workspace.clusters().find(id_a)->to_json(), b.workspace.clusters().find(id_b)->to_json());
}

TEST(ClusterStart, ScalesWithTheRegionalCapacityPenalty) {
  SimWorld normal(5);
  SimWorld penalised(5);
  ClusterTimings slow;
  slow.start_delay_scale = 3.0;
  penalised.workspace.clusters().set_timings(slow);
  const std::string a = create(normal);
  const std::string b = create(penalised);
  normal.run_for(2h);
  penalised.run_for(2h);
  const Duration took_normal = *normal.workspace.clusters().find(a)->last_restarted_time - kDefaultEpoch;
  const Duration took_penalised = *penalised.workspace.clusters().find(b)->last_restarted_time - kDefaultEpoch;
  EXPECT_NEAR(to_seconds(took_penalised), 3.0 * to_seconds(took_normal), 1e-3);
}

TEST(ClusterCapacity, AnInjectedStockoutTerminatesTheStartWithACloudFailure) {
  SimWorld world;
  world.workspace.clusters().add_capacity_fault(CapacityFault{});
  const std::string id = create(world);
  world.run_for(10min);
  const Cluster& cluster = *world.workspace.clusters().find(id);
  EXPECT_EQ(cluster.state, ClusterState::kTerminated);
  ASSERT_TRUE(cluster.termination_reason.has_value());
  EXPECT_EQ(cluster.termination_reason->code, "CLOUD_PROVIDER_RESOURCE_STOCKOUT");
  EXPECT_EQ(cluster.termination_reason->type, "CLOUD_FAILURE");
  EXPECT_EQ(cluster.termination_reason->parameters.at("azure_error_code"), "SkuNotAvailable");
  EXPECT_NE(cluster.state_message.find("eastus"), std::string::npos);
}

TEST(ClusterCapacity, AFaultOutsideItsWindowDoesNothing) {
  SimWorld world;
  CapacityFault later;
  later.from = kDefaultEpoch + 1h;
  world.workspace.clusters().add_capacity_fault(later);
  const std::string id = create(world);
  world.run_for(45min);
  EXPECT_EQ(state(world, id), ClusterState::kRunning);
}

TEST(ClusterCapacity, InjectingAFaultDoesNotShiftTheStartDelaysOfTheSeed) {
  SimWorld plain(3);
  SimWorld faulty(3);
  CapacityFault never;
  never.probability = 0.0;
  faulty.workspace.clusters().add_capacity_fault(never);
  const std::string a = create(plain);
  const std::string b = create(faulty);
  plain.run_for(1h);
  faulty.run_for(1h);
  EXPECT_EQ(plain.workspace.clusters().find(a)->last_restarted_time, faulty.workspace.clusters().find(b)->last_restarted_time);
}

TEST(ClusterSecrets, ReferencesResolveWhenTheDriverStarts) {
  SimWorld world;
  FakeDataPlane plane(world.scheduler);
  world.workspace.set_data_plane(&plane);
  ASSERT_TRUE(world.workspace.secrets().create_scope({"hms", ScopeBackend::kDatabricks, std::nullopt}).ok());
  ASSERT_TRUE(world.workspace.secrets().put("hms", "password", "pw-secondary").ok());
  const std::string id = create(world, spec(Json{
      {"spark.hadoop.javax.jdo.option.ConnectionURL",
       "jdbc:sqlserver://hms-west.database.windows.net:1433;database=hms;encrypt=true;"},
      {"spark.hadoop.javax.jdo.option.ConnectionUserName", "hive"},
      {"spark.hadoop.javax.jdo.option.ConnectionPassword", "{{secrets/hms/password}}"},
      {"spark.hadoop.javax.jdo.option.ConnectionDriverName", "com.microsoft.sqlserver.jdbc.SQLServerDriver"},
      {"spark.sql.hive.metastore.version", "2.3.7"},
      {"fs.azure.account.key.drdata.dfs.core.windows.net", "key=="}}));
  world.run_for(1h);
  EXPECT_EQ(state(world, id), ClusterState::kRunning);
  ASSERT_EQ(plane.opened.size(), 1u);
  const ClusterDataConfig& config = plane.opened[0];
  EXPECT_EQ(config.cluster_id, id);
  ASSERT_TRUE(config.metastore.has_value());
  EXPECT_EQ(config.metastore->jdbc_url, "jdbc:sqlserver://hms-west.database.windows.net:1433;database=hms;encrypt=true;");
  EXPECT_EQ(config.metastore->user, "hive");
  EXPECT_EQ(config.metastore->password, "pw-secondary");
  EXPECT_EQ(config.metastore->version, "2.3.7");
  EXPECT_EQ(config.storage_account_keys.at("drdata"), "key==");
  // The API still shows the reference, never the secret.
  EXPECT_EQ(world.workspace.clusters().find(id)->to_json()["spark_conf"]["spark.hadoop.javax.jdo.option.ConnectionPassword"],
            "{{secrets/hms/password}}");
}

TEST(ClusterSecrets, AMissingSecretFailsTheStartWithSecretResolutionError) {
  SimWorld world;
  FakeDataPlane plane(world.scheduler);
  world.workspace.set_data_plane(&plane);
  const std::string id =
      create(world, spec(Json{{"spark.hadoop.javax.jdo.option.ConnectionPassword", "{{secrets/hms/password}}"}}));
  world.run_for(1h);
  const Cluster& cluster = *world.workspace.clusters().find(id);
  EXPECT_EQ(cluster.state, ClusterState::kTerminated);
  ASSERT_TRUE(cluster.termination_reason.has_value());
  EXPECT_EQ(cluster.termination_reason->code, "SECRET_RESOLUTION_ERROR");
  EXPECT_EQ(cluster.termination_reason->type, "CLIENT_ERROR");
  EXPECT_NE(cluster.state_message.find("Scope hms does not exist!"), std::string::npos) << cluster.state_message;
  EXPECT_TRUE(plane.opened.empty());
}

TEST(ClusterDataSessions, RestartOpensAFreshSessionAndTerminateDropsIt) {
  SimWorld world;
  FakeDataPlane plane(world.scheduler);
  world.workspace.set_data_plane(&plane);
  const std::string id = create(world);
  world.run_for(1h);
  std::weak_ptr<ClusterDataSession> first = world.workspace.clusters().find(id)->data_session;
  ASSERT_FALSE(first.expired());
  ASSERT_TRUE(world.workspace.clusters().restart(id).ok());
  EXPECT_TRUE(first.expired());  // the driver process went away with its DNS cache and pools
  world.run_for(1h);
  EXPECT_EQ(plane.opened.size(), 2u);
  ASSERT_TRUE(world.workspace.clusters().terminate(id, "drill@example.com").ok());
  EXPECT_EQ(world.workspace.clusters().find(id)->data_session, nullptr);
}

TEST(ClusterDataSessions, EditingATerminatedClusterThenStartingItRepointsTheMetastore) {
  SimWorld world;
  FakeDataPlane plane(world.scheduler);
  world.workspace.set_data_plane(&plane);
  const std::string id = create(world, spec(Json{{"spark.hadoop.javax.jdo.option.ConnectionURL", "jdbc:sqlserver://east"}}));
  world.run_for(1h);
  ASSERT_TRUE(world.workspace.clusters().terminate(id, "drill@example.com").ok());
  world.run_for(1h);
  Json edited = spec(Json{{"spark.hadoop.javax.jdo.option.ConnectionURL", "jdbc:sqlserver://west"}});
  edited["cluster_id"] = id;
  ASSERT_TRUE(world.workspace.clusters().edit(edited).ok());
  ASSERT_TRUE(world.workspace.clusters().start(id).ok());
  world.run_for(1h);
  ASSERT_EQ(plane.opened.size(), 2u);
  EXPECT_EQ(plane.opened[1].metastore->jdbc_url, "jdbc:sqlserver://west");
}

TEST(ClusterDataSessions, SnapshotTheWorkspaceMountsWhenTheDriverStarts) {
  SimWorld world;
  FakeDataPlane plane(world.scheduler);
  world.workspace.set_data_plane(&plane);
  ASSERT_TRUE(world.workspace.mounts().mount("/mnt/raw", "abfss://raw@drdata-secondary.dfs.core.windows.net/tables").ok());
  create(world);
  world.run_for(1h);
  ASSERT_TRUE(world.workspace.mounts().unmount("/mnt/raw").ok());
  ASSERT_EQ(plane.opened.size(), 1u);
  auto location = plane.opened[0].mounts.resolve("dbfs:/mnt/raw/sales");
  ASSERT_TRUE(location.ok());
  EXPECT_EQ(location->to_uri(), "abfss://raw@drdata-secondary.dfs.core.windows.net/tables/sales");
  EXPECT_TRUE(location->secondary);
}

TEST(ClusterOutage, LosingComputeTerminatesEveryLiveClusterAtOnce) {
  SimWorld world;
  const std::string running = create(world);
  world.run_for(1h);
  const std::string pending = create(world);
  world.workspace.clusters().lose_compute();
  for (const std::string& id : {running, pending}) {
    const Cluster& cluster = *world.workspace.clusters().find(id);
    EXPECT_EQ(cluster.state, ClusterState::kTerminated);
    EXPECT_EQ(cluster.termination_reason->code, "COMMUNICATION_LOST");
  }
  world.run_for(1h);  // the pending start was cancelled, not completed later
  EXPECT_EQ(state(world, pending), ClusterState::kTerminated);
}

TEST(ClusterOutage, AnInjectedErrorPutsTheClusterInError) {
  SimWorld world;
  const std::string id = create(world);
  ASSERT_TRUE(world.workspace.clusters().fail(id, "Driver unresponsive").ok());
  EXPECT_EQ(state(world, id), ClusterState::kError);
  world.run_for(1h);
  EXPECT_EQ(state(world, id), ClusterState::kError);
  EXPECT_EQ(world.workspace.clusters().start(id).error().code(), ErrorCode::kInvalidState);
}

TEST(ClusterListener, SeesEveryStateChangeInOrder) {
  SimWorld world;
  std::vector<std::string> seen;
  world.workspace.clusters().set_state_listener([&](const Cluster& c, ClusterState previous) {
    seen.push_back(std::string(to_string(previous)) + "->" + std::string(to_string(c.state)));
  });
  const std::string id = create(world);
  world.run_for(1h);
  ASSERT_TRUE(world.workspace.clusters().terminate(id, "u").ok());
  world.run_for(1h);
  ASSERT_TRUE(world.workspace.clusters().permanent_delete(id).ok());
  EXPECT_EQ(seen, (std::vector<std::string>{"TERMINATED->PENDING", "PENDING->RUNNING", "RUNNING->TERMINATING",
                                            "TERMINATING->TERMINATED", "TERMINATED->TERMINATED"}));
}

TEST(ClusterLifetime, DestroyingTheWorkspaceCancelsItsPendingEvents) {
  SimulatedScheduler scheduler;
  {
    Workspace workspace({}, scheduler, Random(1));
    ASSERT_TRUE(workspace.clusters().create(spec(), "u").ok());
    EXPECT_GT(scheduler.pending(), 0u);  // the start, and the job service's reaction to it
  }
  EXPECT_EQ(scheduler.pending(), 0u);
  EXPECT_TRUE(scheduler.run().ok());
}

}  // namespace
}  // namespace drdrill::databricks
