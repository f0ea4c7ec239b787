// RealTimeScheduler on a real io_context. Only orderings and lower bounds on time are asserted;
// every run of the io_context is bounded.

#include "transport/real_time_scheduler.h"

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <gtest/gtest.h>

namespace drdrill::transport {
namespace {

using SteadyClock = std::chrono::steady_clock;  // wall-clock ok: measuring the scheduler
constexpr auto kBound = std::chrono::seconds(10);  // wall-clock ok: no test can hang

TEST(RealTimeScheduler, RunsEventsInTimeOrderAndTiesInSchedulingOrder) {
  boost::asio::io_context io;
  RealTimeScheduler scheduler(io, kDefaultEpoch, 1000.0);  // 1 simulated s = 1 ms
  std::vector<std::string> ran;
  const TimePoint t0 = scheduler.now();
  scheduler.schedule_at(t0 + 30s, [&] { ran.push_back("c"); });
  scheduler.schedule_at(t0 + 10s, [&] { ran.push_back("a1"); });
  scheduler.schedule_at(t0 + 20s, [&] { ran.push_back("b"); });
  scheduler.schedule_at(t0 + 10s, [&] { ran.push_back("a2"); });
  scheduler.schedule_at(t0 - 5s, [&] { ran.push_back("past"); });
  scheduler.schedule_at(t0 + 40s, [&] { io.stop(); });
  io.run_for(kBound);  // wall-clock ok: bounded run
  EXPECT_EQ(ran, (std::vector<std::string>{"past", "a1", "a2", "b", "c"}));
  EXPECT_EQ(scheduler.pending(), 0u);
}

TEST(RealTimeScheduler, CancelledEventsNeverRun) {
  boost::asio::io_context io;
  RealTimeScheduler scheduler(io, kDefaultEpoch, 1000.0);
  std::vector<std::string> ran;
  const TimerId first = scheduler.schedule_after(5s, [&] { ran.push_back("first"); });
  scheduler.schedule_after(10s, [&] { ran.push_back("second"); });
  const TimerId third = scheduler.schedule_after(15s, [&] { ran.push_back("third"); });
  scheduler.schedule_after(20s, [&] { io.stop(); });
  EXPECT_TRUE(scheduler.cancel(first));
  EXPECT_TRUE(scheduler.cancel(third));
  EXPECT_FALSE(scheduler.cancel(third));
  EXPECT_FALSE(scheduler.cancel(12345));
  io.run_for(kBound);  // wall-clock ok: bounded run
  EXPECT_EQ(ran, (std::vector<std::string>{"second"}));
}

TEST(RealTimeScheduler, CallbacksCanScheduleAndCancel) {
  boost::asio::io_context io;
  RealTimeScheduler scheduler(io, kDefaultEpoch, 1000.0);
  std::vector<std::string> ran;
  TimerId doomed = kNoTimer;
  scheduler.schedule_after(5s, [&] {
    ran.push_back("outer");
    // Stop relative to "inner", not at a fixed time: on a loaded machine the loop can start late,
    // and a fixed stop time could then come before "inner" does. Stopping 10 s after it is still
    // after "doomed" would have run (8 s), so the cancel is really checked.
    scheduler.schedule_after(1s, [&] {
      ran.push_back("inner");
      scheduler.schedule_after(10s, [&] { io.stop(); });
    });
    EXPECT_TRUE(scheduler.cancel(doomed));
  });
  doomed = scheduler.schedule_after(8s, [&] { ran.push_back("doomed"); });
  io.run_for(kBound);  // wall-clock ok: bounded run
  EXPECT_EQ(ran, (std::vector<std::string>{"outer", "inner"}));
}

TEST(RealTimeScheduler, MapsSimulatedTimeToWallTimeThroughTheScale) {
  boost::asio::io_context io;
  const auto wall_start = SteadyClock::now();  // wall-clock ok: before the scheduler's own origin
  RealTimeScheduler scheduler(io, kDefaultEpoch, 1000.0);
  EXPECT_EQ(scheduler.time_scale(), 1000.0);
  const TimePoint when = kDefaultEpoch + 100s;  // 100 simulated s = 100 ms of wall time at x1000
  TimePoint seen{};
  std::chrono::nanoseconds wall_elapsed{};
  scheduler.schedule_at(when, [&] {
    seen = scheduler.now();
    wall_elapsed = SteadyClock::now() - wall_start;  // wall-clock ok: measuring the scheduler
    io.stop();
  });
  io.run_for(kBound);  // wall-clock ok: bounded run
  EXPECT_GE(seen, when);
  EXPECT_GE(wall_elapsed, std::chrono::milliseconds(100));
}

TEST(RealTimeScheduler, NowAdvancesScaledWallTimeAndNeverGoesBack) {
  boost::asio::io_context io;
  const TimePoint start = kDefaultEpoch + 6h;
  RealTimeScheduler scheduler(io, start, 1000.0);
  const TimePoint before = scheduler.now();
  EXPECT_GE(before, start);
  std::this_thread::sleep_for(std::chrono::milliseconds(50));  // wall-clock ok: let wall time pass
  const TimePoint after = scheduler.now();
  EXPECT_GE(after - before, 50s);  // 50 ms of wall time is at least 50 simulated s at x1000
}

}  // namespace
}  // namespace drdrill::transport
