#include "core/task.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/simulated_scheduler.h"
#include "core/delay.h"
#include "core/task_group.h"

namespace drdrill {
namespace {

using ::testing::ElementsAre;

const TimePoint t0 = kDefaultEpoch;

Task<TimePoint> poll_five_times(Scheduler& sched) {
  for (int i = 0; i < 5; ++i) co_await delay_for(sched, 30s, "poll");
  co_return sched.now();
}

TEST(Task, SleepingThirtySecondsFiveTimesEndsAtExactlyT0Plus150s) {
  SimulatedScheduler sched;
  TaskGroup tasks(sched);
  const auto finished = tasks.spawn(poll_five_times(sched));
  ASSERT_TRUE(sched.run().ok());
  ASSERT_TRUE(finished.returned());
  EXPECT_EQ(finished.value(), t0 + 150s);
  EXPECT_EQ(sched.now(), t0 + 150s);
  EXPECT_EQ(sched.events_run(), 6u) << "one start event and one event per sleep";
}

Task<int> slow_add(Scheduler& sched, int a, int b, Duration delay) {
  co_await delay_for(sched, delay);
  co_return a + b;
}

Task<std::string> nested(Scheduler& sched, std::vector<std::string>& log) {
  const int x = co_await slow_add(sched, 1, 2, 10s);
  log.push_back("x=" + std::to_string(x) + "@" + format_duration(sched.now() - t0));
  const int y = co_await slow_add(sched, x, 10, 5s);
  log.push_back("y=" + std::to_string(y) + "@" + format_duration(sched.now() - t0));
  co_return "sum " + std::to_string(y);
}

TEST(Task, NestedTasksReturnValuesInSimulatedTime) {
  SimulatedScheduler sched;
  TaskGroup tasks(sched);
  std::vector<std::string> log;
  const auto result = tasks.spawn(nested(sched, log));
  ASSERT_TRUE(sched.run().ok());
  ASSERT_TRUE(result.returned());
  EXPECT_EQ(result.value(), "sum 13");
  EXPECT_THAT(log, ElementsAre("x=3@10s", "y=13@15s"));
}

Task<int> fails_after(Scheduler& sched, Duration delay) {
  co_await delay_for(sched, delay);
  throw std::runtime_error("storage account unreachable");
}

Task<std::string> catches(Scheduler& sched) {
  try {
    (void)co_await fails_after(sched, 1min);
  } catch (const std::runtime_error& e) {
    co_return std::string("caught: ") + e.what();
  }
  co_return "not reached";
}

TEST(Task, AnExceptionPropagatesToTheAwaitingTask) {
  SimulatedScheduler sched;
  TaskGroup tasks(sched);
  const auto result = tasks.spawn(catches(sched));
  ASSERT_TRUE(sched.run().ok());
  ASSERT_TRUE(result.returned());
  EXPECT_EQ(result.value(), "caught: storage account unreachable");
}

Task<void> passes_through(Scheduler& sched) {
  (void)co_await fails_after(sched, 1s);
  ADD_FAILURE() << "the exception should have left this task";
}

TEST(Task, AnUncaughtExceptionPropagatesThroughEveryLevel) {
  SimulatedScheduler sched;
  TaskGroup tasks(sched);
  const auto result = tasks.spawn(passes_through(sched), "runbook");
  ASSERT_TRUE(sched.run().ok());
  EXPECT_TRUE(result.threw());
  EXPECT_EQ(result.status().code(), StatusCode::kInternal);
  EXPECT_EQ(result.status().message(), "task 'runbook' threw: storage account unreachable");
}

Task<void> records(std::vector<std::string>& log, std::string what) {
  log.push_back(what);
  co_return;
}

TEST(Task, IsLazyAndDestroyingAnUnstartedTaskRunsNothing) {
  std::vector<std::string> log;
  {
    Task<void> task = records(log, "ran");
    EXPECT_TRUE(task.valid());
    EXPECT_FALSE(task.done());
    EXPECT_TRUE(log.empty());
  }
  EXPECT_TRUE(log.empty());
}

Task<std::unique_ptr<int>> make_owned(int v) { co_return std::make_unique<int>(v); }

Task<int> unwrap() {
  std::unique_ptr<int> p = co_await make_owned(41);
  co_return *p + 1;
}

TEST(Task, MoveOnlyResultsAreMovedOut) {
  SimulatedScheduler sched;
  TaskGroup tasks(sched);
  const auto result = tasks.spawn(unwrap());
  ASSERT_TRUE(sched.run().ok());
  EXPECT_EQ(result.value(), 42);
}

Task<int> immediate(int v) { co_return v; }

Task<long> long_synchronous_chain(int n) {
  long sum = 0;
  for (int i = 0; i < n; ++i) sum += co_await immediate(1);
  co_return sum;
}

TEST(Task, AMillionSynchronouslyCompletingAwaitsDoNotGrowTheStack) {
  SimulatedScheduler sched;
  TaskGroup tasks(sched);
  const auto result = tasks.spawn(long_synchronous_chain(1'000'000));
  ASSERT_TRUE(sched.run().ok());
  EXPECT_EQ(result.value(), 1'000'000);
}

Task<int> recurse(int depth) {
  if (depth == 0) co_return 0;
  co_return 1 + co_await recurse(depth - 1);
}

TEST(Task, DeepRecursionCompletesLikeNestedFunctionCalls) {
  SimulatedScheduler sched;
  TaskGroup tasks(sched);
  const auto result = tasks.spawn(recurse(10'000));
  ASSERT_TRUE(sched.run().ok());
  EXPECT_EQ(result.value(), 10'000);
}

Task<int> recurse_then_sleep(Scheduler& sched, int depth) {
  if (depth == 0) {
    co_await delay_for(sched, 1s);
    co_return 0;
  }
  co_return 1 + co_await recurse_then_sleep(sched, depth - 1);
}

// 1000 levels, far deeper than any runbook: GCC 12 turns symmetric transfer into a tail call only at
// -O2 without sanitizers, so elsewhere unwinding costs stack per level (see core/task.h).
TEST(Task, ADeepChainSuspendedAtTheBottomUnwindsWhenTheSleepEnds) {
  SimulatedScheduler sched;
  TaskGroup tasks(sched);
  const auto result = tasks.spawn(recurse_then_sleep(sched, 1000));
  ASSERT_TRUE(sched.run().ok());
  EXPECT_EQ(result.value(), 1000);
  EXPECT_EQ(sched.now(), t0 + 1s);
}

Task<void> sleeps_then_logs(Scheduler& sched, Duration d, std::vector<std::string>& log, std::string name) {
  co_await delay_for(sched, d);
  log.push_back(name + "@" + format_duration(sched.now() - t0));
}

TEST(Sleep, ZeroAndNegativeSleepsStillYieldToEventsAlreadyDue) {
  SimulatedScheduler sched;
  TaskGroup tasks(sched);
  std::vector<std::string> log;
  sched.schedule_at(t0 + 1min, [&] {
    tasks.spawn(sleeps_then_logs(sched, -5s, log, "negative"));
    tasks.spawn(sleeps_then_logs(sched, 0s, log, "zero"));
    sched.schedule_after(0s, [&] { log.push_back("plain@" + format_duration(sched.now() - t0)); });
  });
  ASSERT_TRUE(sched.run().ok());
  // Start events run first (scheduled first), then the plain event, then the sleeps' wake-ups.
  EXPECT_THAT(log, ElementsAre("plain@1m00s", "negative@1m00s", "zero@1m00s"));
}

TEST(Sleep, SleepUntilWakesAtThatInstant) {
  SimulatedScheduler sched;
  TaskGroup tasks(sched);
  const auto result = tasks.spawn([](Scheduler& s) -> Task<TimePoint> {
    co_await delay_until(s, t0 + 6h, "outage.end");
    co_return s.now();
  }(sched));
  ASSERT_TRUE(sched.run().ok());
  EXPECT_EQ(result.value(), t0 + 6h);
}

TEST(Sleep, DestroyingASleepingTaskCancelsItsWakeUp) {
  SimulatedScheduler sched;
  std::vector<std::string> log;
  {
    TaskGroup tasks(sched);
    tasks.spawn(sleeps_then_logs(sched, 1h, log, "woke"));
    ASSERT_TRUE(sched.run_for(1min).ok());
    EXPECT_EQ(sched.pending(), 1u);
  }
  EXPECT_EQ(sched.pending(), 0u);
  ASSERT_TRUE(sched.run().ok());
  EXPECT_TRUE(log.empty());
}

}  // namespace
}  // namespace drdrill
