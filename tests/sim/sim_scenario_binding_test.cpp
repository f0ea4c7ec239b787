// What a file says lands in the right place: the complete example, field by field.

#include <gtest/gtest.h>

#include "scenario_test_support.h"
#include "sim/duration_text.h"
#include "sim/scenario_loader.h"

namespace drdrill::sim {
namespace {

using testing::source_path;

class CompleteExample : public ::testing::Test {
 protected:
  void SetUp() override {
    auto loaded = load_scenario(source_path("scenarios/examples/complete.json"));
    ASSERT_TRUE(loaded.ok()) << loaded.status().message();
    s_ = std::move(loaded).value();
  }
  Scenario s_;
};

TEST_F(CompleteExample, BindsTheRunFields) {
  EXPECT_EQ(s_.name, "complete");
  EXPECT_EQ(s_.seed, 42u);
  EXPECT_EQ(s_.epoch, parse_timestamp_text("2026-03-01T08:00:00Z"));
  EXPECT_EQ(s_.run.max_time, 24h);
  EXPECT_EQ(s_.run.max_events, 5'000'000u);
  EXPECT_EQ(s_.topology.regions.primary, "northeurope");
}

TEST_F(CompleteExample, BindsStorageAccountsAndEveryDistributionKind) {
  const StorageAccount& a = s_.topology.storage_accounts.at(0);
  EXPECT_EQ(a.redundancy, Redundancy::kRaGzrs);
  EXPECT_EQ(a.containers, (std::vector<std::string>{"tables", "landing"}));
  EXPECT_EQ(a.replication_lag_s, Distribution::lognormal(90, 720));
  EXPECT_EQ(a.planned_failover_s, Distribution::uniform(1200, 3600));
  EXPECT_EQ(a.dns_convergence_s, Distribution::exponential(60));
  EXPECT_EQ(a.reseed_tb_per_day, Distribution::constant(4));
  EXPECT_EQ(a.data_size_gb, 2500);
  EXPECT_EQ(s_.topology.sql.replication.planned_failover_base_s, Distribution::constant(30));
}

TEST_F(CompleteExample, BindsSqlServersLinksAndGroups) {
  const SqlTopology& sql = s_.topology.sql;
  ASSERT_EQ(sql.servers.size(), 2u);
  EXPECT_EQ(sql.servers[0].admin_user, "dbadmin");
  EXPECT_EQ(sql.servers[0].logins, (std::vector<SqlLogin>{{"hive", "Hive-Pw-1"}}));
  EXPECT_EQ(sql.servers[0].databases, (std::vector<std::string>{"hms", "audit"}));
  ASSERT_NE(sql.link_of("AUDIT"), nullptr);
  const FailoverGroup* group = sql.failover_group_of("hms");
  ASSERT_NE(group, nullptr);
  EXPECT_EQ(group->name, "hms-fog");
  EXPECT_TRUE(group->read_only_endpoint);
  EXPECT_EQ(s_.topology.metastore, (Metastore{"hms-neu", "hms"}));
}

TEST_F(CompleteExample, BindsWorkspacesClustersAndJobs) {
  const Workspace* primary = s_.topology.workspace("primary");
  ASSERT_NE(primary, nullptr);
  EXPECT_EQ(primary->notebook("/Shared/etl/compact")->language, NotebookLanguage::kSql);
  EXPECT_EQ(primary->secret_scope("kv")->backend, SecretScopeBackend::kAzureKeyVault);
  const Cluster* etl = primary->cluster("etl");
  ASSERT_NE(etl, nullptr);
  EXPECT_EQ(etl->num_workers, 4);
  EXPECT_EQ(etl->state, ClusterState::kRunning);
  ASSERT_TRUE(etl->metastore.has_value());
  EXPECT_EQ(etl->metastore->password, "{{secrets/hms/password}}");
  const auto conf = etl->effective_spark_conf();
  EXPECT_EQ(conf.at("spark.hadoop.javax.jdo.option.ConnectionURL"), etl->metastore->jdbc_url);
  EXPECT_EQ(conf.at("spark.sql.hive.metastore.version"), "2.3.7");
  EXPECT_EQ(conf.at("spark.databricks.delta.preview.enabled"), "true");
  const Job* load = primary->job("load_orders");
  ASSERT_NE(load, nullptr);
  ASSERT_TRUE(load->schedule.has_value());
  EXPECT_EQ(load->schedule->quartz_cron, "0 */5 * * * ?");
  EXPECT_TRUE(load->queue);
  EXPECT_FALSE(primary->job("compact")->schedule.has_value());
  const Workspace* secondary = s_.topology.workspace("secondary");
  EXPECT_EQ(secondary->job("load_orders")->max_concurrent_runs, 0);
  EXPECT_TRUE(secondary->job("load_orders")->schedule->paused);
}

TEST_F(CompleteExample, BindsWorkloadStreamsWithTheirWindows) {
  const Workload& w = s_.workload;
  EXPECT_EQ(w.job_writes.at(0).rows_per_run, 5000);
  EXPECT_EQ(w.job_writes.at(0).bytes_per_row, 250);
  ASSERT_EQ(w.metastore_ddl.size(), 2u);
  EXPECT_EQ(std::get<AddPartition>(w.metastore_ddl[0].operation).table, "sales.orders");
  EXPECT_EQ(w.metastore_ddl[0].window.end, std::nullopt);  // "never"
  EXPECT_EQ(std::get<CreateTable>(w.metastore_ddl[1].operation).database, "scratch");
  EXPECT_EQ(w.metastore_ddl[1].window, (TimeWindow{30min, 20h}));
  EXPECT_EQ(w.blob_writes.at(0).every, 30s);
  EXPECT_EQ(w.blob_writes.at(0).prefix, "events/");
}

TEST_F(CompleteExample, BindsEveryFaultKindInFileOrder) {
  const std::vector<std::string_view> kinds = {
      "region_outage", "storage_outage", "sql_server_outage", "workspace_outage", "partition",
      "storage_lag_spike", "storage_replication_stall", "sql_lag_spike", "sql_replication_stall",
      "storage_error_storm", "sql_error_storm", "databricks_error_storm", "slow_storage_failover",
      "cluster_capacity_shortage", "missing_login", "dns_cache_beyond_ttl", "cicd_sync_lag"};
  ASSERT_EQ(s_.faults.size(), kinds.size());
  for (std::size_t i = 0; i < kinds.size(); ++i) EXPECT_EQ(s_.faults[i].kind(), kinds[i]);

  EXPECT_EQ(s_.faults[0].window, (TimeWindow{2h, 8h}));
  EXPECT_EQ(s_.faults[0].description, "the region");
  EXPECT_EQ(s_.faults[1].window, (TimeWindow{1h, 70min}));
  EXPECT_EQ(std::get<SqlServerOutage>(s_.faults[2].what).mode, OutageMode::kRefuse);
  EXPECT_EQ(std::get<StorageLagSpike>(s_.faults[5].what).factor, 5.0);
  EXPECT_EQ(std::get<SqlLagSpike>(s_.faults[7].what).extra_lag, 10s);
  const auto& storm = std::get<StorageErrorStorm>(s_.faults[9].what);
  EXPECT_EQ(storm.rate, 0.2);
  EXPECT_EQ(storm.endpoint, StorageEndpoint::kPrimary);
  EXPECT_EQ(storm.operation, "PutBlob");
  EXPECT_EQ(std::get<SqlErrorStorm>(s_.faults[10].what).operation, SqlOperationKind::kConnect);
  EXPECT_EQ(std::get<DatabricksErrorStorm>(s_.faults[11].what).operation, "jobs/*");
  EXPECT_EQ(s_.faults[12].window.end, std::nullopt);
  EXPECT_EQ(std::get<SlowStorageFailover>(s_.faults[12].what).failover_s, Distribution::uniform(5400, 7200));
  EXPECT_EQ(std::get<ClusterCapacityShortage>(s_.faults[13].what).start_delay_factor, 2.0);
  EXPECT_EQ(std::get<MissingLogin>(s_.faults[14].what).login, "hive");
  EXPECT_EQ(std::get<DnsCacheBeyondTtl>(s_.faults[15].what).clients, DnsClients::kSql);
  EXPECT_EQ(std::get<CicdSyncLag>(s_.faults[16].what).secrets, (std::vector<std::string>{"hms/user"}));
}

TEST_F(CompleteExample, BindsTheReferenceRunbookStepByStep) {
  const auto& rb = std::get<ReferenceRunbook>(s_.runbook);
  EXPECT_EQ(rb.sql_failover.mode, SqlFailoverMode::kPlannedThenForced);
  EXPECT_EQ(rb.sql_failover.databases, (std::vector<std::string>{"hms", "audit"}));
  EXPECT_EQ(rb.start_clusters.clusters, (std::vector<std::string>{"etl"}));
  EXPECT_EQ(rb.validate.statement, "SELECT COUNT(*) FROM sales.orders");
  EXPECT_TRUE(rb.failback.enabled);
  EXPECT_EQ(rb.failback.sql_failover, FailbackSqlMode::kPlanned);
}

TEST_F(CompleteExample, BindsProbesAssertionsAndExpect) {
  ASSERT_EQ(s_.probes.size(), 5u);
  EXPECT_EQ(s_.probes[0].interval, 1min);
  EXPECT_EQ(std::get<QueryProbe>(s_.probes[1].what).statement, "SELECT 1");
  EXPECT_EQ(s_.probes[1].workspace, "secondary");
  EXPECT_EQ(std::get<BlobWriteProbe>(s_.probes[3].what).container, "landing");
  EXPECT_TRUE(s_.probes[4].expect_failure);
  EXPECT_EQ(s_.assertions.rto_max, 5h);
  EXPECT_EQ(s_.assertions.rpo_max.metastore, 30s);
  EXPECT_EQ(s_.assertions.lost_writes_max.delta, 100);
  EXPECT_EQ(s_.assertions.inconsistencies_max, 5);
  ASSERT_TRUE(s_.expect.has_value());
  EXPECT_EQ(s_.expect->verdict, Verdict::kFail);
  EXPECT_EQ(s_.expect->findings, (std::vector<Finding>{Finding::kLoginFailed, Finding::kControlPlaneDrift}));
}

TEST(ScenarioBinding, AnExternalRunbookKeepsItsCommandAndEnvironment) {
  const auto loaded = load_scenario_text(R"({
    "name": "external", "topology": {},
    "runbook": {"kind": "external", "command": ["./failover.sh", "--dry-run"], "env": {"AZ": "1"},
                "start": "5min", "timeout": "2h"}
  })");
  ASSERT_TRUE(loaded.ok()) << loaded.status().message();
  const auto& rb = std::get<ExternalRunbook>(loaded->runbook);
  EXPECT_EQ(rb.command, (std::vector<std::string>{"./failover.sh", "--dry-run"}));
  EXPECT_EQ(rb.env.at("AZ"), "1");
  EXPECT_EQ(rb.start, 5min);
  EXPECT_EQ(rb.timeout, 2h);
}

TEST(ScenarioBinding, ANoneRunbookAndAnEmptyProbeListAreKept) {
  const auto loaded = load_scenario_text(R"({"name": "x", "topology": {}, "runbook": {"kind": "none"}, "probes": []})");
  ASSERT_TRUE(loaded.ok()) << loaded.status().message();
  EXPECT_TRUE(std::holds_alternative<NoRunbook>(loaded->runbook));
  EXPECT_TRUE(loaded->probes.empty());
}

}  // namespace
}  // namespace drdrill::sim
