// Planned and forced failover of a geo-replication link, in simulated time.
#include <gtest/gtest.h>

#include <set>

#include "geo_fixture.h"

namespace drdrill::sql {
namespace {

class SqlFailover : public testing::GeoFixture {
 protected:
  SqlFailover() {
    // Exact timings, so a test can say which commits had shipped when.
    options_.lag_s = Distribution::constant(2);
    options_.forced_failover_s = Distribution::constant(30);
    options_.planned_failover_base_s = Distribution::constant(30);
  }

  // Commits `n` metastore tables, one every `every`.
  void commit_tables(int n, Duration every, const std::string& prefix = "t") {
    for (int i = 0; i < n; ++i) {
      ASSERT_TRUE(primary_hms_->create_table(table_named(prefix + std::to_string(i))).ok());
      ASSERT_TRUE(scheduler_.run_for(every).ok());
    }
  }

  std::set<std::string> tables_on(const char* url) {
    MetastoreClient m = make_metastore(url);
    auto names = m.get_tables("default");
    EXPECT_TRUE(names.ok()) << names.error().to_string();
    return {names->begin(), names->end()};
  }
};

TEST_F(SqlFailover, PlannedFailoverWaitsForTheLogLosesNothingAndSwapsRoles) {
  commit_tables(5, 500ms);  // the last ones are still in flight
  ASSERT_GT(ledger_.count_in_flight(), 0u);
  const TimePoint started = scheduler_.now();
  auto op = geo_->failover(link_id_);
  ASSERT_TRUE(op.ok()) << op.status().to_string();

  // During the window both sides refuse connections with the transient 40613.
  auto during = client_.connect(testing::kPrimaryUrl, "hive", "h1ve");
  ASSERT_FALSE(during.ok());
  EXPECT_EQ(during.error().number, 40613);
  EXPECT_TRUE(during.error().is_transient());
  EXPECT_EQ(client_.connect(testing::kSecondaryUrl, "hive", "h1ve").error().number, 40613);

  ASSERT_TRUE(run_until([&] { return geo_->operation(*op)->state != OperationState::kInProgress; }));
  auto done = geo_->operation(*op);
  EXPECT_EQ(done->state, OperationState::kSucceeded);
  // The last commit arrives 2 s after it was acknowledged, 1.5 s after the request; then 30 s.
  EXPECT_EQ(done->finishes_at - started, 31500ms);
  EXPECT_EQ(ledger_.count_lost(), 0u);
  EXPECT_EQ(ledger_.count_in_flight(), 0u);

  auto info = geo_->link(link_id_);
  EXPECT_EQ(info->primary_server, "hms-neu");
  EXPECT_EQ(info->secondary_server, "hms-weu");
  EXPECT_EQ(tables_on(testing::kSecondaryUrl).size(), 5u);  // hms-neu, now primary, has them all
  MetastoreClient new_primary = make_metastore(testing::kSecondaryUrl);
  EXPECT_TRUE(new_primary.create_table(table_named("after")).ok());
  EXPECT_EQ(primary_hms_->create_table(table_named("stale_url")).error().sql_number(), 3906);
  ASSERT_TRUE(run_until([&] { return ledger_.count_in_flight() == 0; }));
  EXPECT_TRUE(tables_on(testing::kPrimaryUrl).contains("after"));  // replicates the other way now
  EXPECT_TRUE(geo_->check_invariants().ok());
}

TEST_F(SqlFailover, PlannedFailoverNeedsAReachablePrimary) {
  service_.set_region_reachability("westeurope", Reachability::kTimedOut);
  auto op = geo_->failover(link_id_);
  ASSERT_FALSE(op.ok());
  EXPECT_EQ(op.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(op.status().message().find("forceFailoverAllowDataLoss"), std::string::npos);
}

TEST_F(SqlFailover, PlannedFailoverFailsAndChangesNothingIfTheLinkCannotDrain) {
  commit_tables(1, 100ms);
  auto op = geo_->failover(link_id_);
  ASSERT_TRUE(op.ok());
  ASSERT_TRUE(geo_->stall(link_id_).ok());
  ASSERT_TRUE(run_until([&] { return geo_->operation(*op)->state != OperationState::kInProgress; }));
  EXPECT_EQ(geo_->operation(*op)->state, OperationState::kFailed);
  EXPECT_EQ(geo_->link(link_id_)->primary_server, "hms-weu");
  EXPECT_TRUE(primary_hms_->create_table(table_named("still_primary")).ok());
  EXPECT_EQ(ledger_.count_lost(), 0u);
}

TEST_F(SqlFailover, ForcedFailoverLosesExactlyTheUnshippedCommits) {
  // Ten commits 500 ms apart with a 2 s lag; the region fails 500 ms after the last one. The
  // commit acknowledged 2 s before arrives just in time; the three after it have not shipped.
  commit_tables(10, 500ms);
  const TimePoint outage = scheduler_.now();
  service_.set_region_reachability("westeurope", Reachability::kTimedOut);
  std::set<std::uint64_t> unshipped;
  for (const auto& [id, e] : ledger_.entries) {
    if (!e.replicated_at) unshipped.insert(id);
  }
  ASSERT_EQ(unshipped.size(), 3u);  // acknowledged 1.5 s, 1 s and 0.5 s before the outage
  ASSERT_TRUE(scheduler_.run_for(5min).ok());  // the outage holds them back

  auto op = geo_->force_failover(link_id_);
  ASSERT_TRUE(op.ok()) << op.status().to_string();
  std::set<std::uint64_t> lost;
  for (const auto& e : geo_->lost_commits()) lost.insert(e.commit_id);
  EXPECT_EQ(lost, unshipped);
  for (std::uint64_t id : unshipped) EXPECT_EQ(ledger_.entries.at(id).lost_at, outage + 5min);
  // RPO as the drill computes it: outage start minus the earliest lost acknowledgement.
  TimePoint earliest = TimePoint::max();
  for (const auto& e : geo_->lost_commits()) earliest = std::min(earliest, e.acknowledged_at);
  EXPECT_EQ(outage - earliest, 1500ms);

  ASSERT_TRUE(run_until([&] { return geo_->operation(*op)->state == OperationState::kSucceeded; }));
  EXPECT_EQ(geo_->operation(*op)->finishes_at - geo_->operation(*op)->started, 30s);
  const auto tables = tables_on(testing::kSecondaryUrl);
  EXPECT_EQ(tables.size(), 10u - unshipped.size());
  EXPECT_TRUE(tables.contains("t6"));
  EXPECT_FALSE(tables.contains("t7"));
  EXPECT_TRUE(geo_->check_invariants().ok());
}

TEST_F(SqlFailover, OldPrimaryIsReseededWhenItsRegionReturnsAndDivergentCommitsVanish) {
  commit_tables(4, 500ms);
  service_.set_region_reachability("westeurope", Reachability::kTimedOut);
  auto op = geo_->force_failover(link_id_);
  ASSERT_TRUE(op.ok());
  ASSERT_TRUE(run_until([&] { return geo_->operation(*op)->state == OperationState::kSucceeded; }));
  EXPECT_TRUE(geo_->link(link_id_)->secondary_needs_reseed);
  EXPECT_EQ(geo_->link(link_id_)->state, LinkState::kSuspended);
  MetastoreClient new_primary = make_metastore(testing::kSecondaryUrl);
  ASSERT_TRUE(new_primary.create_table(table_named("written_in_dr")).ok());

  service_.set_region_reachability("westeurope", Reachability::kReachable);
  ASSERT_TRUE(run_until([&] { return geo_->link(link_id_)->state == LinkState::kCatchUp && ledger_.count_in_flight() == 0; }));
  // The old primary now mirrors the new one: the lost tables are gone, the DR write is there.
  EXPECT_EQ(tables_on(testing::kPrimaryUrl), tables_on(testing::kSecondaryUrl));
  EXPECT_TRUE(tables_on(testing::kPrimaryUrl).contains("written_in_dr"));
  EXPECT_EQ(primary_hms_->create_table(table_named("x")).error().sql_number(), 3906);
  // And the roles can be swapped back without loss (failback).
  auto back = geo_->failover(link_id_);
  ASSERT_TRUE(back.ok()) << back.status().to_string();
  ASSERT_TRUE(run_until([&] { return geo_->operation(*back)->state == OperationState::kSucceeded; }));
  EXPECT_EQ(geo_->link(link_id_)->primary_server, "hms-weu");
  EXPECT_TRUE(primary_hms_->create_table(table_named("after_failback")).ok());
}

TEST_F(SqlFailover, OperationListenersHearEachEndOnceWithTheRolesAlreadySwapped) {
  std::vector<std::pair<std::uint64_t, OperationState>> heard;
  std::string primary_when_heard;
  geo_->on_operation_finished([&](const FailoverOperation& op) {
    heard.emplace_back(op.id, op.state);
    primary_when_heard = geo_->link(link_id_)->primary_server;
  });
  auto planned = geo_->failover(link_id_);
  ASSERT_TRUE(planned.ok());
  ASSERT_TRUE(run_until([&] { return !heard.empty(); }));
  EXPECT_EQ(heard.back(), std::make_pair(*planned, OperationState::kSucceeded));
  EXPECT_EQ(primary_when_heard, "hms-neu");
  EXPECT_EQ(scheduler_.now(), geo_->operation(*planned)->finishes_at);

  // A planned failover that cannot drain is heard as failed, roles unchanged.
  ASSERT_TRUE(MetastoreClient(make_metastore(testing::kSecondaryUrl)).create_table(table_named("pending")).ok());
  auto back = geo_->failover(link_id_);
  ASSERT_TRUE(back.ok());
  ASSERT_TRUE(geo_->stall(link_id_).ok());
  ASSERT_TRUE(run_until([&] { return heard.size() == 2; }));
  EXPECT_EQ(heard.back(), std::make_pair(*back, OperationState::kFailed));
  EXPECT_EQ(primary_when_heard, "hms-neu");
  ASSERT_TRUE(scheduler_.run_for(1h).ok());
  EXPECT_EQ(heard.size(), 2u);
}

TEST_F(SqlFailover, ForcedFailoverNeedsTheSecondaryReachable) {
  service_.set_region_reachability("northeurope", Reachability::kRefused);
  auto op = geo_->force_failover(link_id_);
  ASSERT_FALSE(op.ok());
  EXPECT_EQ(op.status().code(), StatusCode::kUnavailable);
}

TEST_F(SqlFailover, NeverTwoWritableCopiesAtAnyEvent) {
  for (int i = 0; i < 20; ++i) {
    scheduler_.schedule_after(std::chrono::milliseconds(300 * i), [&, i] {
      (void)primary_hms_->create_table(table_named("w" + std::to_string(i)));
    });
  }
  scheduler_.schedule_after(2s, [&] { service_.set_region_reachability("westeurope", Reachability::kTimedOut); });
  scheduler_.schedule_after(3s, [&] { ASSERT_TRUE(geo_->force_failover(link_id_).ok()); });
  scheduler_.schedule_after(10min, [&] { service_.set_region_reachability("westeurope", Reachability::kReachable); });
  while (scheduler_.step()) {
    ASSERT_TRUE(geo_->check_invariants().ok()) << geo_->check_invariants().to_string();
    if (scheduler_.now() > kDefaultEpoch + 2h) break;
  }
  EXPECT_EQ(geo_->link(link_id_)->state, LinkState::kCatchUp);
}

TEST_F(SqlFailover, SecondaryServerWithoutTheLoginRefusesTheMetastoreAfterFailover) {
  ASSERT_TRUE(service_.server("hms-neu")->remove_login("hive").ok());
  auto op = geo_->force_failover(link_id_);
  ASSERT_TRUE(run_until([&] { return geo_->operation(*op)->state == OperationState::kSucceeded; }));
  MetastoreClient dr = make_metastore(testing::kSecondaryUrl);
  auto r = dr.get_all_databases();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().sql_number(), 18456);
  EXPECT_FALSE(r.error().is_transient());
}

}  // namespace
}  // namespace drdrill::sql
