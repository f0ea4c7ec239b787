// Active geo-replication in simulated time: lag, commit order, read-only secondary, stalls.
#include "sql/geo_replication.h"

#include <gtest/gtest.h>

#include "geo_fixture.h"

namespace drdrill::sql {
namespace {

using GeoReplicationTest = testing::GeoFixture;

TEST_F(GeoReplicationTest, SeedingCopiesTheSchemaAndKeepsTheSecondaryOfflineUntilDone) {
  ASSERT_TRUE(service_.server("hms-weu")->create_database("other").ok());
  auto admin = client_.connect("jdbc:sqlserver://hms-weu.database.windows.net;database=other", "sqladmin", "Adm1n!");
  ASSERT_TRUE(install_metastore_schema(*admin).ok());
  auto link = geo_->create_link("hms-weu", "other", "hms-neu");
  ASSERT_TRUE(link.ok());
  EXPECT_EQ(geo_->link(*link)->state, LinkState::kSeeding);
  auto during = client_.connect("jdbc:sqlserver://hms-neu.database.windows.net;database=other", "hive", "h1ve");
  ASSERT_FALSE(during.ok());
  EXPECT_EQ(during.error().number, 40613);
  EXPECT_EQ(geo_->failover(*link).status().code(), StatusCode::kFailedPrecondition);

  ASSERT_TRUE(run_until([&] { return geo_->link(*link)->state == LinkState::kCatchUp; }));
  auto after = client_.connect("jdbc:sqlserver://hms-neu.database.windows.net;database=other", "hive", "h1ve");
  ASSERT_TRUE(after.ok()) << after.error().to_string();
  EXPECT_EQ(*metastore_schema_version(*after), "2.3.0");
}

TEST_F(GeoReplicationTest, MetastoreChangesOnThePrimaryAppearOnTheSecondaryAfterTheLag) {
  MetastoreClient secondary_hms = make_metastore(testing::kSecondaryUrl);
  const TimePoint created_at = scheduler_.now();
  ASSERT_TRUE(primary_hms_->create_table(table_named("sales")).ok());
  ASSERT_TRUE(primary_hms_->add_partition({{"2026-01-01"}, "default", "sales", 0, 0, {}, {}}).ok());

  EXPECT_EQ(secondary_hms.get_table("default", "sales").error().kind, MetastoreError::Kind::kNoSuchObject);
  ASSERT_EQ(geo_->link(link_id_)->commits_in_flight, 2u);

  ASSERT_TRUE(run_until([&] { return ledger_.count_in_flight() == 0; }));
  const auto& last = ledger_.entries.rbegin()->second;
  ASSERT_TRUE(last.replicated_at.has_value());
  EXPECT_GT(*last.replicated_at, created_at);  // a lag, however small
  EXPECT_LT(*last.replicated_at - created_at, 1min);
  auto table = secondary_hms.get_table("default", "sales");
  ASSERT_TRUE(table.ok()) << table.error().to_string();
  EXPECT_EQ(table->sd.location, "abfss://data@lake.dfs.core.windows.net/sales");
  EXPECT_EQ(*secondary_hms.list_partition_names("default", "sales"), (std::vector<std::string>{"ds=2026-01-01"}));
  EXPECT_EQ(geo_->link(link_id_)->last_replicated_ack, last.event.acknowledged_at);
  EXPECT_EQ(geo_->link(link_id_)->replication_lag, 0s);
}

TEST_F(GeoReplicationTest, MetastoreReadsShipNothingAndTheNextWriteStillShips) {
  ASSERT_TRUE(primary_hms_->create_table(table_named("sales")).ok());
  const std::size_t shipped = ledger_.entries.size();
  const std::uint64_t sequence = service_.database("hms-weu", "hms")->sequence();
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(primary_hms_->get_table("default", "sales").ok());
    ASSERT_TRUE(primary_hms_->list_partition_names("default", "sales").ok());
  }
  EXPECT_EQ(ledger_.entries.size(), shipped);
  EXPECT_EQ(service_.database("hms-weu", "hms")->sequence(), sequence);
  ASSERT_TRUE(primary_hms_->add_partition({{"2026-01-01"}, "default", "sales", 0, 0, {}, {}}).ok());
  EXPECT_EQ(ledger_.entries.size(), shipped + 1);
  EXPECT_EQ(service_.database("hms-weu", "hms")->sequence(), sequence + 1);
}

TEST_F(GeoReplicationTest, DdlOnThePrimaryReplicatesToo) {
  auto admin = client_.connect(testing::kPrimaryUrl, "sqladmin", "Adm1n!");
  ASSERT_TRUE(admin->execute({"CREATE TABLE AUDIT_LOG (ID INTEGER PRIMARY KEY, WHAT TEXT)", {}}).ok());
  ASSERT_TRUE(admin->execute({"INSERT INTO AUDIT_LOG VALUES (?, ?)", {1, "failover drill"}}).ok());
  ASSERT_TRUE(run_until([&] { return ledger_.count_in_flight() == 0; }));
  auto reader = client_.connect(testing::kSecondaryUrl, "hive", "h1ve");
  auto rows = reader->execute({"SELECT WHAT FROM AUDIT_LOG", {}});
  ASSERT_TRUE(rows.ok()) << rows.error().to_string();
  EXPECT_EQ(std::get<std::string>(rows->rows.at(0).at(0)), "failover drill");
}

TEST_F(GeoReplicationTest, SecondaryServesReadsAndRefusesEveryWriteWith3906) {
  ASSERT_TRUE(primary_hms_->create_table(table_named("sales")).ok());
  ASSERT_TRUE(run_until([&] { return ledger_.count_in_flight() == 0; }));
  MetastoreClient secondary_hms = make_metastore(testing::kSecondaryUrl);
  EXPECT_TRUE(secondary_hms.get_table("default", "sales").ok());

  auto create = secondary_hms.create_table(table_named("orders"));
  EXPECT_EQ(create.error().sql_number(), 3906);
  auto partition = secondary_hms.add_partition({{"2026-01-01"}, "default", "sales", 0, 0, {}, {}});
  EXPECT_EQ(partition.error().sql_number(), 3906);
  auto drop = secondary_hms.drop_table("default", "sales");
  EXPECT_EQ(drop.error().sql_number(), 3906);
  auto admin = client_.connect(testing::kSecondaryUrl, "sqladmin", "Adm1n!");
  auto ddl = admin->execute({"CREATE TABLE X (A INTEGER PRIMARY KEY)", {}});
  EXPECT_EQ(ddl.error().number, 3906);
  EXPECT_EQ(ddl.error().message, "Failed to update database \"hms\" because the database is read-only.");
  EXPECT_TRUE(secondary_hms.get_table("default", "sales").ok());  // nothing changed
  EXPECT_TRUE(geo_->check_invariants().ok());
}

TEST_F(GeoReplicationTest, SecondaryIsAlwaysAConsistentPrefixOfThePrimary) {
  auto admin = client_.connect(testing::kPrimaryUrl, "sqladmin", "Adm1n!");
  ASSERT_TRUE(admin->execute({"CREATE TABLE T (ID INTEGER PRIMARY KEY)", {}}).ok());
  ASSERT_TRUE(run_until([&] { return ledger_.count_in_flight() == 0; }));
  // 200 commits, 100 ms apart, each a two-row transaction: lags (median 0.5 s, p99 5 s) would
  // reorder them if the log did not ship in order.
  for (int i = 0; i < 200; ++i) {
    scheduler_.schedule_after(std::chrono::milliseconds(100 * i), [&, i] {
      auto c = client_.connect(testing::kPrimaryUrl, "sqladmin", "Adm1n!");
      ASSERT_TRUE(c->transact([&](SqlTransaction& tx) -> SqlStatus {
        DRDRILL_RETURN_IF_FAILED(tx.execute({"INSERT INTO T VALUES (?)", {2 * i}}));
        DRDRILL_RETURN_IF_FAILED(tx.execute({"INSERT INTO T VALUES (?)", {2 * i + 1}}));
        return {};
      }).ok());
    });
  }
  std::optional<TimePoint> previous;
  while (scheduler_.step()) {
    auto rows = secondary_db().execute({"SELECT COUNT(*), COALESCE(MAX(ID), -1) FROM T", {}});
    ASSERT_TRUE(rows.ok());
    const auto count = std::get<std::int64_t>(rows->rows[0][0]);
    const auto max = std::get<std::int64_t>(rows->rows[0][1]);
    ASSERT_EQ(count % 2, 0) << "half a transaction is visible";
    ASSERT_EQ(max, count - 1) << "a later commit overtook an earlier one";
    if (scheduler_.now() > kDefaultEpoch + 1h) break;
  }
  EXPECT_EQ(ledger_.count_in_flight(), 0u);
  for (const auto& [id, e] : ledger_.entries) {
    ASSERT_TRUE(e.replicated_at.has_value());
    if (previous) {
      EXPECT_GE(*e.replicated_at, *previous);
    }
    previous = e.replicated_at;
  }
}

TEST_F(GeoReplicationTest, StalledLinkShipsNothingUntilResumedThenShipsTheBacklog) {
  ASSERT_TRUE(geo_->stall(link_id_).ok());
  ASSERT_TRUE(primary_hms_->create_table(table_named("a")).ok());
  ASSERT_TRUE(primary_hms_->create_table(table_named("b")).ok());
  ASSERT_TRUE(scheduler_.run_for(1h).ok());
  EXPECT_EQ(ledger_.count_in_flight(), 2u);
  auto info = geo_->link(link_id_);
  EXPECT_EQ(info->state, LinkState::kSuspended);
  EXPECT_EQ(info->replication_lag, 1h);
  ASSERT_TRUE(geo_->resume(link_id_).ok());
  const TimePoint resumed = scheduler_.now();
  ASSERT_TRUE(scheduler_.run_for(1s).ok());
  EXPECT_EQ(ledger_.count_in_flight(), 0u);
  EXPECT_EQ(*ledger_.entries.rbegin()->second.replicated_at, resumed);
}

TEST_F(GeoReplicationTest, PrimaryRegionOutageHoldsTheLogBack) {
  ASSERT_TRUE(primary_hms_->create_table(table_named("a")).ok());
  service_.set_region_reachability("westeurope", Reachability::kTimedOut);
  ASSERT_TRUE(scheduler_.run_for(10min).ok());
  EXPECT_EQ(ledger_.count_in_flight(), 1u);
  EXPECT_EQ(geo_->link(link_id_)->state, LinkState::kSuspended);
  service_.set_region_reachability("westeurope", Reachability::kReachable);
  ASSERT_TRUE(scheduler_.run_for(1s).ok());
  EXPECT_EQ(ledger_.count_in_flight(), 0u);
}

TEST_F(GeoReplicationTest, DivergedSecondaryIsReseededInsteadOfPatched) {
  ASSERT_TRUE(primary_hms_->create_table(table_named("a")).ok());
  ASSERT_TRUE(run_until([&] { return ledger_.count_in_flight() == 0; }));
  // Someone changed the replica behind replication's back.
  ASSERT_TRUE(secondary_db().storage().exec_script("DELETE FROM TABLE_PARAMS").ok());
  ASSERT_TRUE(scheduler_.run_for(10s).ok());
  // Updates transient_lastDdlTime: a row the replica no longer has.
  ASSERT_TRUE(primary_hms_->alter_table("default", "a", table_named("a")).ok());
  ASSERT_TRUE(run_until([&] { return ledger_.count_in_flight() == 0; }));
  auto info = geo_->link(link_id_);
  EXPECT_NE(info->error.find("diverged"), std::string::npos) << info->error;
  ASSERT_TRUE(run_until([&] { return geo_->link(link_id_)->state == LinkState::kCatchUp; }));
  MetastoreClient secondary_hms = make_metastore(testing::kSecondaryUrl);
  EXPECT_EQ(secondary_hms.get_table("default", "a")->parameters, primary_hms_->get_table("default", "a")->parameters);
}

TEST_F(GeoReplicationTest, ExtraLagDelaysCommitsAcknowledgedDuringTheSpike) {
  ASSERT_TRUE(geo_->set_extra_lag(link_id_, 10min).ok());
  ASSERT_TRUE(primary_hms_->create_table(table_named("a")).ok());
  ASSERT_TRUE(geo_->set_extra_lag(link_id_, 0s).ok());
  ASSERT_TRUE(scheduler_.run_for(9min).ok());
  EXPECT_EQ(ledger_.count_in_flight(), 1u);
  ASSERT_TRUE(scheduler_.run_for(2min).ok());
  EXPECT_EQ(ledger_.count_in_flight(), 0u);
}

// Two worlds from one seed replicate at identical times; another seed differs.
std::vector<TimePoint> replication_times(std::uint64_t seed) {
  SimulatedScheduler scheduler;
  SqlService service(scheduler);
  GeoReplication geo(service, scheduler, Random(seed));
  testing::RecordingLedger ledger;
  geo.set_ledger(&ledger);
  EXPECT_TRUE(service.create_server({"a", "westeurope", "sa", "pw"}).ok());
  EXPECT_TRUE(service.create_server({"b", "northeurope", "sa", "pw"}).ok());
  Database* db = *service.server("a")->create_database("d");
  EXPECT_TRUE(db->execute({"CREATE TABLE T (ID INTEGER PRIMARY KEY)", {}}).ok());
  EXPECT_TRUE(geo.create_link("a", "d", "b").ok());
  EXPECT_TRUE(scheduler.run_for(1min).ok());
  for (int i = 0; i < 50; ++i) {
    EXPECT_TRUE(db->execute({"INSERT INTO T VALUES (?)", {i}}).ok());
    EXPECT_TRUE(scheduler.run_for(200ms).ok());
  }
  EXPECT_TRUE(scheduler.run().ok());
  std::vector<TimePoint> out;
  for (const auto& [id, e] : ledger.entries) out.push_back(e.replicated_at.value_or(TimePoint{}));
  return out;
}

TEST(GeoReplicationDeterminism, SameSeedSameReplicationTimes) {
  const auto first = replication_times(7);
  EXPECT_EQ(first.size(), 50u);
  EXPECT_EQ(first, replication_times(7));
  EXPECT_NE(first, replication_times(8));
}

}  // namespace
}  // namespace drdrill::sql
