// The world a scenario declares: two regions of fakes on one scheduler, deployed as CI/CD would,
// warmed up to the epoch, and every field either reaching a model or refused loudly.

#include <gtest/gtest.h>

#include "scenario_test_support.h"
#include "sim/world.h"
#include "sql/metastore_client.h"
#include "sql/sql_client.h"
#include "storage/geo_replication.h"

namespace drdrill::sim {
namespace {

using testing::source_path;

Scenario load(const std::string& relative) {
  auto scenario = load_scenario(source_path(relative));
  EXPECT_TRUE(scenario.ok()) << scenario.status().to_string();
  return scenario.ok() ? *scenario : Scenario{};
}

std::unique_ptr<World> build(const Scenario& scenario, std::uint64_t seed = 1) {
  auto world = World::build(scenario, seed);
  EXPECT_TRUE(world.ok()) << world.status().to_string();
  return world.ok() ? std::move(world).value() : nullptr;
}

TEST(World, StartsAtTheEpochWithStorageReplicatingAndContainersOnBothCopies) {
  const Scenario scenario = load("scenarios/regional-outage.json");
  auto world = build(scenario);
  ASSERT_NE(world, nullptr);
  EXPECT_EQ(world->scheduler().now(), scenario.epoch);
  storage::Account* lake = world->storage().find_account("lakeprod");
  ASSERT_NE(lake, nullptr);
  EXPECT_EQ(lake->config().primary_location, "eastus");
  EXPECT_EQ(lake->config().secondary_location, "westus");
  EXPECT_NE(dynamic_cast<storage::GeoReplication*>(&lake->replication_link()), nullptr);
  for (const char* container : {"tables", "landing"}) {
    EXPECT_NE(lake->primary().find_container(container), nullptr) << container;
    EXPECT_NE(lake->secondary().find_container(container), nullptr) << container;
  }
  // The front answers signed requests for the primary and refuses writes on the secondary.
  EXPECT_EQ(world->blob_front().handle(world->blob_request(http::Method::kPut, "lakeprod", false, "/landing/a.bin", "x")).status, 201);
  EXPECT_EQ(world->blob_front().handle(world->blob_request(http::Method::kPut, "lakeprod", true, "/landing/b.bin", "x")).status, 403);
  EXPECT_EQ(world->blob_front().secondary_writes_refused(), 1u);
  EXPECT_TRUE(world->blob_front().secondary_writes_accepted().empty());
}

TEST(World, SeedsTheMetastoreWithItsTablesAndReplicatesItToTheSecondaryServer) {
  const Scenario scenario = load("scenarios/regional-outage.json");
  auto world = build(scenario);
  ASSERT_NE(world, nullptr);
  const auto links = world->sql_geo().links();
  ASSERT_EQ(links.size(), 1u);
  EXPECT_EQ(links[0].primary_server, "hms-eastus");
  EXPECT_EQ(links[0].secondary_server, "hms-westus");
  EXPECT_EQ(links[0].state, sql::LinkState::kCatchUp);
  // The passive side reads the tables through its own server, as the seed's secondary workspace does.
  sql::SqlClient client(world->sql(), world->scheduler());
  auto hms = sql::MetastoreClient::for_jdbc_url(
      client, "jdbc:sqlserver://hms-westus.database.windows.net:1433;database=hms", "hive", "Hive-Metastore-1",
      world->scheduler());
  ASSERT_TRUE(hms.ok());
  auto table = hms->get_table("sales", "orders");
  ASSERT_TRUE(table.ok()) << table.error().to_string();
  EXPECT_EQ(table->sd.location, "dbfs:/mnt/tables/sales/orders");
  ASSERT_EQ(table->partition_keys.size(), 1u);
  EXPECT_EQ(table->partition_keys[0].name, "order_date");
}

TEST(World, DeploysBothWorkspacesWithThePassiveOneHeldAndTerminated) {
  const Scenario scenario = load("scenarios/regional-outage.json");
  auto world = build(scenario);
  ASSERT_NE(world, nullptr);
  WorkspaceHandle& primary = world->workspace("primary");
  WorkspaceHandle& secondary = world->workspace("secondary");
  const auto* east = primary.model->clusters().find(world->cluster_id("primary", "etl"));
  const auto* west = secondary.model->clusters().find(world->cluster_id("secondary", "etl"));
  ASSERT_NE(east, nullptr);
  ASSERT_NE(west, nullptr);
  EXPECT_EQ(east->state, databricks::ClusterState::kRunning);
  EXPECT_EQ(west->state, databricks::ClusterState::kTerminated);
  ASSERT_EQ(secondary.model->jobs().list().size(), 1u);
  const Json& held = secondary.model->jobs().list().front()->settings;
  EXPECT_EQ(held["max_concurrent_runs"], 0);
  EXPECT_EQ(held["schedule"]["pause_status"], "PAUSED");
  EXPECT_EQ(primary.model->jobs().list().front()->settings["schedule"]["pause_status"], "UNPAUSED");
  ASSERT_NE(secondary.model->mounts().find("/mnt/tables"), nullptr);
  EXPECT_TRUE(secondary.model->mounts().find("/mnt/tables")->source.secondary);
  EXPECT_NE(secondary.model->tree().find("/Shared/etl/load_orders"), nullptr);
  // The secret the cluster's conf references resolved when the driver started.
  ASSERT_NE(east->data_config, nullptr);
  ASSERT_TRUE(east->data_config->metastore.has_value());
  EXPECT_EQ(east->data_config->metastore->password, "Hive-Metastore-1");
  EXPECT_TRUE(east->data_config->storage_account_keys.contains("lakeprod"));
}

TEST(World, IsTheSameForTheSameSeed) {
  const Scenario scenario = load("scenarios/regional-outage.json");
  auto a = build(scenario, 7);
  auto b = build(scenario, 7);
  auto c = build(scenario, 8);
  ASSERT_TRUE(a && b && c);
  EXPECT_EQ(a->scheduler().trace_hash(), b->scheduler().trace_hash());
  EXPECT_EQ(a->account_key("lakeprod"), b->account_key("lakeprod"));
  EXPECT_NE(a->account_key("lakeprod"), c->account_key("lakeprod"));
}

TEST(World, RefusesWhatItCannotModelNamingTheField) {
  Scenario scenario = load("scenarios/regional-outage.json");
  scenario.topology.tables[1].format = TableFormat::kParquet;
  const Status status = World::check_supported(scenario);
  EXPECT_TRUE(status.is_invalid_argument());
  EXPECT_NE(status.message().find("not supported yet: /topology/tables/1/format"), std::string::npos) << status.message();

  Scenario storm = load("scenarios/regional-outage.json");
  SqlErrorStorm half;
  half.rate = 0.5;
  storm.faults.push_back(Fault{TimeWindow{std::chrono::hours(1), std::chrono::hours(2)}, "", half});
  const Status s2 = World::check_supported(storm);
  EXPECT_NE(s2.message().find("not supported yet: /faults/1/rate"), std::string::npos) << s2.message();

  Scenario external = load("scenarios/regional-outage.json");
  ExternalRunbook tool;
  tool.command = {"my-tool"};
  external.runbook = tool;
  EXPECT_TRUE(World::check_supported(external).is_invalid_argument());
}

}  // namespace
}  // namespace drdrill::sim
