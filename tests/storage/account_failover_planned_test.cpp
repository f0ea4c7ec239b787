// Planned account failover in simulated time: the primary turns read-only, replication drains,
// the regions swap after the modelled time, nothing is lost and the account stays RA-GRS.
//
// The arithmetic: replication lag is a constant 1 h (so every write is still in flight when the
// failover switches); a container at t=0 and blob b-i (i = 1..20) at t = 10*i s; the failover
// starts at t=300 and takes a constant 30 min, of which the last 60 s are the switch: replication
// drains at 300 + 1800 - 60 = 2040 s and the account serves from westus at 2100 s.

#include "storage/account_failover.h"

#include <gtest/gtest.h>

#include "failover_test_support.h"

namespace drdrill::storage {
namespace {

using testing::blob_name;
using testing::FailoverWorld;

constexpr double kStartAt_s = 300;
constexpr double kSwitchAt_s = 300 + 30 * 60 - 60;
constexpr double kDoneAt_s = 300 + 30 * 60;

class PlannedFailover : public ::testing::Test {
 protected:
  PlannedFailover() {
    EXPECT_EQ(world.create_container("data").status, 201);
    for (int i = 1; i <= 20; ++i) {
      world.run_until_s(10.0 * i);
      EXPECT_EQ(world.put_blob("data", blob_name(i), "payload " + std::to_string(i)).status, 201);
    }
    world.run_until_s(kStartAt_s);
  }

  FailoverStarted start() {
    auto started = world.failovers().start(world.account(), FailoverType::kPlanned);
    EXPECT_TRUE(std::holds_alternative<FailoverStarted>(started));
    return std::get<FailoverStarted>(started);
  }

  FailoverWorld world{1h};
};

TEST_F(PlannedFailover, LosesNothingBecauseReplicationDrainsBeforeTheSwitch) {
  EXPECT_EQ(world.geo().in_flight(), 21u);
  const FailoverStarted started = start();
  EXPECT_EQ(started.writes_lost, 0u);
  EXPECT_EQ(started.completes_at, kDefaultEpoch + from_seconds(kDoneAt_s));
  world.run_until_s(kDoneAt_s);
  EXPECT_EQ(world.geo().in_flight(), 0u);
  for (const ReplicationRecord& record : world.geo().ledger()) {
    EXPECT_FALSE(record.lost) << record.target;
    EXPECT_EQ(record.arrived, kDefaultEpoch + from_seconds(kSwitchAt_s)) << record.target;
  }
  for (int i = 1; i <= 20; ++i) {
    const auto response = world.get_blob("data", blob_name(i));
    EXPECT_EQ(response.status, 200) << i;
    EXPECT_EQ(response.body, "payload " + std::to_string(i));
  }
}

TEST_F(PlannedFailover, ThePrimaryIsReadOnlyUntilTheSwitch) {
  start();
  for (double t : {kStartAt_s, kStartAt_s + 600, kSwitchAt_s - 1}) {
    world.run_until_s(t);
    const auto write = world.put_blob("data", "late", "x");
    EXPECT_EQ(write.status, 403) << t;
    EXPECT_EQ(world.error_code(write), "InsufficientAccountPermissions") << t;
    EXPECT_NE(write.body.find("Write operations are not allowed."), std::string::npos);
    EXPECT_EQ(world.send(http::Method::kDelete, "/devstoreaccount1/data/" + blob_name(1)).status, 403) << t;
    EXPECT_EQ(world.get_blob("data", blob_name(1)).status, 200) << t;
  }
  EXPECT_EQ(world.account().primary().find_blob("data", "late"), nullptr);
}

TEST_F(PlannedFailover, BothEndpointsAreUnavailableDuringTheSwitchOnly) {
  start();
  world.run_until_s(kSwitchAt_s - 1);
  EXPECT_EQ(world.get_blob("data", blob_name(1)).status, 200);
  world.run_until_s(kSwitchAt_s);
  EXPECT_EQ(world.get_blob("data", blob_name(1)).status, 503);
  EXPECT_EQ(world.get_blob("data", blob_name(1), true).status, 503);
  world.run_until_s(kDoneAt_s - 1);
  EXPECT_EQ(world.get_blob("data", blob_name(1)).status, 503);
  world.run_until_s(kDoneAt_s);
  EXPECT_EQ(world.get_blob("data", blob_name(1)).status, 200);
  EXPECT_EQ(world.get_blob("data", blob_name(1), true).status, 200);
}

TEST_F(PlannedFailover, SwapsTheRegionsAndStaysRaGrs) {
  start();
  world.run_until_s(kDoneAt_s);
  const Account& account = world.account();
  EXPECT_EQ(account.redundancy(), Redundancy::kRaGrs);
  EXPECT_EQ(account.config().primary_location, "westus");
  EXPECT_EQ(account.config().secondary_location, "eastus");
  EXPECT_EQ(account.home_location(), "eastus");
  EXPECT_FALSE(account.failover().in_progress);
  EXPECT_FALSE(account.failover().primary_read_only);
  EXPECT_EQ(account.failover().last_geo_failover_time, kDefaultEpoch + from_seconds(kDoneAt_s));
}

TEST_F(PlannedFailover, AfterwardsWritesReplicateToTheNewSecondary) {
  start();
  world.run_until_s(kDoneAt_s);
  ASSERT_EQ(world.put_blob("data", "after", "x").status, 201);
  EXPECT_EQ(world.get_blob("data", "after", true).status, 404);  // one hour of lag
  world.run_for(1h);
  EXPECT_EQ(world.get_blob("data", "after", true).status, 200);
  EXPECT_EQ(world.geo().ledger().back().target, "data/after");
  EXPECT_EQ(world.geo().ledger().back().arrived, kDefaultEpoch + from_seconds(kDoneAt_s) + 1h);
}

TEST_F(PlannedFailover, AServiceOutageOfThePrimaryRegionAfterTheSwapNoLongerMatters) {
  start();
  world.run_until_s(kDoneAt_s);
  world.state().outages().set("eastus", OutageMode::kServerBusy);
  EXPECT_EQ(world.get_blob("data", blob_name(1)).status, 200);
  EXPECT_EQ(world.get_blob("data", blob_name(1), true).status, 503);  // eastus is the secondary now
}

}  // namespace
}  // namespace drdrill::storage
