// Turning geo-redundancy back on re-seeds the secondary: Bootstrap with no Last Sync Time for
// data size / rate, writes held back meanwhile, then Live with the seed and every held write.
//
// The arithmetic: an LRS account holds 10 blobs of 1,000 bytes (10,000 content bytes); the reseed
// rate is a constant 100 bytes/s, so a change to RA-GRS at t=1000 s completes at 1100 s. Lag is a
// constant 2 min.

#include "storage/account_failover.h"

#include <gtest/gtest.h>

#include "failover_test_support.h"

namespace drdrill::storage {
namespace {

using testing::blob_name;
using testing::FailoverWorld;

class Reseed : public ::testing::Test {
 protected:
  Reseed() {
    EXPECT_EQ(world.create_container("data").status, 201);
    for (int i = 1; i <= 10; ++i) EXPECT_EQ(world.put_blob("data", blob_name(i), std::string(1000, 'x')).status, 201);
    world.run_until_s(1000);
  }

  RedundancyChanged change(Redundancy r) {
    auto changed = world.failovers().change_redundancy(world.account(), r);
    EXPECT_TRUE(std::holds_alternative<RedundancyChanged>(changed));
    return std::get<RedundancyChanged>(changed);
  }

  FailoverWorld world{2min, testing::fixed_failover_config(), Redundancy::kLrs};
};

TEST_F(Reseed, LastsDataSizeOverRateInBootstrap) {
  EXPECT_EQ(world.account().primary().content_bytes(), 10000u);
  const RedundancyChanged changed = change(Redundancy::kRaGrs);
  EXPECT_EQ(changed.reseed_completes_at, kDefaultEpoch + 1100s);
  EXPECT_TRUE(world.failovers().reseeding(world.account()));

  for (double t : {1000.0, 1050.0, 1099.0}) {
    world.run_until_s(t);
    const GeoReplicationStats stats = world.account().geo_replication_stats(world.now());
    EXPECT_EQ(stats.status, GeoReplicationStatus::kBootstrap) << t;
    EXPECT_FALSE(stats.last_sync_time.has_value()) << t;
    // The secondary endpoint exists (RA-GRS) but holds nothing yet.
    EXPECT_EQ(world.get_blob("data", blob_name(1), true).status, 404) << t;
  }
  const auto stats_xml = world.send(http::Method::kGet, "/devstoreaccount1-secondary/?restype=service&comp=stats");
  EXPECT_NE(stats_xml.body.find("<Status>bootstrap</Status><LastSyncTime />"), std::string::npos);

  world.run_until_s(1100);
  const GeoReplicationStats stats = world.account().geo_replication_stats(world.now());
  EXPECT_EQ(stats.status, GeoReplicationStatus::kLive);
  EXPECT_EQ(stats.last_sync_time, kDefaultEpoch + 1100s);
  EXPECT_FALSE(world.failovers().reseeding(world.account()));
  for (int i = 1; i <= 10; ++i) EXPECT_EQ(world.get_blob("data", blob_name(i), true).status, 200) << i;
}

TEST_F(Reseed, WritesDuringBootstrapAreHeldUntilTheSeedIsInPlace) {
  change(Redundancy::kRaGrs);
  world.run_until_s(1010);
  ASSERT_EQ(world.put_blob("data", "during", "new").status, 201);     // due at 1130: after the seed
  ASSERT_EQ(world.put_blob("data", blob_name(1), "changed").status, 201);
  world.run_until_s(1099);
  EXPECT_EQ(world.get_blob("data", "during", true).status, 404);
  EXPECT_EQ(world.account().geo_replication_stats(world.now()).last_sync_time, std::nullopt);
  world.run_until_s(1100);
  // The seed is the data as of the change: the old b-001, no "during".
  EXPECT_EQ(world.get_blob("data", blob_name(1), true).body, std::string(1000, 'x'));
  EXPECT_EQ(world.get_blob("data", "during", true).status, 404);
  EXPECT_EQ(world.account().geo_replication_stats(world.now()).last_sync_time, kDefaultEpoch + 1010s);
  world.run_until_s(1130);
  EXPECT_EQ(world.get_blob("data", "during", true).body, "new");
  EXPECT_EQ(world.get_blob("data", blob_name(1), true).body, "changed");
  EXPECT_EQ(world.geo().refused_arrivals(), 0u);
  EXPECT_EQ(world.geo().ledger().back().arrived, kDefaultEpoch + 1130s);
}

TEST_F(Reseed, AWriteWhoseLagEndsInsideTheReseedArrivesWhenItEnds) {
  change(Redundancy::kRaGrs);
  world.run_until_s(1000);
  ASSERT_EQ(world.put_blob("data", "early", "e").status, 201);  // due at 1120 anyway
  world.run_until_s(1100);
  EXPECT_EQ(world.get_blob("data", "early", true).status, 404);
  world.run_until_s(1120);
  EXPECT_EQ(world.get_blob("data", "early", true).status, 200);

  FailoverWorld fast(30s, testing::fixed_failover_config(), Redundancy::kLrs);
  ASSERT_EQ(fast.create_container("data").status, 201);
  ASSERT_EQ(fast.put_blob("data", "a", std::string(5000, 'a')).status, 201);  // reseed 50 s
  fast.failovers().change_redundancy(fast.account(), Redundancy::kRaGrs);
  ASSERT_EQ(fast.put_blob("data", "b", "b").status, 201);  // lag 30 s, held to 50 s
  fast.run_for(50s);
  EXPECT_EQ(fast.geo().ledger().back().arrived, kDefaultEpoch + 50s);
  EXPECT_EQ(fast.get_blob("data", "b", true).status, 200);
}

TEST_F(Reseed, FailoverIsRefusedUntilTheInitialSyncCompletes) {
  change(Redundancy::kRaGrs);
  EXPECT_EQ(world.failovers().check(world.account(), FailoverType::kUnplanned), FailoverRefusal::kLastSyncTimeUnavailable);
  EXPECT_EQ(world.failovers().check(world.account(), FailoverType::kPlanned), FailoverRefusal::kLastSyncTimeUnavailable);
  world.run_until_s(1100);
  EXPECT_EQ(world.failovers().check(world.account(), FailoverType::kUnplanned), std::nullopt);
}

TEST_F(Reseed, SwitchingGeoRedundancyOffDuringAReseedIsRefused) {
  change(Redundancy::kRaGrs);
  const auto refused = world.failovers().change_redundancy(world.account(), Redundancy::kLrs);
  ASSERT_TRUE(std::holds_alternative<FailoverRefusal>(refused));
  EXPECT_EQ(std::get<FailoverRefusal>(refused), FailoverRefusal::kInProgress);
  // Between geo SKUs is fine (read access off and on), without a new reseed.
  const auto toggled = world.failovers().change_redundancy(world.account(), Redundancy::kGrs);
  ASSERT_TRUE(std::holds_alternative<RedundancyChanged>(toggled));
  EXPECT_FALSE(std::get<RedundancyChanged>(toggled).reseed_completes_at.has_value());
}

TEST_F(Reseed, SwitchingGeoRedundancyOffDeliversWhatIsInFlightAndDropsTheSecondary) {
  change(Redundancy::kRaGrs);
  world.run_until_s(1200);
  ASSERT_EQ(world.put_blob("data", "late", "l").status, 201);
  ASSERT_EQ(world.geo().in_flight(), 1u);
  ASSERT_TRUE(std::holds_alternative<RedundancyChanged>(world.failovers().change_redundancy(world.account(), Redundancy::kLrs)));
  EXPECT_EQ(world.geo().in_flight(), 0u);
  EXPECT_FALSE(world.geo().ledger().back().lost);  // the primary has it: nothing was lost
  EXPECT_EQ(world.account().secondary().blob_count(), 0u);
  EXPECT_EQ(world.get_blob("data", "late", true).status, 404);
  EXPECT_EQ(world.error_code(world.get_blob("data", "late", true)), "ResourceNotFound");
}

TEST_F(Reseed, AfterAnUnplannedFailoverReEnablingRaGrsReseedsFromTheNewPrimary) {
  FailoverWorld geo;
  ASSERT_EQ(geo.create_container("data").status, 201);
  ASSERT_EQ(geo.put_blob("data", "a", std::string(2000, 'a')).status, 201);
  geo.run_for(10min);
  ASSERT_TRUE(std::holds_alternative<FailoverStarted>(geo.failovers().start(geo.account(), FailoverType::kUnplanned)));
  geo.run_for(40min);
  ASSERT_EQ(geo.account().redundancy(), Redundancy::kLrs);
  const auto changed = std::get<RedundancyChanged>(geo.failovers().change_redundancy(geo.account(), Redundancy::kRaGrs));
  EXPECT_EQ(changed.reseed_completes_at, geo.now() + 20s);  // 2,000 bytes at 100 bytes/s
  EXPECT_EQ(geo.account().config().secondary_location, "eastus");  // the old primary is the pair
  geo.run_for(20s);
  EXPECT_EQ(geo.get_blob("data", "a", true).status, 200);
  EXPECT_EQ(geo.failovers().check(geo.account(), FailoverType::kPlanned), std::nullopt);
}

}  // namespace
}  // namespace drdrill::storage
