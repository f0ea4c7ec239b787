// Geo-replication in simulated time: lag, Last Sync Time, arrival order, stalls and spikes, the
// write ledger, and the secondary endpoint serving what has arrived.

#include "storage/geo_replication.h"

#include <gtest/gtest.h>

#include "blob_test_support.h"
#include "core/simulated_scheduler.h"

namespace drdrill::storage {
namespace {

using http::Method;

Blob blob_of(std::string bytes, std::uint64_t etag = 1) {
  Blob b;
  b.content = BlobContent(bytes, std::nullopt);
  b.properties = std::make_shared<const BlobProperties>();
  b.etag = etag;
  return b;
}

// An account whose writes go through a GeoReplication on a simulated scheduler.
class GeoReplicationWorld : public ::testing::Test {
 protected:
  void attach(Distribution lag_s, std::uint64_t seed = 7) {
    Random random(seed);
    auto link = std::make_unique<GeoReplication>(scheduler, random.stream("storage.devstoreaccount1.lag"),
                                                 account->secondary_for_replication(),
                                                 GeoReplicationConfig{lag_s});
    geo = link.get();
    account->set_replication_link(std::move(link));
  }
  void write(Mutation m) { account->acknowledge(std::move(m), scheduler.now()); }
  void advance(Duration d) { ASSERT_TRUE(scheduler.run_for(d).ok()); }

  SimulatedScheduler scheduler;
  std::unique_ptr<Account> account = Account::create(AccountConfig::devstoreaccount1()).value();
  GeoReplication* geo = nullptr;
};

TEST_F(GeoReplicationWorld, WritesArriveAfterTheLagAndLastSyncTimeTrailsTheOldestInFlight) {
  attach(Distribution::constant(60));
  write(PutContainer{"data", {}});           // t=0, arrives t=60
  advance(10s);
  write(PutBlob{"data", "a", blob_of("a")});  // t=10, arrives t=70
  advance(10s);
  write(PutBlob{"data", "b", blob_of("b")});  // t=20, arrives t=80
  EXPECT_EQ(geo->last_sync_time(scheduler.now()), kDefaultEpoch);
  advance(45s);  // t=65
  EXPECT_NE(account->secondary().find_container("data"), nullptr);
  EXPECT_EQ(account->secondary().find_blob("data", "a"), nullptr);
  EXPECT_EQ(geo->last_sync_time(scheduler.now()), kDefaultEpoch + 10s);
  advance(10s);  // t=75
  EXPECT_NE(account->secondary().find_blob("data", "a"), nullptr);
  EXPECT_EQ(geo->last_sync_time(scheduler.now()), kDefaultEpoch + 20s);
  advance(10s);  // t=85: nothing in flight, so everything before now is there
  EXPECT_EQ(geo->in_flight(), 0u);
  EXPECT_EQ(geo->last_sync_time(scheduler.now()), kDefaultEpoch + 85s);
  EXPECT_EQ(geo->stats(scheduler.now()).last_sync_time, kDefaultEpoch + 85s);
}

TEST_F(GeoReplicationWorld, ArrivalOrderAcrossBlobsIsNotGuaranteed) {
  attach(Distribution::uniform(1, 600), 11);
  write(PutContainer{"data", {}});
  advance(1h);
  // Many writes to different blobs, one second apart: with lags spread over ten minutes, some later
  // write must land before an earlier one.
  for (int i = 0; i < 50; ++i) {
    write(PutBlob{"data", "part-" + std::to_string(100 + i), blob_of("x")});
    advance(1s);
  }
  advance(1h);
  const auto& ledger = geo->ledger();
  bool overtaken = false;
  for (std::size_t i = 2; i < ledger.size(); ++i) {
    ASSERT_TRUE(ledger[i].arrived.has_value());
    if (*ledger[i].arrived < *ledger[i - 1].arrived) overtaken = true;
  }
  EXPECT_TRUE(overtaken);
  EXPECT_EQ(account->secondary().blob_count(), 50u);
}

TEST_F(GeoReplicationWorld, WritesToOneBlobArriveInOrderSoTheSecondaryEndsWithTheLatest) {
  attach(Distribution::uniform(1, 600), 3);
  write(PutContainer{"data", {}});
  for (int i = 0; i < 30; ++i) {
    write(PutBlob{"data", "same", blob_of("v" + std::to_string(i), static_cast<std::uint64_t>(i + 1))});
    advance(2s);
  }
  advance(1h);
  const auto& ledger = geo->ledger();
  for (std::size_t i = 2; i < ledger.size(); ++i) EXPECT_GE(*ledger[i].arrived, *ledger[i - 1].arrived);
  EXPECT_EQ(account->secondary().find_blob("data", "same")->bytes(), "v29");
}

TEST_F(GeoReplicationWorld, AContainerArrivesBeforeItsBlobsAndItsDeletionAfterThem) {
  attach(Distribution::uniform(1, 600), 5);
  for (int round = 0; round < 20; ++round) {
    write(PutContainer{"data", {}});
    write(PutBlob{"data", "a", blob_of("x")});
    write(PutBlob{"data", "b", blob_of("y")});
    write(DeleteContainer{"data"});
    advance(1s);
  }
  // Every arrival applied cleanly (the link asserts it) and the last word is the deletion.
  advance(1h);
  EXPECT_EQ(geo->refused_arrivals(), 0u);
  EXPECT_EQ(account->secondary().find_container("data"), nullptr);
  for (const auto& record : geo->ledger()) EXPECT_TRUE(record.arrived.has_value()) << record.target;
}

TEST_F(GeoReplicationWorld, AStallHoldsEveryArrivalUntilItEndsAndFreezesLastSyncTime) {
  attach(Distribution::constant(30));
  write(PutContainer{"data", {}});
  advance(1min);
  geo->add_stall(scheduler.now(), 10min);  // t=60..660
  write(PutBlob{"data", "a", blob_of("a")});  // would arrive at t=90
  advance(5min);
  EXPECT_EQ(account->secondary().find_blob("data", "a"), nullptr);
  EXPECT_EQ(geo->last_sync_time(scheduler.now()), kDefaultEpoch + 1min);
  advance(5min);  // t=660
  EXPECT_NE(account->secondary().find_blob("data", "a"), nullptr);
  EXPECT_EQ(geo->ledger().back().arrived, kDefaultEpoch + 11min);
}

TEST_F(GeoReplicationWorld, AStallAlsoHoldsBackWritesAlreadyInFlight) {
  attach(Distribution::constant(120));
  write(PutContainer{"data", {}});  // due t=120
  advance(1min);
  geo->add_stall(scheduler.now(), 5min);  // t=60..360
  advance(3min);
  EXPECT_EQ(account->secondary().find_container("data"), nullptr);
  advance(3min);
  EXPECT_EQ(geo->ledger().front().arrived, kDefaultEpoch + 6min);
}

TEST_F(GeoReplicationWorld, ALagSpikeMultipliesTheLagOfWritesAcknowledgedDuringIt) {
  attach(Distribution::constant(60));
  geo->add_lag_spike(kDefaultEpoch + 10s, 10s, 5.0);
  write(PutContainer{"data", {}});                  // t=0, lag 60
  advance(10s);
  write(PutBlob{"data", "a", blob_of("a")});         // t=10, lag 300
  advance(10s);
  write(PutBlob{"data", "b", blob_of("b")});         // t=20, lag 60
  advance(1h);
  const auto& ledger = geo->ledger();
  EXPECT_EQ(*ledger[0].arrived - ledger[0].acknowledged, 60s);
  EXPECT_EQ(*ledger[1].arrived - ledger[1].acknowledged, 300s);
  EXPECT_EQ(*ledger[2].arrived - ledger[2].acknowledged, 60s);
}

TEST_F(GeoReplicationWorld, TheLedgerRecordsEveryWriteAndAbandonMarksTheInFlightOnesLost) {
  attach(Distribution::constant(60));
  write(PutContainer{"data", {}});
  advance(2min);
  write(PutBlob{"data", "a", blob_of("12345")});
  advance(10s);
  write(DeleteBlob{"data", "old"});
  EXPECT_EQ(geo->abandon(), 2u);
  advance(1h);
  const auto& ledger = geo->ledger();
  ASSERT_EQ(ledger.size(), 3u);
  EXPECT_EQ(ledger[0].kind, "PutContainer");
  EXPECT_EQ(ledger[0].arrived, kDefaultEpoch + 1min);
  EXPECT_FALSE(ledger[0].lost);
  EXPECT_EQ(ledger[1].kind, "PutBlob");
  EXPECT_EQ(ledger[1].target, "data/a");
  EXPECT_EQ(ledger[1].bytes, 5u);
  EXPECT_EQ(ledger[1].acknowledged, kDefaultEpoch + 2min);
  EXPECT_FALSE(ledger[1].arrived.has_value());
  EXPECT_TRUE(ledger[1].lost);
  EXPECT_TRUE(ledger[2].lost);
  EXPECT_EQ(account->secondary().find_blob("data", "a"), nullptr);
}

TEST_F(GeoReplicationWorld, DrainDeliversEverythingInFlightAtOnce) {
  attach(Distribution::constant(600));
  write(PutContainer{"data", {}});
  write(PutBlob{"data", "a", blob_of("a")});
  advance(1s);
  geo->drain();
  EXPECT_NE(account->secondary().find_blob("data", "a"), nullptr);
  EXPECT_EQ(geo->ledger()[1].arrived, kDefaultEpoch + 1s);
  EXPECT_EQ(geo->last_sync_time(scheduler.now()), scheduler.now());
  EXPECT_EQ(scheduler.pending(), 0u);
}

TEST(GeoReplicationDeterminism, TheSameSeedGivesTheSameLedger) {
  const auto run = [](std::uint64_t seed) {
    SimulatedScheduler s;
    auto account = Account::create(AccountConfig::devstoreaccount1()).value();
    auto link = std::make_unique<GeoReplication>(s, Random(seed).stream("storage.lag"),
                                                 account->secondary_for_replication());
    GeoReplication* geo = link.get();
    account->set_replication_link(std::move(link));
    account->acknowledge(PutContainer{"data", {}}, s.now());
    for (int i = 0; i < 20; ++i) {
      account->acknowledge(PutBlob{"data", std::to_string(i), blob_of("x")}, s.now());
      EXPECT_TRUE(s.run_for(7s).ok());
    }
    EXPECT_TRUE(s.run().ok());
    std::vector<TimePoint> arrivals;
    for (const auto& r : geo->ledger()) arrivals.push_back(*r.arrived);
    return arrivals;
  };
  EXPECT_EQ(run(42), run(42));
  EXPECT_NE(run(42), run(43));
}

TEST(GeoReplicationDefaults, TheLagHasMedianTwoMinutesAndNinetyNinePercentUnderFifteen) {
  // dr-parameters S1: "typically < 15 min", log-normal with P(lag <= 15 min) ~ 0.99.
  GeoReplicationConfig config;
  RandomStream rng = Random(1).stream("storage.lag");
  int under_15_min = 0;
  int under_2_min = 0;
  constexpr int kDraws = 20000;
  for (int i = 0; i < kDraws; ++i) {
    const double lag_s = config.lag_s.sample(rng);
    under_15_min += lag_s <= 900 ? 1 : 0;
    under_2_min += lag_s <= 120 ? 1 : 0;
  }
  EXPECT_NEAR(under_15_min / double{kDraws}, 0.99, 0.003);
  EXPECT_NEAR(under_2_min / double{kDraws}, 0.5, 0.02);
}

TEST(GeoReplicationThroughTheService, TheSecondaryServesABlobOnlyOnceItHasArrived) {
  SimulatedScheduler scheduler;
  StorageState state;
  Account* account = state.add_account(AccountConfig::devstoreaccount1()).value();
  enable_geo_replication(*account, scheduler, Random(9), GeoReplicationConfig{Distribution::constant(90)});
  BlobService service(state, scheduler);
  const auto send = [&](http::Method method, std::string target, std::string body = {}) {
    http::Request r;
    r.method = method;
    r.target = std::move(target);
    r.headers.add("Host", "127.0.0.1:10000");
    r.headers.add("x-ms-date", format_rfc1123(scheduler.now()));
    r.headers.add("x-ms-blob-type", "BlockBlob");
    r.body = std::move(body);
    sign_shared_key(r, "devstoreaccount1", account->signing_keys()[0]);
    return service.handle(r);
  };
  ASSERT_EQ(send(Method::kPut, "/devstoreaccount1/data?restype=container").status, 201);
  ASSERT_TRUE(scheduler.run_for(5min).ok());
  ASSERT_EQ(send(Method::kPut, "/devstoreaccount1/data/table/part-0.parquet", "rows").status, 201);  // t=300
  ASSERT_TRUE(scheduler.run_for(1min).ok());
  EXPECT_EQ(send(Method::kGet, "/devstoreaccount1-secondary/data/table/part-0.parquet").status, 404);
  const auto stats = send(Method::kGet, "/devstoreaccount1-secondary/?restype=service&comp=stats");
  EXPECT_NE(stats.body.find("<LastSyncTime>Thu, 01 Jan 2026 00:05:00 GMT</LastSyncTime>"), std::string::npos)
      << stats.body;
  ASSERT_TRUE(scheduler.run_for(1min).ok());
  const auto read = send(Method::kGet, "/devstoreaccount1-secondary/data/table/part-0.parquet");
  EXPECT_EQ(read.status, 200);
  EXPECT_EQ(read.body, "rows");
}

}  // namespace
}  // namespace drdrill::storage
