// Cross-store consistency and control-plane drift, on worlds where the answer is known.

#include <gtest/gtest.h>

#include "drill_test_support.h"
#include "sim/drill.h"

namespace drdrill::sim {
namespace {

Scenario load(const std::string& relative) { return testing::load_source_scenario(relative); }
DrillResult run(const Scenario& scenario) { return testing::run_or_fail(scenario); }

std::vector<std::string> examples(const DrillResult& r, const std::string& kind, const std::string& containing) {
  std::vector<std::string> out;
  for (const Inconsistency& i : r.inconsistency_examples) {
    if (i.kind == kind && i.detail.find(containing) != std::string::npos) out.push_back(i.detail);
  }
  return out;
}

// tests/sim/data/hand-computed-cross-store.json: a partition is added every 5 min from 0:00 (its
// data file first, through the cluster's mount, then the metastore row); storage replicates in
// 10 min, the metastore in 1 s; East US goes down at 1:00. The partitions of 0:50 and 0:55 (the
// 11th and 12th) are in the metastore the forced failover promotes, their files are not: the
// unplanned storage failover drops what was written after 0:50. Storage also loses the ten canary
// blobs of 0:50 to 0:59: 12 writes, RPO 10 min; the metastore loses nothing.
TEST(CrossStore, FindsThePartitionsWhoseFilesNeverArrived) {
  const DrillResult r = run(load("tests/sim/data/hand-computed-cross-store.json"));
  EXPECT_EQ(examples(r, "table_files_missing", "partition"),
            (std::vector<std::string>{"sales.orders partition day=2026-01-01_000011",
                                      "sales.orders partition day=2026-01-01_000012"}));
  EXPECT_TRUE(r.findings.contains(Finding::kTableFilesMissing));
  EXPECT_EQ(r.stores.at(Store::kStorage).lost_writes, 12);
  EXPECT_DOUBLE_EQ(r.stores.at(Store::kStorage).rpo_s.value_or(-1), 600);
  EXPECT_EQ(r.stores.at(Store::kMetastore).lost_writes, 0);
  EXPECT_GT(r.stores.at(Store::kMetastore).writes, 0);
  EXPECT_EQ(r.inconsistencies.at("files_without_table"), 0);
}

// With storage replicating faster than the DDL is issued, nothing is left behind.
TEST(CrossStore, FindsNothingWhenStorageKeepsUp) {
  Scenario scenario = load("tests/sim/data/hand-computed-cross-store.json");
  scenario.topology.storage_accounts[0].replication_lag_s = Distribution::constant(1);
  const DrillResult r = run(scenario);
  EXPECT_TRUE(examples(r, "table_files_missing", "partition").empty());
  EXPECT_EQ(r.stores.at(Store::kStorage).lost_writes, 0);  // the canary of 0:59 arrived at 0:59:01
}

// A SQL replication stall that ends while the regions are still partitioned must not resume
// replication: with DDL every minute, the partition from 1:00 to 2:00 and the SQL failover forced
// at 1:45, the commits of 1:00 to 1:45 are lost whether or not a stall also ran from 1:00 to 1:30.
TEST(CrossStore, AStallThatEndsDuringAPartitionDoesNotResumeReplication) {
  using std::chrono::minutes;
  std::map<bool, std::int64_t> lost;
  for (const bool with_stall : {false, true}) {
    Scenario scenario = load("tests/sim/data/hand-computed-cross-store.json");
    scenario.workload.metastore_ddl[0].every = minutes(1);
    scenario.faults = {Fault{TimeWindow{minutes(60), minutes(120)}, "", InterRegionPartition{}}};
    if (with_stall) scenario.faults.push_back(Fault{TimeWindow{minutes(60), minutes(90)}, "", SqlReplicationStall{"hms"}});
    auto& runbook = std::get<ReferenceRunbook>(scenario.runbook);
    runbook.start_at = minutes(105);
    runbook.decide.enabled = false;
    runbook.storage_failover.mode = StorageFailoverMode::kNone;
    const DrillResult r = run(scenario);
    lost[with_stall] = r.stores.at(Store::kMetastore).lost_writes;
  }
  EXPECT_GT(lost[false], 0);
  EXPECT_EQ(lost[true], lost[false]);
}

TEST(ControlPlaneDrift, ListsWhatCiCdHasNotDeployedToThePassiveWorkspace) {
  Scenario scenario = load("scenarios/regional-outage.json");
  CicdSyncLag lag;
  lag.workspace = "secondary";
  lag.notebooks = {"/Shared/etl/load_orders"};
  lag.secrets = {"hms/password"};
  scenario.faults.push_back(Fault{TimeWindow{Duration::zero(), std::chrono::hours(12)}, "", lag});
  const DrillResult r = run(scenario);
  EXPECT_EQ(r.control_plane_drift,
            (std::vector<std::string>{"notebook /Shared/etl/load_orders: only in primary",
                                      "secret scope hms: differs between primary and secondary"}));
  EXPECT_TRUE(r.findings.contains(Finding::kControlPlaneDrift));
  // Without the password the released cluster cannot even start.
  EXPECT_TRUE(r.findings.contains(Finding::kClusterStartFailed));

  EXPECT_TRUE(run(load("scenarios/regional-outage.json")).control_plane_drift.empty());
}

// Two lags that overlap: CI/CD keeps the notebook out of the secondary for the whole drill, and a
// second, shorter lag of the same notebook ends at 0:20, before the outage. Its end must not deploy
// what the first still holds back, in either listing order.
TEST(ControlPlaneDrift, ALagThatEndsDoesNotDeployWhatAnotherLagStillHoldsBack) {
  using std::chrono::minutes;
  CicdSyncLag lag;
  lag.workspace = "secondary";
  lag.notebooks = {"/Shared/etl/load_orders"};
  const Fault whole{TimeWindow{Duration::zero(), std::nullopt}, "", lag};
  const Fault shorter{TimeWindow{minutes(10), minutes(20)}, "", lag};
  for (const bool shorter_first : {false, true}) {
    Scenario scenario = load("scenarios/regional-outage.json");
    scenario.faults.insert(scenario.faults.end(), shorter_first ? shorter : whole);
    scenario.faults.insert(scenario.faults.end(), shorter_first ? whole : shorter);
    const DrillResult r = run(scenario);
    EXPECT_EQ(r.control_plane_drift, (std::vector<std::string>{"notebook /Shared/etl/load_orders: only in primary"}))
        << "shorter first: " << shorter_first;
  }
}

}  // namespace
}  // namespace drdrill::sim
