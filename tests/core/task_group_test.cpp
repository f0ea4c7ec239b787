#include "core/task_group.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "core/event.h"
#include "core/simulated_scheduler.h"
#include "core/delay.h"
#include "core/task.h"

namespace drdrill {
namespace {

using ::testing::ElementsAre;

const TimePoint t0 = kDefaultEpoch;

// Counts live instances, so a test can see that a coroutine frame (which holds one) was freed.
struct FrameProbe {
  explicit FrameProbe(int& live) : live_(live) { ++live_; }
  FrameProbe(const FrameProbe&) = delete;
  FrameProbe& operator=(const FrameProbe&) = delete;
  ~FrameProbe() { --live_; }
  int& live_;
};

Task<int> answer_later(Scheduler& sched, int& live, Duration d) {
  FrameProbe probe(live);
  co_await delay_for(sched, d);
  co_return 42;
}

TEST(TaskGroup, SpawnStartsTheTaskFromTheSchedulerNotFromTheCaller) {
  SimulatedScheduler sched;
  TaskGroup tasks(sched);
  int live = 0;
  const auto result = tasks.spawn(answer_later(sched, live, 1s));
  EXPECT_EQ(live, 0) << "not started yet";
  EXPECT_EQ(tasks.active(), 1u);
  EXPECT_EQ(sched.pending(), 1u);
  EXPECT_EQ(result.status().code(), StatusCode::kFailedPrecondition);
  ASSERT_TRUE(sched.step());
  EXPECT_EQ(live, 1) << "started, now asleep";
  ASSERT_TRUE(sched.run().ok());
  EXPECT_EQ(result.value(), 42);
  EXPECT_TRUE(result.status().ok());
}

TEST(TaskGroup, AFinishedTaskFreesItsFrameAndItsOutcomeOutlivesTheGroup) {
  SimulatedScheduler sched;
  int live = 0;
  std::optional<Spawned<int>> result;
  {
    TaskGroup tasks(sched);
    result = tasks.spawn(answer_later(sched, live, 1s));
    ASSERT_TRUE(sched.run().ok());
    EXPECT_EQ(live, 0);
    EXPECT_EQ(tasks.active(), 0u);
  }
  EXPECT_TRUE(result->returned());
  EXPECT_EQ(result->value(), 42);
}

Task<Status> runbook(Scheduler& sched, bool succeed) {
  co_await delay_for(sched, 5min);
  if (!succeed) co_return Status::Unavailable("secondary workspace did not answer");
  co_return Status::Ok();
}

TEST(TaskGroup, ATaskReturningStatusReportsThatStatus) {
  SimulatedScheduler sched;
  TaskGroup tasks(sched);
  const auto good = tasks.spawn(runbook(sched, true));
  const auto bad = tasks.spawn(runbook(sched, false));
  ASSERT_TRUE(sched.run().ok());
  EXPECT_TRUE(good.status().ok());
  EXPECT_TRUE(bad.returned());
  EXPECT_EQ(bad.status(), Status::Unavailable("secondary workspace did not answer"));
}

Task<void> throws_int(Scheduler& sched) {
  co_await delay_for(sched, 1s);
  throw 7;
}

TEST(TaskGroup, AnExceptionEndsTheTaskAndIsReportedAsInternal) {
  SimulatedScheduler sched;
  TaskGroup tasks(sched);
  const auto result = tasks.spawn(throws_int(sched), "odd");
  ASSERT_TRUE(sched.run().ok()) << "the exception stays inside the task";
  EXPECT_TRUE(result.threw());
  EXPECT_TRUE(result.done());
  EXPECT_NE(result.exception(), nullptr);
  EXPECT_EQ(result.status(), Status::Internal("task 'odd' threw a non-standard exception"));
}

Task<void> nested_sleeper(Scheduler& sched, int& live) {
  FrameProbe probe(live);
  (void)co_await answer_later(sched, live, 1h);
}

Task<void> event_waiter(Event& event, int& live) {
  FrameProbe probe(live);
  co_await event.wait();
}

Task<bool> timed_waiter(Event& event, int& live) {
  FrameProbe probe(live);
  co_return co_await event.wait_for(2h);
}

TEST(TaskGroup, DestroyingItWithSuspendedTasksFreesEveryFrameAndCancelsTheirEvents) {
  SimulatedScheduler sched;
  Event never(sched);
  int live = 0;
  std::vector<Spawned<void>> voids;
  std::optional<Spawned<bool>> timed;
  {
    TaskGroup tasks(sched);
    voids.push_back(tasks.spawn(nested_sleeper(sched, live)));  // two frames deep, asleep
    voids.push_back(tasks.spawn(event_waiter(never, live)));     // waiting with no timeout
    timed = tasks.spawn(timed_waiter(never, live));              // waiting with a timeout
    ASSERT_TRUE(sched.run_for(1min).ok());
    voids.push_back(tasks.spawn(nested_sleeper(sched, live)));  // never started
    EXPECT_EQ(live, 4);
    EXPECT_EQ(tasks.active(), 4u);
    EXPECT_EQ(sched.pending(), 3u) << "a sleep, a timeout and a start";
  }
  EXPECT_EQ(live, 0) << "every frame was destroyed";
  EXPECT_EQ(sched.pending(), 0u) << "every wake-up, timeout and start was cancelled";
  for (const auto& v : voids) EXPECT_TRUE(v.abandoned());
  EXPECT_TRUE(timed->abandoned());
  EXPECT_EQ(timed->status().message(), "task 'task.start' was destroyed before it finished");
  never.set();  // must not touch the destroyed waiter
  ASSERT_TRUE(sched.run().ok());
  EXPECT_EQ(sched.events_run(), 3u) << "only the three starts ran";
}

Task<void> logs_at(Scheduler& sched, std::vector<std::string>& log, std::string name, Duration d) {
  co_await delay_for(sched, d);
  log.push_back(name + "@" + format_duration(sched.now() - t0));
}

Task<void> spawns_children(TaskGroup& group, Scheduler& sched, std::vector<std::string>& log) {
  log.push_back("parent starts");
  group.spawn(logs_at(sched, log, "child-1", 10s));
  group.spawn(logs_at(sched, log, "child-2", 5s));
  log.push_back("parent continues before its children start");
  co_await delay_for(sched, 20s);
  log.push_back("parent done@" + format_duration(sched.now() - t0));
}

TEST(TaskGroup, TasksCanSpawnSiblingsThatRunConcurrently) {
  SimulatedScheduler sched;
  TaskGroup tasks(sched);
  std::vector<std::string> log;
  tasks.spawn(spawns_children(tasks, sched, log));
  ASSERT_TRUE(sched.run().ok());
  EXPECT_THAT(log, ElementsAre("parent starts", "parent continues before its children start", "child-2@5s",
                               "child-1@10s", "parent done@20s"));
}

TEST(TaskGroup, TasksStartInSpawnOrder) {
  SimulatedScheduler sched;
  TaskGroup tasks(sched);
  std::vector<std::string> log;
  for (const char* name : {"a", "b", "c"}) tasks.spawn(logs_at(sched, log, name, 0s));
  ASSERT_TRUE(sched.run().ok());
  EXPECT_THAT(log, ElementsAre("a@0s", "b@0s", "c@0s"));
}

}  // namespace
}  // namespace drdrill
