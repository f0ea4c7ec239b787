#include "core/event.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/simulated_scheduler.h"
#include "core/delay.h"
#include "core/task.h"
#include "core/task_group.h"

namespace drdrill {
namespace {

using ::testing::ElementsAre;

const TimePoint t0 = kDefaultEpoch;

std::string at(Scheduler& sched) { return format_duration(sched.now() - t0); }

Task<void> waits(Scheduler& sched, Event& event, std::vector<std::string>& log, std::string name) {
  co_await event.wait();
  log.push_back(name + "@" + at(sched));
}

Task<bool> waits_for(Scheduler& sched, Event& event, Duration timeout, std::vector<std::string>& log,
                     std::string name) {
  const bool fired = co_await event.wait_for(timeout);
  log.push_back(name + (fired ? " fired@" : " timed out@") + at(sched));
  co_return fired;
}

TEST(Event, WaitersResumeAtTheTimeOfSetInTheOrderTheyWaited) {
  SimulatedScheduler sched;
  TaskGroup tasks(sched);
  Event failover_done(sched);
  std::vector<std::string> log;
  tasks.spawn(waits(sched, failover_done, log, "a"));
  tasks.spawn(waits(sched, failover_done, log, "b"));
  tasks.spawn(waits(sched, failover_done, log, "c"));
  sched.schedule_at(t0 + 7min, [&] { failover_done.set(); });
  ASSERT_TRUE(sched.run().ok());
  EXPECT_THAT(log, ElementsAre("a@7m00s", "b@7m00s", "c@7m00s"));
  EXPECT_TRUE(failover_done.is_set());
}

TEST(Event, TheSignallerFinishesItsUpdateBeforeAnyWaiterRuns) {
  SimulatedScheduler sched;
  TaskGroup tasks(sched);
  Event done(sched);
  std::vector<std::string> log;
  tasks.spawn(waits(sched, done, log, "waiter"));
  sched.schedule_at(t0 + 1s, [&] {
    done.set();
    log.push_back("signaller still running");
  });
  ASSERT_TRUE(sched.run().ok());
  EXPECT_THAT(log, ElementsAre("signaller still running", "waiter@1s"));
}

TEST(Event, WaitingOnAnEventAlreadySetDoesNotSuspend) {
  SimulatedScheduler sched;
  TaskGroup tasks(sched);
  Event done(sched);
  done.set();
  done.set();  // idempotent
  std::vector<std::string> log;
  tasks.spawn(waits(sched, done, log, "plain"));
  tasks.spawn(waits_for(sched, done, 0s, log, "timed"));
  ASSERT_TRUE(sched.run().ok());
  EXPECT_THAT(log, ElementsAre("plain@0s", "timed fired@0s"));
  EXPECT_EQ(sched.events_run(), 2u) << "only the two start events: no wake-ups were needed";
}

TEST(EventTimedWait, ReturnsTrueWhenSetBeforeTheDeadlineAndCancelsTheTimeout) {
  SimulatedScheduler sched;
  TaskGroup tasks(sched);
  Event done(sched);
  std::vector<std::string> log;
  const auto result = tasks.spawn(waits_for(sched, done, 1h, log, "runbook"));
  sched.schedule_at(t0 + 20min, [&] { done.set(); });
  ASSERT_TRUE(sched.run().ok());
  EXPECT_TRUE(result.value());
  EXPECT_THAT(log, ElementsAre("runbook fired@20m00s"));
  EXPECT_EQ(sched.now(), t0 + 20min) << "the one-hour timeout was cancelled, not left to run";
}

TEST(EventTimedWait, ReturnsFalseAtTheDeadlineAndALaterSetChangesNothing) {
  SimulatedScheduler sched;
  TaskGroup tasks(sched);
  Event done(sched);
  std::vector<std::string> log;
  const auto result = tasks.spawn(waits_for(sched, done, 30min, log, "runbook"));
  sched.schedule_at(t0 + 2h, [&] { done.set(); });
  ASSERT_TRUE(sched.run().ok());
  EXPECT_FALSE(result.value());
  EXPECT_THAT(log, ElementsAre("runbook timed out@30m00s"));
}

TEST(EventTimedWait, ADeadlineInThePastTimesOutAtTheCurrentTime) {
  SimulatedScheduler sched;
  TaskGroup tasks(sched);
  Event done(sched);
  std::vector<std::string> log;
  sched.schedule_at(t0 + 1h, [&] {
    tasks.spawn([](Event& e, std::vector<std::string>& l, Scheduler& s) -> Task<void> {
      const bool fired = co_await e.wait_until(t0);
      l.push_back(std::string(fired ? "fired@" : "timed out@") + at(s));
    }(done, log, sched));
  });
  ASSERT_TRUE(sched.run().ok());
  EXPECT_THAT(log, ElementsAre("timed out@1h00m00s"));
}

TEST(EventTimedWait, SetAndTimeoutAtTheSameInstantResolveBySchedulingOrder) {
  SimulatedScheduler sched;
  TaskGroup tasks(sched);
  Event early(sched), late(sched);
  std::vector<std::string> log;
  // The set is scheduled before the wait starts, so it runs first at t0 + 10s: fired.
  sched.schedule_at(t0 + 10s, [&] { early.set(); });
  tasks.spawn(waits_for(sched, early, 10s, log, "early"));
  // The timeout is scheduled (when the wait starts) before this set: timed out.
  tasks.spawn(waits_for(sched, late, 10s, log, "late"));
  sched.schedule_after(1s, [&] { sched.schedule_at(t0 + 10s, [&] { late.set(); }); });
  ASSERT_TRUE(sched.run().ok());
  // early's wake-up is queued only when set() runs, behind late's timeout (queued at t0).
  EXPECT_THAT(log, ElementsAre("late timed out@10s", "early fired@10s"));
}

TEST(Event, ATaskDestroyedWhileWaitingLeavesTheEventUsable) {
  SimulatedScheduler sched;
  Event done(sched);
  std::vector<std::string> log;
  TaskGroup survivors(sched);
  survivors.spawn(waits(sched, done, log, "survivor-before"));
  {
    TaskGroup doomed(sched);
    doomed.spawn(waits(sched, done, log, "doomed"));
    doomed.spawn(waits_for(sched, done, 1h, log, "doomed-timed"));
    survivors.spawn(waits(sched, done, log, "survivor-after"));
    ASSERT_TRUE(sched.run_for(1min).ok());
    EXPECT_EQ(sched.pending(), 1u) << "the doomed timed wait's timeout";
  }
  EXPECT_EQ(sched.pending(), 0u) << "destroying the waiter cancelled its timeout";
  done.set();
  ASSERT_TRUE(sched.run().ok());
  EXPECT_THAT(log, ElementsAre("survivor-before@1m00s", "survivor-after@1m00s"));
}

TEST(Event, ATaskDestroyedAfterSetButBeforeItsWakeUpNeverRuns) {
  SimulatedScheduler sched;
  Event done(sched);
  std::vector<std::string> log;
  {
    TaskGroup tasks(sched);
    tasks.spawn(waits(sched, done, log, "doomed"));
    ASSERT_TRUE(sched.run().ok());
    done.set();
    EXPECT_EQ(sched.pending(), 1u) << "the wake-up";
  }
  EXPECT_EQ(sched.pending(), 0u);
  ASSERT_TRUE(sched.run().ok());
  EXPECT_TRUE(log.empty());
}

TEST(Event, DestroyingTheEventDetachesWaitersTimedOnesTimeOut) {
  SimulatedScheduler sched;
  TaskGroup tasks(sched);
  std::vector<std::string> log;
  auto event = std::make_unique<Event>(sched);
  const auto plain = tasks.spawn(waits(sched, *event, log, "plain"));
  const auto timed = tasks.spawn(waits_for(sched, *event, 5min, log, "timed"));
  ASSERT_TRUE(sched.run_for(1min).ok());
  event.reset();
  ASSERT_TRUE(sched.run().ok());
  EXPECT_THAT(log, ElementsAre("timed timed out@5m00s"));
  EXPECT_FALSE(plain.done()) << "stays suspended until its group frees it";
  EXPECT_TRUE(timed.done());
}

// The pattern the runbook needs: start a long-running operation, keep polling something else, and
// stop as soon as the operation signals completion.
Task<void> long_failover(Scheduler& sched, Event& done) {
  co_await delay_for(sched, 47min, "storage.failover");
  done.set();
}

Task<int> poll_until_done(Event& done) {
  int polls = 0;
  while (!co_await done.wait_for(5min)) ++polls;
  co_return polls;
}

TEST(Event, APollerStopsWhenTheLongRunningOperationCompletes) {
  SimulatedScheduler sched;
  TaskGroup tasks(sched);
  Event done(sched);
  tasks.spawn(long_failover(sched, done));
  const auto polls = tasks.spawn(poll_until_done(done));
  ASSERT_TRUE(sched.run().ok());
  EXPECT_EQ(polls.value(), 9);  // timed out at 5, 10, ..., 45 min; fired at 47
  EXPECT_EQ(sched.now(), t0 + 47min);
}

}  // namespace
}  // namespace drdrill
