// Failover groups: listeners, policies, and what clients see through the listener names.
#include <gtest/gtest.h>

#include "geo_fixture.h"

namespace drdrill::sql {
namespace {

constexpr const char* kListenerUrl = "jdbc:sqlserver://hms-fog.database.windows.net:1433;database=hms";
constexpr const char* kReadOnlyListenerUrl = "jdbc:sqlserver://hms-fog.secondary.database.windows.net:1433;database=hms";

class FailoverGroup : public testing::GeoFixture {
 protected:
  FailoverGroup() {
    options_.lag_s = Distribution::constant(1);
    options_.forced_failover_s = Distribution::constant(30);
    options_.planned_failover_base_s = Distribution::constant(30);
  }

  void create_group(FailoverPolicy policy, Duration grace = 60min) {
    FailoverGroupSpec spec;
    spec.name = "hms-fog";
    spec.primary_server = "hms-weu";
    spec.secondary_server = "hms-neu";
    spec.databases = {"hms"};
    spec.policy = policy;
    spec.grace_period = grace;
    ASSERT_TRUE(geo_->create_failover_group(spec).ok());
  }
};

TEST_F(FailoverGroup, ListenersResolveToTheCurrentRoles) {
  create_group(FailoverPolicy::kManual);
  EXPECT_EQ(service_.dns().resolve("hms-fog.database.windows.net")->server, "hms-weu");
  EXPECT_EQ(service_.dns().resolve("hms-fog.secondary.database.windows.net")->server, "hms-neu");
  auto op = geo_->failover_group_failover("hms-fog");
  ASSERT_TRUE(op.ok()) << op.status().to_string();
  ASSERT_TRUE(run_until([&] { return geo_->operation(*op)->state == OperationState::kSucceeded; }));
  EXPECT_EQ(service_.dns().resolve("hms-fog.database.windows.net")->server, "hms-neu");
  EXPECT_EQ(service_.dns().resolve("hms-fog.secondary.database.windows.net")->server, "hms-weu");
  auto group = geo_->failover_group("hms-fog");
  EXPECT_EQ(group->spec.primary_server, "hms-neu");
  EXPECT_EQ(ledger_.count_lost(), 0u);
}

TEST_F(FailoverGroup, AFreshClientThroughTheListenerWritesAfterFailoverWithoutAUrlChange) {
  create_group(FailoverPolicy::kManual);
  SqlClient fresh_process(service_, scheduler_);
  auto op = geo_->failover_group_failover("hms-fog");
  ASSERT_TRUE(run_until([&] { return geo_->operation(*op)->state == OperationState::kSucceeded; }));
  auto hms = MetastoreClient::for_jdbc_url(fresh_process, kListenerUrl, "hive", "h1ve", scheduler_);
  EXPECT_TRUE(hms->create_table(table_named("after")).ok());
  auto ro = MetastoreClient::for_jdbc_url(fresh_process, kReadOnlyListenerUrl, "hive", "h1ve", scheduler_);
  EXPECT_EQ(ro->create_table(table_named("nope")).error().sql_number(), 3906);
}

TEST_F(FailoverGroup, ListenerCachingKeepsAClientOnTheOldPrimaryUntilTheTtlExpires) {
  create_group(FailoverPolicy::kManual);
  auto hms = MetastoreClient::for_jdbc_url(client_, kListenerUrl, "hive", "h1ve", scheduler_);
  auto op = geo_->failover_group_failover("hms-fog");
  ASSERT_TRUE(op.ok());
  // The client looks the listener up 10 s before the failover completes (its connect fails with
  // 40613, but the answer is cached: hms-weu, for 30 s).
  const TimePoint completes = geo_->operation(*op)->finishes_at;
  ASSERT_TRUE(scheduler_.run_until(completes - 10s).ok());
  EXPECT_EQ(hms->get_all_databases().error().sql_number(), 40613);
  ASSERT_TRUE(scheduler_.run_until(completes).ok());
  ASSERT_EQ(geo_->operation(*op)->state, OperationState::kSucceeded);

  // Until the cached answer expires the client reaches hms-weu, now the read-only secondary.
  ASSERT_TRUE(scheduler_.run_until(completes + 19s).ok());
  EXPECT_TRUE(hms->get_all_databases().ok());
  auto stale = hms->create_table(table_named("stale"));
  ASSERT_FALSE(stale.ok());
  EXPECT_EQ(stale.error().sql_number(), 3906);
  ASSERT_TRUE(scheduler_.run_until(completes + 20s).ok());
  EXPECT_TRUE(hms->create_table(table_named("fresh")).ok());
}

TEST_F(FailoverGroup, AutomaticPolicyFailsOverOnlyAfterTheGracePeriod) {
  create_group(FailoverPolicy::kAutomatic, 60min);
  ASSERT_TRUE(primary_hms_->create_table(table_named("just_before")).ok());
  const TimePoint outage = scheduler_.now();
  service_.set_region_reachability("westeurope", Reachability::kTimedOut);
  EXPECT_EQ(geo_->failover_group("hms-fog")->automatic_failover_at, outage + 60min);

  ASSERT_TRUE(scheduler_.run_until(outage + 60min - 1s).ok());
  EXPECT_EQ(geo_->failover_group("hms-fog")->spec.primary_server, "hms-weu");
  EXPECT_EQ(service_.dns().resolve("hms-fog.database.windows.net")->server, "hms-weu");
  ASSERT_TRUE(scheduler_.run_until(outage + 60min + 30s).ok());
  EXPECT_EQ(geo_->failover_group("hms-fog")->spec.primary_server, "hms-neu");
  EXPECT_EQ(service_.dns().resolve("hms-fog.database.windows.net")->server, "hms-neu");
  // Microsoft-managed failover is forced: the commit that had not shipped is lost.
  EXPECT_EQ(ledger_.count_lost(), 1u);
}

TEST_F(FailoverGroup, AutomaticPolicyStandsDownWhenTheRegionReturnsWithinTheGracePeriod) {
  create_group(FailoverPolicy::kAutomatic, 90min);
  service_.set_region_reachability("westeurope", Reachability::kTimedOut);
  ASSERT_TRUE(scheduler_.run_for(89min).ok());
  service_.set_region_reachability("westeurope", Reachability::kReachable);
  EXPECT_FALSE(geo_->failover_group("hms-fog")->automatic_failover_at.has_value());
  ASSERT_TRUE(scheduler_.run_for(4h).ok());
  EXPECT_EQ(geo_->failover_group("hms-fog")->spec.primary_server, "hms-weu");
}

TEST_F(FailoverGroup, OneServerDownIsNotTheWideOutageAutomaticPolicyWaitsFor) {
  create_group(FailoverPolicy::kAutomatic);
  service_.set_server_reachability("hms-weu", Reachability::kRefused);
  ASSERT_TRUE(scheduler_.run_for(6h).ok());
  EXPECT_EQ(geo_->failover_group("hms-fog")->spec.primary_server, "hms-weu");
}

TEST_F(FailoverGroup, ManualPolicyNeverFailsOverByItself) {
  create_group(FailoverPolicy::kManual);
  service_.set_region_reachability("westeurope", Reachability::kTimedOut);
  ASSERT_TRUE(scheduler_.run_for(24h).ok());
  EXPECT_EQ(geo_->failover_group("hms-fog")->spec.primary_server, "hms-weu");
}

TEST_F(FailoverGroup, AutomaticPolicyNeedsAGracePeriodOfAtLeastAnHour) {
  FailoverGroupSpec spec{"hms-fog", "hms-weu", "hms-neu", {"hms"}, FailoverPolicy::kAutomatic, 59min, false};
  Status s = geo_->create_failover_group(spec);
  EXPECT_TRUE(s.is_invalid_argument());
  EXPECT_NE(s.message().find("at least 60"), std::string::npos);
}

TEST_F(FailoverGroup, ADatabaseInAGroupCannotFailOverOnItsOwn) {
  create_group(FailoverPolicy::kManual);
  EXPECT_EQ(geo_->failover(link_id_).status().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(geo_->link(link_id_)->failover_group, "hms-fog");
}

TEST_F(FailoverGroup, TryPlannedBeforeForcedPlansWhenItCanAndForcesWhenItMust) {
  create_group(FailoverPolicy::kManual);
  auto planned = geo_->failover_group_try_planned_before_forced("hms-fog");
  ASSERT_TRUE(planned.ok());
  EXPECT_EQ(geo_->operation(*planned)->kind, FailoverKind::kPlanned);
  ASSERT_TRUE(run_until([&] { return geo_->operation(*planned)->state == OperationState::kSucceeded; }));

  service_.set_region_reachability("northeurope", Reachability::kTimedOut);  // the new primary's region
  auto forced = geo_->failover_group_try_planned_before_forced("hms-fog");
  ASSERT_TRUE(forced.ok()) << forced.status().to_string();
  EXPECT_EQ(geo_->operation(*forced)->kind, FailoverKind::kForced);
}

TEST_F(FailoverGroup, GroupNamesShareTheDnsNamespaceWithServers) {
  FailoverGroupSpec spec{"hms-neu", "hms-weu", "hms-neu", {"hms"}, FailoverPolicy::kManual, 60min, false};
  EXPECT_EQ(geo_->create_failover_group(spec).code(), StatusCode::kAlreadyExists);
}

TEST_F(FailoverGroup, DeletingAGroupKeepsReplicationAndRemovesTheListeners) {
  create_group(FailoverPolicy::kManual);
  ASSERT_TRUE(geo_->delete_failover_group("hms-fog").ok());
  EXPECT_TRUE(service_.dns().resolve("hms-fog.database.windows.net").status().is_not_found());
  EXPECT_EQ(geo_->link(link_id_)->failover_group, "");
  EXPECT_TRUE(geo_->failover(link_id_).ok());
}

}  // namespace
}  // namespace drdrill::sql
