// Failover of a failover group over ARM: failover, forceFailoverAllowDataLoss and
// tryPlannedBeforeForcedFailover as long-running operations called on the secondary server, the
// listeners moving with the roles, and what a JDBC client going through the listener sees.
//
// Arithmetic (fixture: lag 2 s, failovers 30 s; the world is at 120 s with nothing in flight): a
// planned failover requested at 120 s ends at 150 s.

#include <gtest/gtest.h>

#include "sql_arm_fixture.h"

namespace drdrill::sql_arm {
namespace {

using arm::testing::body_json;
using sql::Reachability;

constexpr const char* kListenerUrl = "jdbc:sqlserver://hms-fog.database.windows.net:1433;database=hms";

class SqlArmFailoverGroupFailover : public testing::SqlArmFixture {
 protected:
  void SetUp() override {
    SqlArmFixture::SetUp();
    ASSERT_EQ(put_group("hms-weu", "hms-fog", manual_group_body()).status, 201);
  }
  std::string error_code(const http::Response& response) { return body_json(response)["error"]["code"]; }
};

TEST_F(SqlArmFailoverGroupFailover, FailoverMovesTheListenersAndAJdbcClientFollowsAfterItsDnsTtl) {
  // A cluster's JVM whose metastore URL names the read-write listener. It first looks the
  // listener up at 140 s, 10 s before the failover ends: hms-weu, cached for 30 s (its connect
  // fails with 40613, as both databases are offline during the switch).
  sql::SqlClient jvm(service_, scheduler_);
  auto hms = sql::MetastoreClient::for_jdbc_url(jvm, kListenerUrl, "hive", "h1ve", scheduler_);
  ASSERT_TRUE(hms.ok());
  std::optional<int> during;
  scheduler_.schedule_at(kDefaultEpoch + 140s, [&] { during = hms->get_all_databases().error().sql_number(); });

  const auto accepted = post("hms-neu", "/failoverGroups/hms-fog/failover");
  ASSERT_EQ(accepted.status, 202);
  EXPECT_NE(std::string(*accepted.headers.get("Azure-AsyncOperation")).find("/locations/northeurope/failoverGroupAzureAsyncOperation/"),
            std::string::npos);
  const auto outcome = poll_to_completion(accepted);
  EXPECT_EQ(outcome.status, "succeeded");
  const TimePoint done = kDefaultEpoch + 150s;
  EXPECT_EQ(outcome.finished_at, done);
  EXPECT_EQ(during, 40613);

  // The final result: the group as hms-neu now sees it.
  const auto group = body_json(outcome.last);
  EXPECT_EQ(group["id"], std::string(testing::kServers) + "hms-neu/failoverGroups/hms-fog");
  EXPECT_EQ(group["properties"]["replicationRole"], "Primary");
  EXPECT_EQ(group["properties"]["partnerServers"][0]["id"], std::string(testing::kServers) + "hms-weu");
  EXPECT_EQ(group["properties"]["partnerServers"][0]["replicationRole"], "Secondary");
  EXPECT_EQ(group["properties"]["databases"][0], std::string(testing::kServers) + "hms-neu/databases/hms");
  EXPECT_EQ(get_json("hms-weu", "/failoverGroups/hms-fog")["properties"]["replicationRole"], "Secondary");

  // The zone moved at once...
  EXPECT_EQ(service_.dns().resolve("hms-fog.database.windows.net")->server, "hms-neu");
  EXPECT_EQ(service_.dns().resolve("hms-fog.secondary.database.windows.net")->server, "hms-weu");
  // ...the client follows when its cached answer expires: until 170 s it reaches hms-weu, now the
  // read-only secondary (reads work, writes fail with 3906); from 170 s hms-neu, which takes them.
  ASSERT_TRUE(scheduler_.run_until(done + 19s).ok());
  EXPECT_EQ(*jvm.resolve("hms-fog.database.windows.net"), "hms-weu");
  EXPECT_TRUE(hms->get_all_databases().ok());
  EXPECT_EQ(hms->create_table(table_named("stale")).error().sql_number(), 3906);
  ASSERT_TRUE(scheduler_.run_until(done + 20s).ok());
  EXPECT_EQ(*jvm.resolve("hms-fog.database.windows.net"), "hms-neu");
  EXPECT_TRUE(hms->create_table(table_named("fresh")).ok());
  EXPECT_EQ(ledger_.count_lost(), 0u);
}

TEST_F(SqlArmFailoverGroupFailover, FailoverOnThePrimaryServerIsRefused) {
  for (const char* action : {"/failover", "/forceFailoverAllowDataLoss", "/tryPlannedBeforeForcedFailover"}) {
    const auto response = post("hms-weu", std::string("/failoverGroups/hms-fog") + action);
    EXPECT_EQ(response.status, 400) << action;
    EXPECT_EQ(error_code(response), "FailoverGroupFailoverRequestOnPrimary") << action;
    EXPECT_EQ(body_json(response)["error"]["message"],
              "The failover request should be initiated on the secondary server of failover group.");
  }
  ASSERT_TRUE(scheduler_.run_for(5min).ok());
  EXPECT_EQ(geo_->failover_group("hms-fog")->spec.primary_server, "hms-weu");
}

TEST_F(SqlArmFailoverGroupFailover, ForcedFailoverLosesTheUnshippedCommitsAndMovesTheListener) {
  // t0..t3 at 120..121.5 s; at 122 s the region fails with t1, t2, t3 not yet arrived.
  commit_tables(4, 500ms);
  service_.set_region_reachability("westeurope", Reachability::kTimedOut);
  const auto planned = post("hms-neu", "/failoverGroups/hms-fog/failover");
  EXPECT_EQ(planned.status, 400);
  EXPECT_EQ(error_code(planned), "PlannedFailoverTimedOut");

  const TimePoint requested = scheduler_.now();
  const auto outcome = poll_to_completion(post("hms-neu", "/failoverGroups/hms-fog/forceFailoverAllowDataLoss"));
  EXPECT_EQ(outcome.status, "succeeded");
  EXPECT_EQ(outcome.finished_at, requested + 30s);
  EXPECT_EQ(ledger_.count_lost(), 3u);
  EXPECT_EQ(service_.dns().resolve("hms-fog.database.windows.net")->server, "hms-neu");
  EXPECT_EQ(body_json(outcome.last)["properties"]["replicationRole"], "Primary");
}

TEST_F(SqlArmFailoverGroupFailover, TryPlannedBeforeForcedPlansWhileThePrimaryIsUpAndForcesOnceItIsDown) {
  // The primary is up: planned, so the commits in flight arrive first and nothing is lost.
  commit_tables(3, 500ms);
  ASSERT_GT(ledger_.count_in_flight(), 0u);
  const auto planned = poll_to_completion(post("hms-neu", "/failoverGroups/hms-fog/tryPlannedBeforeForcedFailover"));
  EXPECT_EQ(planned.status, "succeeded");
  EXPECT_EQ(ledger_.count_lost(), 0u);
  EXPECT_EQ(geo_->failover_group("hms-fog")->spec.primary_server, "hms-neu");

  // hms-neu, now primary, takes a write and its region fails before it ships: forced, one lost.
  sql::MetastoreClient dr = make_metastore(sql::testing::kSecondaryUrl);
  ASSERT_TRUE(dr.create_table(table_named("written_in_dr")).ok());
  service_.set_region_reachability("northeurope", Reachability::kTimedOut);
  const auto forced = poll_to_completion(post("hms-weu", "/failoverGroups/hms-fog/tryPlannedBeforeForcedFailover"));
  EXPECT_EQ(forced.status, "succeeded");
  EXPECT_EQ(ledger_.count_lost(), 1u);
  EXPECT_EQ(geo_->failover_group("hms-fog")->spec.primary_server, "hms-weu");
}

TEST_F(SqlArmFailoverGroupFailover, TheGroupIsBusyWhileItFailsOver) {
  ASSERT_EQ(post("hms-neu", "/failoverGroups/hms-fog/failover").status, 202);
  EXPECT_EQ(error_code(post("hms-neu", "/failoverGroups/hms-fog/forceFailoverAllowDataLoss")), "FailoverGroupBusy");
  EXPECT_EQ(error_code(put_group("hms-weu", "hms-fog", manual_group_body())), "FailoverGroupBusy");
  EXPECT_EQ(error_code(arm(http::Method::kDelete, testing::sql_path("hms-weu", "/failoverGroups/hms-fog"))), "FailoverGroupBusy");
}

TEST_F(SqlArmFailoverGroupFailover, AutomaticPolicySetOverArmFailsOverByItselfAfterTheGracePeriod) {
  const auto patch = arm(http::Method::kPatch, testing::sql_path("hms-weu", "/failoverGroups/hms-fog"),
                         R"({"properties":{"readWriteEndpoint":{"failoverPolicy":"Automatic","failoverWithDataLossGracePeriodMinutes":60}}})");
  ASSERT_EQ(patch.status, 200);
  const TimePoint outage = scheduler_.now();
  service_.set_region_reachability("westeurope", Reachability::kTimedOut);
  ASSERT_TRUE(scheduler_.run_until(outage + 60min - 1s).ok());
  EXPECT_EQ(get_json("hms-neu", "/failoverGroups/hms-fog")["properties"]["replicationRole"], "Secondary");
  ASSERT_TRUE(scheduler_.run_until(outage + 60min + 30s).ok());
  EXPECT_EQ(get_json("hms-neu", "/failoverGroups/hms-fog")["properties"]["replicationRole"], "Primary");
}

}  // namespace
}  // namespace drdrill::sql_arm
