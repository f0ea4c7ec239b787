// Planned and forced failover of a replication link over ARM: long-running operations that
// @azure/core-lro polls to completion at the time the SQL model chose, what they lose, and the
// refusals with the service's codes.
//
// Arithmetic (fixture: lag 2 s, forced failover 30 s, planned 30 s after the drain; the world is at
// 120 s when a test starts): commit_tables(n, 500 ms) acknowledges t<i> at 120 + 0.5 i s, each
// arriving on hms-neu 2 s later.

#include <gtest/gtest.h>

#include <set>

#include "sql_arm_fixture.h"

namespace drdrill::sql_arm {
namespace {

using arm::testing::body_json;
using arm::testing::dump;
using sql::Reachability;

class SqlArmLinkFailover : public testing::SqlArmFixture {
 protected:
  std::set<std::string> tables_on(const char* url) {
    sql::MetastoreClient m = make_metastore(url);
    auto names = m.get_tables("default");
    EXPECT_TRUE(names.ok()) << names.error().to_string();
    return {names->begin(), names->end()};
  }
  std::set<std::uint64_t> unshipped() const {
    std::set<std::uint64_t> out;
    for (const auto& [id, e] : ledger_.entries) {
      if (!e.replicated_at && !e.lost_at) out.insert(id);
    }
    return out;
  }
};

TEST_F(SqlArmLinkFailover, ForcedFailoverAnswers202WithAzureAsyncOperationLocationAndRetryAfter) {
  EXPECT_EQ(dump(post("hms-neu", link_path() + "/forceFailoverAllowDataLoss")),
            "202\n"
            "Location: https://management.localhost:8443/subscriptions/00000000-0000-0000-0000-000000000000/"
            "resourceGroups/drdrill/providers/Microsoft.Sql/locations/northeurope/replicationLinksOperationResults/"
            "00000000-0000-4000-a000-000000000001?api-version=2023-08-01\n"
            "Azure-AsyncOperation: https://management.localhost:8443/subscriptions/00000000-0000-0000-0000-000000000000/"
            "resourceGroups/drdrill/providers/Microsoft.Sql/locations/northeurope/replicationLinksAzureAsyncOperation/"
            "00000000-0000-4000-a000-000000000001?api-version=2023-08-01\n"
            "Retry-After: 1\n"
            "x-ms-request-id: 00000000-0000-4000-8000-000000000001\n"
            "x-ms-correlation-request-id: 00000000-0000-4000-9000-000000000001\n"
            "Date: Thu, 01 Jan 2026 00:02:00 GMT\n"
            "\n");
}

TEST_F(SqlArmLinkFailover, ForcedFailoverThroughThePollerLosesExactlyTheUnshippedCommitsAndSwapsRoles) {
  // t0..t9 at 120..124.5 s; the region fails at 125 s, when t0..t6 (acknowledged up to 123 s) have
  // arrived and t7, t8, t9 (123.5, 124, 124.5 s) have not.
  commit_tables(10, 500ms);
  const TimePoint outage = scheduler_.now();
  ASSERT_EQ(outage, kDefaultEpoch + 125s);
  service_.set_region_reachability("westeurope", Reachability::kTimedOut);
  const std::set<std::uint64_t> lost_expected = unshipped();
  ASSERT_EQ(lost_expected.size(), 3u);
  ASSERT_TRUE(scheduler_.run_for(5min).ok());  // the outage holds them back
  ASSERT_EQ(unshipped(), lost_expected);

  const TimePoint requested = scheduler_.now();
  const auto outcome = poll_to_completion(post("hms-neu", link_path() + "/forceFailoverAllowDataLoss"));
  EXPECT_EQ(outcome.mode, "OperationLocation");
  EXPECT_EQ(outcome.status, "succeeded");
  EXPECT_EQ(outcome.finished_at, requested + 30s);  // the modelled forced-failover duration

  std::set<std::uint64_t> lost;
  for (const auto& [id, e] : ledger_.entries) {
    if (e.lost_at) {
      lost.insert(id);
      EXPECT_EQ(*e.lost_at, requested);  // dropped when the failover began
    }
  }
  EXPECT_EQ(lost, lost_expected);
  TimePoint earliest = TimePoint::max();
  for (const auto& e : geo_->lost_commits()) earliest = std::min(earliest, e.acknowledged_at);
  EXPECT_EQ(outage - earliest, 1500ms);  // RPO: outage start minus the earliest lost acknowledgement

  // The final result is the link as hms-neu now sees it.
  ASSERT_EQ(outcome.last.status, 200);
  const auto result = body_json(outcome.last);
  EXPECT_EQ(result["id"], std::string(testing::kServers) + "hms-neu" + link_path());
  EXPECT_EQ(result["properties"]["role"], "Primary");
  EXPECT_EQ(result["properties"]["partnerRole"], "Secondary");
  EXPECT_EQ(get_json("hms-weu", link_path())["properties"]["role"], "Secondary");
  // hms-weu is down and must be re-seeded before it replicates again.
  EXPECT_EQ(get_json("hms-neu", link_path())["properties"]["replicationState"], "SUSPENDED");

  const auto tables = tables_on(sql::testing::kSecondaryUrl);
  EXPECT_EQ(tables.size(), 7u);
  EXPECT_TRUE(tables.contains("t6"));
  EXPECT_FALSE(tables.contains("t7"));
  {
    sql::MetastoreClient dr = make_metastore(sql::testing::kSecondaryUrl);
    EXPECT_TRUE(dr.create_table(table_named("written_in_dr")).ok());  // hms-neu takes writes now
  }
  EXPECT_TRUE(geo_->check_invariants().ok());
}

TEST_F(SqlArmLinkFailover, PlannedFailoverThroughThePollerWaitsForTheLogAndLosesNothing) {
  // t0..t4 at 120..122 s; at 122.5 s t2, t3, t4 are in flight, the last arriving at 124 s. The
  // failover ends 30 s after that, at 154 s; the poller (at 122.5, 124.5, then every second) sees
  // it at 154.5 s.
  commit_tables(5, 500ms);
  ASSERT_EQ(unshipped().size(), 3u);
  const auto accepted = post("hms-neu", link_path() + "/failover");
  ASSERT_EQ(accepted.status, 202);
  const auto outcome = poll_to_completion(accepted);
  EXPECT_EQ(outcome.status, "succeeded");
  EXPECT_EQ(outcome.finished_at, kDefaultEpoch + 154500ms);
  EXPECT_EQ(ledger_.count_lost(), 0u);
  EXPECT_EQ(ledger_.count_in_flight(), 0u);
  EXPECT_EQ(body_json(outcome.last)["properties"]["role"], "Primary");

  // The Azure-AsyncOperation status says when the model finished.
  const auto status = arm(http::Method::kGet, arm::testing::target_of(std::string(*accepted.headers.get("Azure-AsyncOperation"))));
  EXPECT_EQ(body_json(status)["status"], "Succeeded");
  EXPECT_EQ(body_json(status)["endTime"], "2026-01-01T00:02:34Z");

  EXPECT_EQ(tables_on(sql::testing::kSecondaryUrl).size(), 5u);
  // Planned: still geo-replicated, now the other way, and caught up.
  const auto link = get_json("hms-neu", link_path());
  EXPECT_EQ(link["properties"]["role"], "Primary");
  EXPECT_EQ(link["properties"]["replicationState"], "CATCH_UP");
}

TEST_F(SqlArmLinkFailover, FailoverOnThePrimarysServerIsRefusedAndChangesNothing) {
  commit_tables(3, 500ms);
  for (const char* action : {"/failover", "/forceFailoverAllowDataLoss"}) {
    const auto response = post("hms-weu", link_path() + action);
    EXPECT_EQ(response.status, 400) << action;
    EXPECT_EQ(body_json(response)["error"]["code"], "GeoReplicationDatabaseNotSecondary") << action;
    EXPECT_EQ(body_json(response)["error"]["message"], "The operation expects the database to be a replication target.");
  }
  ASSERT_TRUE(scheduler_.run_for(5min).ok());
  EXPECT_EQ(get_json("hms-weu", link_path())["properties"]["role"], "Primary");
  EXPECT_EQ(ledger_.count_lost(), 0u);
  EXPECT_TRUE(primary_hms_->create_table(table_named("still_primary")).ok());
}

TEST_F(SqlArmLinkFailover, PlannedFailoverNeedsThePrimaryButForcedDoesNot) {
  service_.set_region_reachability("westeurope", Reachability::kTimedOut);
  const auto planned = post("hms-neu", link_path() + "/failover");
  EXPECT_EQ(planned.status, 400);
  EXPECT_EQ(body_json(planned)["error"]["code"], "PlannedFailoverTimedOut");
  EXPECT_EQ(post("hms-neu", link_path() + "/forceFailoverAllowDataLoss").status, 202);
}

TEST_F(SqlArmLinkFailover, APlannedFailoverThatCannotDrainFailsForThePoller) {
  commit_tables(1, 100ms);
  const auto accepted = post("hms-neu", link_path() + "/failover");
  ASSERT_EQ(accepted.status, 202);
  ASSERT_TRUE(geo_->stall(link_id_).ok());
  const auto outcome = poll_to_completion(accepted);
  EXPECT_EQ(outcome.status, "failed");
  EXPECT_EQ(body_json(outcome.last)["status"], "Failed");
  EXPECT_EQ(body_json(outcome.last)["error"]["code"], "PlannedFailoverTimedOut");
  // The Location URL answers the error itself, which core-lro reads as failure too.
  const auto location = arm(http::Method::kGet, arm::testing::target_of(std::string(*accepted.headers.get("Location"))));
  EXPECT_EQ(location.status, 400);
  EXPECT_EQ(body_json(location)["error"]["code"], "PlannedFailoverTimedOut");
  EXPECT_EQ(get_json("hms-weu", link_path())["properties"]["role"], "Primary");
  EXPECT_EQ(ledger_.count_lost(), 0u);
}

TEST_F(SqlArmLinkFailover, ASecondFailoverWhileOneRunsIsRefusedWith409) {
  ASSERT_EQ(post("hms-neu", link_path() + "/forceFailoverAllowDataLoss").status, 202);
  const auto again = post("hms-neu", link_path() + "/forceFailoverAllowDataLoss");
  EXPECT_EQ(again.status, 409);
  EXPECT_EQ(body_json(again)["error"]["code"], "ManagementServiceDatabaseBusy");
  EXPECT_EQ(body_json(again)["error"]["message"], "Database 'hms' is busy with another operation. Please try your operation later.");
}

TEST_F(SqlArmLinkFailover, ALinkInAFailoverGroupCannotFailOverOnItsOwn) {
  ASSERT_EQ(put_group("hms-weu", "hms-fog", manual_group_body()).status, 201);
  EXPECT_EQ(get_json("hms-neu", link_path())["properties"]["isTerminationAllowed"], false);
  const auto response = post("hms-neu", link_path() + "/forceFailoverAllowDataLoss");
  EXPECT_EQ(response.status, 409);
  EXPECT_EQ(body_json(response)["error"]["code"], "FailoverGroupAlreadySetup");
}

TEST_F(SqlArmLinkFailover, TheOldPrimaryFailsBackOnlyOnceItHasBeenReseeded) {
  service_.set_region_reachability("westeurope", Reachability::kTimedOut);
  ASSERT_EQ(poll_to_completion(post("hms-neu", link_path() + "/forceFailoverAllowDataLoss")).status, "succeeded");
  const auto early = post("hms-weu", link_path() + "/failover");
  EXPECT_EQ(early.status, 400);
  EXPECT_EQ(body_json(early)["error"]["code"], "IncorrectReplicationLinkState");

  service_.set_region_reachability("westeurope", Reachability::kReachable);
  ASSERT_TRUE(run_until([&] { return get_json("hms-weu", link_path())["properties"]["replicationState"] == "CATCH_UP"; }));
  const auto back = poll_to_completion(post("hms-weu", link_path() + "/failover"));
  EXPECT_EQ(back.status, "succeeded");
  EXPECT_EQ(body_json(back.last)["properties"]["role"], "Primary");
  EXPECT_TRUE(primary_hms_->create_table(table_named("after_failback")).ok());
}

}  // namespace
}  // namespace drdrill::sql_arm
