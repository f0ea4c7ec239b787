// Unplanned (customer-managed) account failover in simulated time: exactly the writes still in
// flight are lost and recorded in the ledger, both endpoints are unavailable for the modelled time,
// then the old secondary region serves as an LRS primary and the secondary endpoint is gone.
//
// The arithmetic every test here relies on: replication lag is a constant 120 s; a container is
// created at t=0 and blob b-i (i = 1..60) is written at t = 10*i s; the failover starts at t=605.
// Writes acknowledged at or before 485 s have arrived by then (b-1..b-48); b-49..b-60 (acknowledged
// 490..600 s) are in flight, so Last Sync Time is 490 s and exactly those 12 are lost. The failover
// takes a constant 40 min, so the account serves again at 605 + 2400 = 3005 s.

#include "storage/account_failover.h"

#include <gtest/gtest.h>

#include "failover_test_support.h"

namespace drdrill::storage {
namespace {

using testing::blob_name;
using testing::FailoverWorld;

constexpr double kFailoverAt_s = 605;
constexpr double kServesAgainAt_s = 605 + 40 * 60;

class UnplannedFailover : public ::testing::Test {
 protected:
  UnplannedFailover() {
    EXPECT_EQ(world.create_container("data").status, 201);
    for (int i = 1; i <= 60; ++i) {
      world.run_until_s(10.0 * i);
      EXPECT_EQ(world.put_blob("data", blob_name(i), "payload " + std::to_string(i)).status, 201);
    }
    world.run_until_s(kFailoverAt_s);
  }

  FailoverStarted start(std::function<void()> on_complete = {}) {
    auto started = world.failovers().start(world.account(), FailoverType::kUnplanned, std::move(on_complete));
    EXPECT_TRUE(std::holds_alternative<FailoverStarted>(started));
    return std::get<FailoverStarted>(started);
  }

  FailoverWorld world;
};

TEST_F(UnplannedFailover, LosesExactlyTheWritesAcknowledgedAfterLastSyncTime) {
  const TimePoint last_sync = *world.account().geo_replication_stats(world.now()).last_sync_time;
  EXPECT_EQ(last_sync, kDefaultEpoch + 490s);

  const FailoverStarted started = start();
  EXPECT_EQ(started.writes_lost, 12u);
  EXPECT_EQ(started.completes_at, kDefaultEpoch + from_seconds(kServesAgainAt_s));

  // Ledger: the container and b-1..b-48 arrived 120 s after acknowledgement; b-49..b-60 are lost.
  const auto& ledger = world.geo().ledger();
  ASSERT_EQ(ledger.size(), 61u);
  EXPECT_EQ(ledger[0].target, "data");
  EXPECT_EQ(ledger[0].arrived, kDefaultEpoch + 120s);
  for (int i = 1; i <= 60; ++i) {
    const ReplicationRecord& record = ledger[static_cast<std::size_t>(i)];
    EXPECT_EQ(record.target, "data/" + blob_name(i));
    EXPECT_EQ(record.acknowledged, kDefaultEpoch + std::chrono::seconds(10 * i));
    if (i <= 48) {
      EXPECT_FALSE(record.lost) << i;
      EXPECT_EQ(record.arrived, record.acknowledged + 120s) << i;
    } else {
      EXPECT_TRUE(record.lost) << i;
      EXPECT_FALSE(record.arrived.has_value()) << i;
      EXPECT_GE(record.acknowledged, last_sync) << i;
    }
  }

  // And the data: after the failover the new primary has b-1..b-48 and nothing of b-49..b-60.
  world.run_until_s(kServesAgainAt_s);
  EXPECT_EQ(world.account().primary().blob_count(), 48u);
  for (int i = 1; i <= 60; ++i) {
    const auto response = world.get_blob("data", blob_name(i));
    if (i <= 48) {
      EXPECT_EQ(response.status, 200) << i;
      EXPECT_EQ(response.body, "payload " + std::to_string(i));
    } else {
      EXPECT_EQ(response.status, 404) << i;
      EXPECT_EQ(world.error_code(response), "BlobNotFound") << i;
    }
  }
}

TEST_F(UnplannedFailover, BothEndpointsAnswer503ForTheWholeModelledDuration) {
  start();
  for (double t : {kFailoverAt_s, kFailoverAt_s + 60, kServesAgainAt_s - 1}) {
    world.run_until_s(t);
    const auto primary = world.get_blob("data", blob_name(1));
    EXPECT_EQ(primary.status, 503) << t;
    EXPECT_EQ(world.error_code(primary), "ServerBusy") << t;
    EXPECT_EQ(world.get_blob("data", blob_name(1), true).status, 503) << t;
    EXPECT_EQ(world.put_blob("data", "new", "x").status, 503) << t;
  }
  world.run_until_s(kServesAgainAt_s);
  EXPECT_EQ(world.get_blob("data", blob_name(1)).status, 200);
}

TEST_F(UnplannedFailover, ATransportSeesTheConfiguredOutageModeMeanwhile) {
  auto config = testing::fixed_failover_config();
  config.unavailable_mode = OutageMode::kRefuseConnections;
  FailoverWorld refusing(2min, config);
  ASSERT_EQ(refusing.create_container("data").status, 201);
  refusing.run_for(1h);
  ASSERT_TRUE(std::holds_alternative<FailoverStarted>(
      refusing.failovers().start(refusing.account(), FailoverType::kUnplanned)));
  http::Request request;
  request.target = "/devstoreaccount1/data";
  request.headers.add("Host", "127.0.0.1:10000");
  EXPECT_EQ(refusing.blob().outage_mode(request), OutageMode::kRefuseConnections);
  request.target = "/devstoreaccount1-secondary/data";
  EXPECT_EQ(refusing.blob().outage_mode(request), OutageMode::kRefuseConnections);
  refusing.run_for(40min);
  EXPECT_EQ(refusing.blob().outage_mode(request), OutageMode::kNone);
}

TEST_F(UnplannedFailover, LeavesAnLrsAccountServedFromTheOldSecondaryRegion) {
  bool completed = false;
  TimePoint completed_at{};
  start([&] {
    completed = true;
    completed_at = world.now();
  });
  EXPECT_TRUE(world.account().failover().in_progress);
  world.run_until_s(kServesAgainAt_s - 1);
  EXPECT_FALSE(completed);
  world.run_until_s(kServesAgainAt_s);
  EXPECT_TRUE(completed);
  EXPECT_EQ(completed_at, kDefaultEpoch + from_seconds(kServesAgainAt_s));

  const Account& account = world.account();
  EXPECT_EQ(account.redundancy(), Redundancy::kLrs);
  EXPECT_EQ(account.config().primary_location, "westus");
  EXPECT_EQ(account.home_location(), "eastus");
  EXPECT_FALSE(account.failover().in_progress);
  EXPECT_EQ(account.failover().last_geo_failover_time, kDefaultEpoch + from_seconds(kServesAgainAt_s));
}

TEST_F(UnplannedFailover, TheSecondaryEndpointThenAnswersAsForAnLrsAccount) {
  start();
  world.run_until_s(kServesAgainAt_s);
  const auto secondary = world.get_blob("data", blob_name(1), true);
  EXPECT_EQ(secondary.status, 404);
  EXPECT_EQ(world.error_code(secondary), "ResourceNotFound");
  const auto stats = world.send(http::Method::kGet, "/devstoreaccount1-secondary/?restype=service&comp=stats");
  EXPECT_EQ(stats.status, 404);
}

TEST_F(UnplannedFailover, NewWritesLandOnTheNewPrimaryAndAreNoLongerReplicated) {
  start();
  world.run_until_s(kServesAgainAt_s);
  EXPECT_EQ(world.put_blob("data", "after", "x").status, 201);
  EXPECT_EQ(world.get_blob("data", "after").status, 200);
  EXPECT_EQ(world.geo().ledger().size(), 61u);
  EXPECT_EQ(world.geo().in_flight(), 0u);
}

TEST_F(UnplannedFailover, RestoresServiceWhileTheOldPrimaryRegionStaysDown) {
  world.state().outages().set("eastus", OutageMode::kServerBusy);
  EXPECT_EQ(world.get_blob("data", blob_name(1)).status, 503);
  start();
  world.run_until_s(kServesAgainAt_s);
  EXPECT_EQ(world.get_blob("data", blob_name(1)).status, 200);
  EXPECT_EQ(world.put_blob("data", "after", "x").status, 201);
}

TEST_F(UnplannedFailover, SameSeedSameDurationFromTheDefaultDistribution) {
  auto draw = [] {
    FailoverConfig config;  // Triangular(15, 40, 60) min
    FailoverWorld w(2min, config);
    w.run_for(1min);
    const auto started = std::get<FailoverStarted>(w.failovers().start(w.account(), FailoverType::kUnplanned));
    return started.completes_at - w.now();
  };
  const Duration first = draw();
  EXPECT_EQ(first, draw());
  EXPECT_GE(first, 15min);
  EXPECT_LE(first, 60min);
}

}  // namespace
}  // namespace drdrill::storage
