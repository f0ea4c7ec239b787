// The scenario library: every file validates, and the default drill is the seed's architecture with
// a 6-hour regional outage handled by the reference runbook.

#include <gtest/gtest.h>

#include "scenario_test_support.h"
#include "sim/scenario_loader.h"

namespace drdrill::sim {
namespace {

using testing::source_path;

Scenario load_shipped(const std::string& name) {
  auto loaded = load_scenario(source_path("scenarios/" + name));
  EXPECT_TRUE(loaded.ok()) << loaded.status().message();
  return loaded.ok() ? std::move(loaded).value() : Scenario{};
}

TEST(ShippedScenarios, EveryFileInScenariosValidates) {
  const auto files = testing::shipped_scenarios();
  EXPECT_GE(files.size(), 12u);
  for (const auto& path : files) {
    const LoadReport report = load_scenario_report_from_file(path);
    EXPECT_TRUE(report.ok()) << report.to_string();
  }
}

TEST(ShippedScenarios, EveryFileNamesTheSchemaByARelativePathThatExists) {
  for (const auto& path : testing::shipped_scenarios()) {
    const auto doc = testing::read_json(path);
    ASSERT_TRUE(doc.contains("$schema")) << path;
    const auto schema = path.parent_path() / doc["$schema"].get<std::string>();
    EXPECT_TRUE(std::filesystem::exists(schema)) << path << " -> " << schema;
  }
}

TEST(ShippedScenarios, TheDefaultIsTheSeedArchitectureLosingItsPrimaryRegionForSixHours) {
  const Scenario s = load_shipped("regional-outage.json");
  EXPECT_EQ(s.name, "regional-outage");
  const Topology& t = s.topology;
  ASSERT_EQ(t.storage_accounts.size(), 1u);
  EXPECT_EQ(t.storage_accounts[0].redundancy, Redundancy::kRaGrs);
  ASSERT_EQ(t.sql.replication_links.size(), 1u);
  EXPECT_TRUE(t.sql.failover_groups.empty());
  ASSERT_EQ(t.workspaces.size(), 2u);
  // The passive workspace holds its jobs and keeps its cluster terminated, reading -secondary.
  const Workspace* passive = t.workspace("secondary");
  ASSERT_NE(passive, nullptr);
  EXPECT_EQ(passive->job("load_orders")->max_concurrent_runs, 0);
  EXPECT_TRUE(passive->job("load_orders")->schedule->paused);
  EXPECT_EQ(passive->cluster("etl")->state, ClusterState::kTerminated);
  EXPECT_NE(passive->mounts.at(0).source.find("lakeprod-secondary"), std::string::npos);

  ASSERT_EQ(s.faults.size(), 1u);
  const auto* outage = std::get_if<RegionOutage>(&s.faults[0].what);
  ASSERT_NE(outage, nullptr);
  EXPECT_EQ(outage->region, t.regions.primary);
  EXPECT_EQ(*s.faults[0].window.end - s.faults[0].window.start, 6h);

  const auto* rb = std::get_if<ReferenceRunbook>(&s.runbook);
  ASSERT_NE(rb, nullptr);
  EXPECT_EQ(rb->storage_failover.mode, StorageFailoverMode::kUnplanned);
  EXPECT_EQ(rb->sql_failover.mode, SqlFailoverMode::kForced);
  EXPECT_EQ(rb->from_workspace, "primary");
  EXPECT_EQ(rb->to_workspace, "secondary");
  EXPECT_FALSE(rb->bugs.any());
  EXPECT_FALSE(s.expect.has_value());
}

TEST(ShippedScenarios, NegativeScenariosSwitchOnABugAndNameWhatMustBeFlagged) {
  for (const auto& path : testing::shipped_scenarios()) {
    if (!path.filename().string().starts_with("negative-")) continue;
    SCOPED_TRACE(path.string());
    auto loaded = load_scenario(path);
    ASSERT_TRUE(loaded.ok()) << loaded.status().message();
    const auto* rb = std::get_if<ReferenceRunbook>(&loaded->runbook);
    ASSERT_NE(rb, nullptr);
    EXPECT_TRUE(rb->bugs.any());
    ASSERT_TRUE(loaded->expect.has_value());
    EXPECT_EQ(loaded->expect->verdict, Verdict::kFail);
    EXPECT_FALSE(loaded->expect->findings.empty());
  }
}

TEST(ShippedScenarios, ThePlannedDrillAllowsNoLossAndStartsAtAFixedTime) {
  const Scenario s = load_shipped("planned-failover-drill.json");
  EXPECT_TRUE(s.faults.empty());
  const auto& rb = std::get<ReferenceRunbook>(s.runbook);
  EXPECT_EQ(rb.start_at, 1h);
  EXPECT_EQ(rb.storage_failover.mode, StorageFailoverMode::kPlanned);
  EXPECT_EQ(rb.sql_failover.mode, SqlFailoverMode::kPlanned);
  EXPECT_EQ(s.assertions.lost_writes_max, (PerStoreCounts{0, 0, 0}));
}

TEST(ShippedScenarios, TheFailoverGroupDrillUsesTheListenerAndTheAutomaticPolicy) {
  const Scenario s = load_shipped("failover-group-automatic.json");
  ASSERT_EQ(s.topology.sql.failover_groups.size(), 1u);
  EXPECT_EQ(s.topology.sql.failover_groups[0].policy, FailoverPolicy::kAutomatic);
  for (const Workspace& w : s.topology.workspaces) {
    EXPECT_NE(w.cluster("etl")->metastore->jdbc_url.find("hms-fog.database.windows.net"), std::string::npos);
  }
  EXPECT_EQ(std::get<ReferenceRunbook>(s.runbook).sql_failover.mode, SqlFailoverMode::kNone);
}

}  // namespace
}  // namespace drdrill::sim
