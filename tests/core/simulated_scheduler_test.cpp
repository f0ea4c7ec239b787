#include "core/simulated_scheduler.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/random.h"

namespace drdrill {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

const TimePoint t0 = kDefaultEpoch;

// ---- ordering ------------------------------------------------------------------------------------

TEST(SimulatedScheduler, RunsEventsInTimeOrderAndJumpsTheClockToEach) {
  SimulatedScheduler sched;
  std::vector<std::string> log;
  auto note = [&](std::string what) { return [&, what] { log.push_back(what + "@" + format_duration(sched.now() - t0)); }; };
  sched.schedule_at(t0 + 30s, note("c"));
  sched.schedule_at(t0 + 10s, note("a"));
  sched.schedule_at(t0 + 20s, note("b"));
  ASSERT_TRUE(sched.run().ok());
  EXPECT_THAT(log, ElementsAre("a@10s", "b@20s", "c@30s"));
  EXPECT_EQ(sched.now(), t0 + 30s);
  EXPECT_EQ(sched.events_run(), 3u);
}

TEST(SimulatedScheduler, EventsAtTheSameTimeRunInSchedulingOrder) {
  SimulatedScheduler sched;
  std::vector<int> order;
  for (int i = 0; i < 100; ++i) sched.schedule_at(t0 + 5s, [&order, i] { order.push_back(i); });
  ASSERT_TRUE(sched.run().ok());
  ASSERT_EQ(order.size(), 100u);
  for (int i = 0; i < 100; ++i) EXPECT_EQ(order[static_cast<std::size_t>(i)], i);
}

TEST(SimulatedScheduler, AnEventScheduledForNowRunsAfterThoseAlreadyDueNow) {
  SimulatedScheduler sched;
  std::vector<std::string> log;
  sched.schedule_at(t0 + 1s, [&] {
    log.push_back("first");
    sched.schedule_after(0s, [&] { log.push_back("scheduled-by-first"); });
  });
  sched.schedule_at(t0 + 1s, [&] { log.push_back("second"); });
  ASSERT_TRUE(sched.run().ok());
  EXPECT_THAT(log, ElementsAre("first", "second", "scheduled-by-first"));
}

TEST(SimulatedScheduler, ScheduleAfterInsideAnEventCountsFromThatEventsTime) {
  SimulatedScheduler sched;
  TimePoint fired{};
  sched.schedule_at(t0 + 1h, [&] { sched.schedule_after(15min, [&] { fired = sched.now(); }); });
  ASSERT_TRUE(sched.run().ok());
  EXPECT_EQ(fired, t0 + 1h + 15min);
}

// ---- time never goes backwards -------------------------------------------------------------------

TEST(SimulatedScheduler, AnEventScheduledInThePastRunsAtTheCurrentTime) {
  SimulatedScheduler sched;
  TimePoint fired{};
  sched.schedule_at(t0 + 10min, [&] { sched.schedule_at(t0 + 1min, [&] { fired = sched.now(); }); });
  ASSERT_TRUE(sched.run().ok());
  EXPECT_EQ(fired, t0 + 10min);
  EXPECT_EQ(sched.now(), t0 + 10min);
}

TEST(SimulatedScheduler, TimeNeverGoesBackwardsUnderRandomSchedulingIntoPastAndFuture) {
  SimulatedScheduler sched;
  RandomStream rng = Random(4).stream("times");
  TimePoint last = sched.now();
  int violations = 0;
  int remaining = 20000;
  std::function<void()> tick = [&] {
    if (sched.now() < last) ++violations;
    last = sched.now();
    if (remaining-- <= 0) return;
    // Anything from 10 minutes in the past to 10 minutes ahead.
    sched.schedule_after(Duration{rng.uniform_int(-600'000'000, 600'000'000)}, tick);
  };
  for (int i = 0; i < 10; ++i) sched.schedule_at(t0 + std::chrono::seconds(i), tick);
  ASSERT_TRUE(sched.run().ok());
  EXPECT_EQ(violations, 0);
  EXPECT_GT(sched.events_run(), 20000u);
}

TEST(SimulatedScheduler, RunUntilAnEarlierTimeDoesNotMoveTheClockBack) {
  SimulatedScheduler sched;
  ASSERT_TRUE(sched.run_until(t0 + 1h).ok());
  ASSERT_TRUE(sched.run_until(t0 + 1min).ok());
  EXPECT_EQ(sched.now(), t0 + 1h);
}

// ---- cancel --------------------------------------------------------------------------------------

TEST(SimulatedSchedulerCancel, CancelledBeforeRunningNeverRuns) {
  SimulatedScheduler sched;
  int ran = 0;
  const TimerId id = sched.schedule_after(5s, [&] { ++ran; });
  sched.schedule_after(6s, [&] { ran += 10; });
  EXPECT_EQ(sched.pending(), 2u);
  EXPECT_TRUE(sched.cancel(id));
  EXPECT_EQ(sched.pending(), 1u);
  EXPECT_FALSE(sched.cancel(id)) << "a second cancel finds nothing";
  ASSERT_TRUE(sched.run().ok());
  EXPECT_EQ(ran, 10);
  EXPECT_EQ(sched.events_run(), 1u);
}

TEST(SimulatedSchedulerCancel, CancellingAnEventThatAlreadyRanReturnsFalse) {
  SimulatedScheduler sched;
  const TimerId id = sched.schedule_after(5s, [] {});
  ASSERT_TRUE(sched.run().ok());
  EXPECT_FALSE(sched.cancel(id));
}

TEST(SimulatedSchedulerCancel, UnknownIdsAreRejected) {
  SimulatedScheduler sched;
  sched.schedule_after(1s, [] {});
  EXPECT_FALSE(sched.cancel(kNoTimer));
  EXPECT_FALSE(sched.cancel(0xdeadbeefULL));
  EXPECT_FALSE(sched.cancel(~TimerId{0}));
  EXPECT_EQ(sched.pending(), 1u);
}

TEST(SimulatedSchedulerCancel, AnEventCanCancelALaterOneAtTheSameTimeAndNotItself) {
  SimulatedScheduler sched;
  std::vector<std::string> log;
  TimerId victim = kNoTimer;
  TimerId self = kNoTimer;
  self = sched.schedule_at(t0 + 1s, [&] {
    log.push_back("canceller");
    EXPECT_TRUE(sched.cancel(victim));
    EXPECT_FALSE(sched.cancel(self)) << "an event that is running has already left the queue";
  });
  victim = sched.schedule_at(t0 + 1s, [&] { log.push_back("victim"); });
  sched.schedule_at(t0 + 1s, [&] { log.push_back("bystander"); });
  ASSERT_TRUE(sched.run().ok());
  EXPECT_THAT(log, ElementsAre("canceller", "bystander"));
}

TEST(SimulatedSchedulerCancel, ReleasesTheCallbackAndWhatItOwnsImmediately) {
  SimulatedScheduler sched;
  auto owned = std::make_shared<int>(7);
  const TimerId id = sched.schedule_after(1h, [owned] {});
  EXPECT_EQ(owned.use_count(), 2);
  sched.cancel(id);
  EXPECT_EQ(owned.use_count(), 1);
}

TEST(SimulatedSchedulerCancel, ScheduleAndCancelLoopsDoNotGrowTheQueue) {
  SimulatedScheduler sched;
  sched.schedule_after(24h, [] {});  // one long-lived event the tombstones pile up behind
  for (int i = 0; i < 100000; ++i) {
    const TimerId timeout = sched.schedule_after(1h, [] {});
    ASSERT_TRUE(sched.cancel(timeout));
    ASSERT_LE(sched.queued_entries(), 2 * sched.pending() + 1024);
  }
  EXPECT_EQ(sched.pending(), 1u);
  ASSERT_TRUE(sched.run().ok());
  EXPECT_EQ(sched.events_run(), 1u);
}

TEST(SimulatedSchedulerCancel, IdsAreNeverReusedEvenThoughSlotsAre) {
  SimulatedScheduler sched;
  std::set<TimerId> ids;
  for (int i = 0; i < 5000; ++i) {
    const TimerId a = sched.schedule_after(1s, [] {});
    const TimerId b = sched.schedule_after(2s, [] {});
    sched.cancel(a);
    ASSERT_TRUE(sched.step());
    EXPECT_TRUE(ids.insert(a).second);
    EXPECT_TRUE(ids.insert(b).second);
    EXPECT_FALSE(sched.cancel(a));
    EXPECT_FALSE(sched.cancel(b));
  }
}

TEST(SimulatedSchedulerCancel, CancelledEventsAtTheFrontAreSkippedWhenAskingForTheNextTime) {
  SimulatedScheduler sched;
  const TimerId early = sched.schedule_at(t0 + 1s, [] {});
  sched.schedule_at(t0 + 2s, [] {});
  sched.cancel(early);
  EXPECT_EQ(sched.next_event_time(), t0 + 2s);
}

// ---- bounds --------------------------------------------------------------------------------------

TEST(SimulatedSchedulerBounds, HittingMaxEventsIsResourceExhaustedWithAClearMessage) {
  SimulatedScheduler sched;
  std::function<void()> poll = [&] { sched.schedule_after(30s, poll, "poll"); };  // never settles
  sched.schedule_after(30s, poll, "poll");
  const Status status = sched.run(RunBounds{.max_events = 10});
  ASSERT_TRUE(status.is_resource_exhausted()) << status.to_string();
  EXPECT_THAT(status.message(), HasSubstr("max_events bound of 10 reached"));
  EXPECT_THAT(status.message(), HasSubstr("10 events run"));
  EXPECT_THAT(status.message(), HasSubstr("2026-01-01T00:05:00Z"));
  EXPECT_THAT(status.message(), HasSubstr("1 events still pending"));
  EXPECT_EQ(sched.events_run(), 10u);
  EXPECT_EQ(sched.now(), t0 + 5min) << "the clock stays at the last event run";
}

TEST(SimulatedSchedulerBounds, RunningExactlyMaxEventsAndEmptyingTheQueueIsOk) {
  SimulatedScheduler sched;
  for (int i = 0; i < 10; ++i) sched.schedule_after(std::chrono::seconds(i), [] {});
  EXPECT_TRUE(sched.run(RunBounds{.max_events = 10}).ok());
}

TEST(SimulatedSchedulerBounds, MaxEventsCountsPerCall) {
  SimulatedScheduler sched;
  for (int i = 0; i < 10; ++i) sched.schedule_after(std::chrono::seconds(i), [] {});
  EXPECT_TRUE(sched.run(RunBounds{.max_events = 6, .until = t0 + 5s}).ok());
  EXPECT_TRUE(sched.run(RunBounds{.max_events = 6}).ok());
  EXPECT_EQ(sched.events_run(), 10u);
}

TEST(SimulatedSchedulerBounds, TimeBoundStopsCleanlyWithLaterEventsStillQueued) {
  SimulatedScheduler sched;
  std::vector<int> ran;
  sched.schedule_at(t0 + 10s, [&] { ran.push_back(10); });
  sched.schedule_at(t0 + 20s, [&] { ran.push_back(20); });  // exactly at the bound: runs
  sched.schedule_at(t0 + 30s, [&] { ran.push_back(30); });
  ASSERT_TRUE(sched.run(RunBounds{.until = t0 + 20s}).ok());
  EXPECT_THAT(ran, ElementsAre(10, 20));
  EXPECT_EQ(sched.now(), t0 + 20s);
  EXPECT_EQ(sched.pending(), 1u);

  ASSERT_TRUE(sched.run_until(t0 + 25s).ok());
  EXPECT_EQ(sched.now(), t0 + 25s) << "simulated time passes even when nothing happens";
  ASSERT_TRUE(sched.run().ok());
  EXPECT_THAT(ran, ElementsAre(10, 20, 30));
}

TEST(SimulatedSchedulerBounds, RunForAdvancesTheClockByTheDurationOnAnEmptyQueue) {
  SimulatedScheduler sched;
  ASSERT_TRUE(sched.run_for(6h).ok());
  EXPECT_EQ(sched.now(), t0 + 6h);
  EXPECT_EQ(sched.events_run(), 0u);
}

TEST(SimulatedSchedulerBounds, AnUnboundedRunLeavesTheClockAtTheLastEvent) {
  SimulatedScheduler sched;
  sched.schedule_after(90s, [] {});
  ASSERT_TRUE(sched.run().ok());
  EXPECT_EQ(sched.now(), t0 + 90s);
}

// ---- step, trace, several worlds -----------------------------------------------------------------

TEST(SimulatedScheduler, StepRunsExactlyOneEvent) {
  SimulatedScheduler sched;
  EXPECT_FALSE(sched.step());
  int ran = 0;
  sched.schedule_after(1s, [&] { ++ran; });
  sched.schedule_after(2s, [&] { ++ran; });
  EXPECT_TRUE(sched.step());
  EXPECT_EQ(ran, 1);
  EXPECT_EQ(sched.now(), t0 + 1s);
  EXPECT_TRUE(sched.step());
  EXPECT_FALSE(sched.step());
  EXPECT_EQ(ran, 2);
}

TEST(SimulatedSchedulerTrace, TheSinkSeesEveryExecutedEventWithItsLabel) {
  SimulatedScheduler sched;
  std::vector<std::string> seen;
  sched.set_trace_sink([&](const TraceEvent& e) {
    seen.push_back(std::string(e.label) + "#" + std::to_string(e.sequence) + "@" + format_duration(e.time - t0));
  });
  sched.schedule_after(2s, [] {}, "storage.replicate");
  const TimerId gone = sched.schedule_after(1s, [] {}, "never");
  sched.schedule_after(1s, [] {}, "probe.read");
  sched.cancel(gone);
  ASSERT_TRUE(sched.run().ok());
  EXPECT_THAT(seen, ElementsAre("probe.read#2@1s", "storage.replicate#0@2s"));
}

std::uint64_t hash_of(const std::vector<std::pair<Duration, const char*>>& events) {
  SimulatedScheduler sched;
  for (const auto& [at, label] : events) sched.schedule_after(at, [] {}, label);
  EXPECT_TRUE(sched.run().ok());
  return sched.trace_hash();
}

TEST(SimulatedSchedulerTrace, TheHashIsReproducibleAndSensitiveToTimeOrderAndLabels) {
  const auto base = hash_of({{1s, "a"}, {2s, "b"}});
  EXPECT_EQ(hash_of({{1s, "a"}, {2s, "b"}}), base);
  EXPECT_NE(hash_of({{1s, "a"}, {3s, "b"}}), base);
  EXPECT_NE(hash_of({{2s, "b"}, {1s, "a"}}), base) << "same events, different scheduling order";
  EXPECT_NE(hash_of({{1s, "a"}, {2s, "c"}}), base);
  EXPECT_NE(hash_of({{1s, "a"}, {2s, "b"}, {3s, ""}}), base) << "an unlabelled event still counts";
  EXPECT_NE(hash_of({{1s, "storage.replicate.long"}}), hash_of({{1s, "storage.replicate.lonh"}}));
}

TEST(SimulatedScheduler, TwoWorldsInOneProcessKeepSeparateClocksAndQueues) {
  SimulatedScheduler a;
  SimulatedScheduler b(t0 + 24h);
  int a_ran = 0, b_ran = 0;
  a.schedule_after(1s, [&] { ++a_ran; });
  b.schedule_after(1s, [&] { ++b_ran; });
  b.schedule_after(2s, [&] { ++b_ran; });
  ASSERT_TRUE(a.run().ok());
  EXPECT_EQ(a_ran, 1);
  EXPECT_EQ(b_ran, 0);
  EXPECT_EQ(b.pending(), 2u);
  EXPECT_EQ(a.now(), t0 + 1s);
  EXPECT_EQ(b.now(), t0 + 24h);
}

TEST(SimulatedScheduler, AnExceptionFromAnEventPropagatesAndTheLoopRemainsUsable) {
  SimulatedScheduler sched;
  int after = 0;
  sched.schedule_after(1s, [] { throw std::runtime_error("boom"); });
  sched.schedule_after(2s, [&] { ++after; });
  EXPECT_THROW((void)sched.run(), std::runtime_error);
  EXPECT_EQ(sched.events_run(), 1u);
  ASSERT_TRUE(sched.run().ok());
  EXPECT_EQ(after, 1);
}

TEST(SimulatedScheduler, DestroyingWithPendingEventsReleasesTheirCallbacks) {
  auto owned = std::make_shared<int>(1);
  {
    SimulatedScheduler sched;
    sched.schedule_after(1h, [owned] {});
    EXPECT_EQ(owned.use_count(), 2);
  }
  EXPECT_EQ(owned.use_count(), 1);
}

}  // namespace
}  // namespace drdrill
