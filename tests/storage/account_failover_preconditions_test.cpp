// When AccountFailovers refuses a failover: no geo-redundancy, one already running, Last Sync Time
// unavailable, or (planned only) the primary region down.

#include "storage/account_failover.h"

#include <gtest/gtest.h>

#include "failover_test_support.h"

namespace drdrill::storage {
namespace {

using testing::FailoverWorld;

std::optional<FailoverRefusal> refusal(FailoverWorld& world, FailoverType type) {
  const auto started = world.failovers().start(world.account(), type);
  if (const auto* r = std::get_if<FailoverRefusal>(&started)) return *r;
  return std::nullopt;
}

TEST(FailoverPreconditions, AnLrsOrZrsAccountCannotFailOver) {
  for (Redundancy r : {Redundancy::kLrs, Redundancy::kZrs}) {
    FailoverWorld world(2min, testing::fixed_failover_config(), r);
    EXPECT_EQ(refusal(world, FailoverType::kUnplanned), FailoverRefusal::kNotGeoRedundant);
    EXPECT_EQ(refusal(world, FailoverType::kPlanned), FailoverRefusal::kNotGeoRedundant);
  }
}

TEST(FailoverPreconditions, EveryGeoRedundantSkuCanFailOver) {
  for (Redundancy r : {Redundancy::kGrs, Redundancy::kRaGrs, Redundancy::kGzrs, Redundancy::kRaGzrs}) {
    FailoverWorld world(2min, testing::fixed_failover_config(), r);
    EXPECT_EQ(world.failovers().check(world.account(), FailoverType::kUnplanned), std::nullopt);
    EXPECT_EQ(world.failovers().check(world.account(), FailoverType::kPlanned), std::nullopt);
  }
}

TEST(FailoverPreconditions, ASecondFailoverIsRefusedWhileOneRuns) {
  FailoverWorld world;
  ASSERT_EQ(refusal(world, FailoverType::kPlanned), std::nullopt);
  EXPECT_EQ(refusal(world, FailoverType::kPlanned), FailoverRefusal::kInProgress);
  EXPECT_EQ(refusal(world, FailoverType::kUnplanned), FailoverRefusal::kInProgress);
  world.run_for(30min);
  EXPECT_EQ(refusal(world, FailoverType::kPlanned), std::nullopt);  // failing back
}

TEST(FailoverPreconditions, LastSyncTimeUnavailableWhileTheSecondaryRegionIsDown) {
  FailoverWorld world;
  world.state().outages().set("westus", OutageMode::kServerBusy);
  EXPECT_EQ(refusal(world, FailoverType::kUnplanned), FailoverRefusal::kLastSyncTimeUnavailable);
  EXPECT_EQ(refusal(world, FailoverType::kPlanned), FailoverRefusal::kLastSyncTimeUnavailable);
  world.state().outages().set("westus", OutageMode::kNone);
  EXPECT_EQ(refusal(world, FailoverType::kUnplanned), std::nullopt);
}

TEST(FailoverPreconditions, LastSyncTimeUnavailableWhileTheSecondaryBootstraps) {
  FailoverWorld world;
  world.geo().set_status(GeoReplicationStatus::kBootstrap);
  EXPECT_EQ(refusal(world, FailoverType::kUnplanned), FailoverRefusal::kLastSyncTimeUnavailable);
}

TEST(FailoverPreconditions, PlannedNeedsThePrimaryRegionUnplannedDoesNot) {
  FailoverWorld world;
  world.state().outages().set("eastus", OutageMode::kRefuseConnections);
  EXPECT_EQ(refusal(world, FailoverType::kPlanned), FailoverRefusal::kPrimaryUnavailable);
  EXPECT_EQ(refusal(world, FailoverType::kUnplanned), std::nullopt);
}

TEST(FailoverPreconditions, ARefusalChangesNothing) {
  FailoverWorld world(2min, testing::fixed_failover_config(), Redundancy::kLrs);
  ASSERT_EQ(refusal(world, FailoverType::kUnplanned), FailoverRefusal::kNotGeoRedundant);
  EXPECT_FALSE(world.account().failover().in_progress);
  EXPECT_EQ(world.account().config().primary_location, "eastus");
  EXPECT_EQ(world.scheduler().pending(), 0u);
}

TEST(FailoverPreconditions, AnAccountStillOnImmediateReplicationGetsAGeoReplicationModel) {
  SimulatedScheduler scheduler;
  Random random(1);
  StorageState state(random);
  Account& account = *state.add_account(AccountConfig::devstoreaccount1()).value();
  AccountFailovers failovers(state, scheduler, random, testing::fixed_failover_config());
  ASSERT_EQ(dynamic_cast<GeoReplication*>(&account.replication_link()), nullptr);
  ASSERT_TRUE(std::holds_alternative<FailoverStarted>(failovers.start(account, FailoverType::kUnplanned)));
  EXPECT_NE(dynamic_cast<GeoReplication*>(&account.replication_link()), nullptr);
  ASSERT_TRUE(scheduler.run().ok());
  EXPECT_EQ(account.redundancy(), Redundancy::kLrs);
}

}  // namespace
}  // namespace drdrill::storage
