// Failing back, worked out by hand (tests/sim/data/hand-computed-failback.json): the drill of
// hand-computed-storage (one RA-GRS account in East US, a 1000-byte blob and a 6-byte canary every
// minute, lag 2 min, East US down — "unavailable" — from 1:00, detection every 30 s with the 4th
// failed round declaring it, a 10 min decision, a 30 min unplanned failover, DNS converging at
// once), with East US back at 3:00 and the reference runbook failing back:
//
//   failover done      1:41:30 (as in hand-computed-storage); RTO 1:00 -> 1:42 = 2520 s
//   region back        healthy rounds at 3:00:00, 3:00:30, 3:01:00, 3:01:30 (the 4th) -> 3:01:30
//   wait               30 min                                                       -> start 3:31:30
//   reseed             the unplanned failover left the account LRS: PATCH to RA-GRS at 3:31:30;
//                      24.5 GB (+ the few KB of modelled blobs) at 1 TB/day = 2116.8 s, done at
//                      4:06:46.8; polled every minute, seen done at 4:07:30             -> 2160 s
//   storage failover   planned, 20 min, polled every 10 s: 4:07:30 -> 4:27:30           -> 1200 s
//   duration           3:31:30 -> 4:27:30                                               = 3360 s
//   downtime           the primary is read-only from 4:07:30 (the last 60 s both endpoints are
//                      down): the canaries of 4:08 ... 4:27 fail, the one at 4:28 succeeds = 1200 s
//   loss               planned: nothing in flight is dropped -> 0 writes lost, RPO 0.
// Writes the new primary acknowledged after the failover (from 1:41:30) are in the ledger once the
// account replicates again: an LRS account has no replication ledger (nothing to lose). So the
// workload blob and the canary of every minute from the re-enable at 3:31:30 — 3:32 to 5:59, 148
// minutes — but the 20 minutes the failover back refused writes: 2 x 128 = 256. The failback's
// probe failures do not reopen RTO.

#include <gtest/gtest.h>

#include "drill_test_support.h"
#include "sim/drill.h"

namespace drdrill::sim {
namespace {

Scenario hand_computed_failback() { return testing::load_source_scenario("tests/sim/data/hand-computed-failback.json"); }
DrillResult run(const Scenario& scenario) { return testing::run_or_fail(scenario); }

std::map<std::string, double> stages(const std::vector<RtoStage>& list) {
  std::map<std::string, double> out;
  for (const RtoStage& s : list) out[s.name] = s.seconds;
  return out;
}

TEST(FailbackDrill, MeasuresTheFailbacksStartDurationAndStagesExactly) {
  const DrillResult r = run(hand_computed_failback());
  ASSERT_TRUE(r.failback.has_value());
  const FailbackResult& fb = *r.failback;
  EXPECT_TRUE(fb.completed);
  EXPECT_EQ(fb.region_returned, std::chrono::hours(3) + std::chrono::seconds(90));
  EXPECT_EQ(fb.start, std::chrono::hours(3) + std::chrono::minutes(31) + std::chrono::seconds(30));
  ASSERT_TRUE(fb.duration_s.has_value());
  EXPECT_DOUBLE_EQ(*fb.duration_s, 3360);
  EXPECT_EQ(stages(fb.stages), (std::map<std::string, double>{{"reseed", 2160}, {"storage_failover", 1200}}));
  EXPECT_EQ(r.verdict, Verdict::kPass);
}

TEST(FailbackDrill, MeasuresItsDowntimeAndLosesNothingWhenPlanned) {
  const DrillResult r = run(hand_computed_failback());
  ASSERT_TRUE(r.failback.has_value());
  EXPECT_DOUBLE_EQ(r.failback->downtime_s.value_or(-1), 1200);
  const StoreLoss& after = r.failback->stores.at(Store::kStorage);
  EXPECT_EQ(after.writes, 256);
  EXPECT_EQ(after.lost_writes, 0);
  EXPECT_DOUBLE_EQ(after.rpo_s.value_or(-1), 0);
}

TEST(FailbackDrill, LeavesTheOutagesRtoAndRpoAsTheyWere) {
  const DrillResult r = run(hand_computed_failback());
  EXPECT_DOUBLE_EQ(r.rto_s.value_or(-1), 2520);
  EXPECT_EQ(r.stores.at(Store::kStorage).lost_writes, 4);
  EXPECT_DOUBLE_EQ(r.stores.at(Store::kStorage).rpo_s.value_or(-1), 120);
}

// A failback that cannot happen within the run (East US never returns) is reported, and fails.
TEST(FailbackDrill, FailsWhenTheRegionDoesNotReturnWithinTheRun) {
  Scenario scenario = hand_computed_failback();
  scenario.faults[0].window.end.reset();
  const DrillResult r = run(scenario);
  ASSERT_TRUE(r.failback.has_value());
  EXPECT_FALSE(r.failback->completed);
  EXPECT_FALSE(r.failback->start.has_value());
  EXPECT_EQ(r.verdict, Verdict::kFail);
  bool judged = false;
  for (const AssertionResult& a : r.assertions) {
    if (a.name == "failback.completed") judged = !a.pass;
  }
  EXPECT_TRUE(judged);
}

}  // namespace
}  // namespace drdrill::sim
