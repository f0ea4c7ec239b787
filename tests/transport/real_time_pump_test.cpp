// RealTimePump with a hand-moved wall clock: what it advances the world to, and when it arms its
// timer for. No sleeps; the one test that lets Asio fire the timer bounds its run.

#include "transport/real_time_pump.h"

#include <chrono>
#include <string>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <gtest/gtest.h>

#include "core/simulated_scheduler.h"

namespace drdrill::transport {
namespace {

using namespace std::chrono_literals;

constexpr TimePoint kStart = kDefaultEpoch;

PumpTarget target_of(SimulatedScheduler& world) {
  return PumpTarget{[&world](TimePoint until) { return world.run_until(until); },
                    [&world] { return world.next_event_time(); }};
}

RealTimePumpOptions scaled(double scale, const MonotonicClock& clock) {
  RealTimePumpOptions options;
  options.simulated_start = kStart;
  options.time_scale = scale;
  options.clock = &clock;
  return options;
}

TEST(RealTimePump, TargetIsStartPlusScaleTimesWallElapsed) {
  boost::asio::io_context io;
  ManualMonotonicClock clock;
  SimulatedScheduler world(kStart);
  RealTimePump pump(io, target_of(world), scaled(1000, clock));
  pump.start();
  EXPECT_EQ(pump.target_now(), kStart);
  clock.advance(3600ms);
  EXPECT_EQ(pump.target_now(), kStart + 1h);
}

TEST(RealTimePump, RunsOnlyWhatIsDueAndArmsItsTimerForTheNextEvent) {
  boost::asio::io_context io;
  ManualMonotonicClock clock;
  SimulatedScheduler world(kStart);
  std::vector<std::string> ran;
  world.schedule_at(kStart + 10s, [&] { ran.push_back("replicated"); });
  world.schedule_at(kStart + 1h, [&] { ran.push_back("outage"); });
  RealTimePump pump(io, target_of(world), scaled(1000, clock));
  const auto wall_zero = clock.now();
  pump.start();
  ASSERT_TRUE(pump.armed_for().has_value());
  EXPECT_EQ(*pump.armed_for(), wall_zero + 10ms);  // 10 simulated s at x1000

  clock.advance(5ms);
  ASSERT_TRUE(pump.pump().ok());
  EXPECT_TRUE(ran.empty());
  EXPECT_EQ(world.now(), kStart + 5s);

  clock.advance(5ms);
  ASSERT_TRUE(pump.pump().ok());
  EXPECT_EQ(ran, std::vector<std::string>{"replicated"});
  EXPECT_EQ(*pump.armed_for(), wall_zero + 3600ms);
}

TEST(RealTimePump, AdvancesTheWorldBeforeEveryRequestAndReArmsAfterIt) {
  boost::asio::io_context io;
  ManualMonotonicClock clock;
  SimulatedScheduler world(kStart);
  RealTimePump pump(io, target_of(world), scaled(60, clock));
  pump.start();
  EXPECT_FALSE(pump.armed_for().has_value());  // nothing pending
  TimePoint seen{};
  const http::Handler handler = pump.wrap([&](const http::Request&) {
    seen = world.now();
    world.schedule_at(world.now() + 2min, [] {});  // e.g. a write's replication arrival
    return http::Response::empty(201);
  });
  const auto wall_zero = clock.now();
  clock.advance(2s);
  EXPECT_EQ(handler(http::Request{}).status, 201);
  EXPECT_EQ(seen, kStart + 2min);
  ASSERT_TRUE(pump.armed_for().has_value());
  EXPECT_EQ(*pump.armed_for(), wall_zero + 4s);
}

TEST(RealTimePump, LeavesItsTimerAloneWhenARequestDoesNotMoveTheNextEvent) {
  boost::asio::io_context io;
  ManualMonotonicClock clock;
  SimulatedScheduler world(kStart);
  world.schedule_at(kStart + 1h, [] {});
  RealTimePump pump(io, target_of(world), scaled(60, clock));
  pump.start();
  const auto wall_zero = clock.now();
  ASSERT_EQ(pump.timer_arms(), 1u);
  const http::Handler read = pump.wrap([](const http::Request&) { return http::Response::empty(200); });
  const http::Handler write_later = pump.wrap([&](const http::Request&) {
    world.schedule_at(world.now() + 2h, [] {});  // after the pending event: the deadline stands
    return http::Response::empty(201);
  });
  for (int i = 0; i < 100; ++i) {
    clock.advance(10ms);
    EXPECT_EQ(read(http::Request{}).status, 200);
  }
  EXPECT_EQ(write_later(http::Request{}).status, 201);
  EXPECT_EQ(world.now(), kStart + 60s);  // the clock still followed the wall: 1 s x60
  EXPECT_EQ(pump.timer_arms(), 1u);
  EXPECT_EQ(*pump.armed_for(), wall_zero + 60s);

  const http::Handler write_sooner = pump.wrap([&](const http::Request&) {
    world.schedule_at(world.now() + 1min, [] {});
    return http::Response::empty(201);
  });
  EXPECT_EQ(write_sooner(http::Request{}).status, 201);
  EXPECT_EQ(pump.timer_arms(), 2u);
  EXPECT_EQ(*pump.armed_for(), wall_zero + 2s);
}

TEST(RealTimePump, StopsAtItsStopTimeOnceAndNeverRunsPastIt) {
  boost::asio::io_context io;
  ManualMonotonicClock clock;
  SimulatedScheduler world(kStart);
  bool late_ran = false;
  world.schedule_at(kStart + 2h, [&] { late_ran = true; });
  int stops = 0;
  RealTimePumpOptions options = scaled(3600, clock);
  options.stop_at = kStart + 1h;
  options.on_stop_time = [&] { ++stops; };
  RealTimePump pump(io, target_of(world), options);
  pump.start();
  EXPECT_EQ(*pump.armed_for(), clock.now() + 1s);  // the stop time comes before the event
  clock.advance(5s);
  ASSERT_TRUE(pump.pump().ok());
  ASSERT_TRUE(pump.pump().ok());
  EXPECT_EQ(stops, 1);
  EXPECT_FALSE(pump.running());
  EXPECT_FALSE(late_ran);
  EXPECT_EQ(world.now(), kStart + 1h);
}

TEST(RealTimePump, ReportsAnAdvanceErrorAndStops) {
  boost::asio::io_context io;
  ManualMonotonicClock clock;
  Status reported;
  RealTimePumpOptions options = scaled(1, clock);
  options.on_error = [&](const Status& s) { reported = s; };
  RealTimePump pump(io,
                    PumpTarget{[](TimePoint) { return Status::ResourceExhausted("run.max_events (10) reached"); },
                               [] { return std::optional<TimePoint>(); }},
                    options);
  pump.start();
  clock.advance(1s);
  EXPECT_TRUE(pump.pump().is_resource_exhausted());
  EXPECT_TRUE(reported.is_resource_exhausted());
  EXPECT_FALSE(pump.running());
}

TEST(RealTimePump, ItsTimerRunsTheNextEventBetweenRequests) {
  boost::asio::io_context io;
  ManualMonotonicClock clock;  // stands still: the timer's own deadline is what lets the event run
  SimulatedScheduler world(kStart);
  bool ran = false;
  world.schedule_at(kStart + 1s, [&] {
    ran = true;
    io.stop();
  });
  RealTimePump pump(io, target_of(world), scaled(1000, clock));  // 1 simulated s = 1 ms of wall time
  pump.start();
  io.run_for(10s);  // bounded: ends at once when the event stops the loop
  EXPECT_TRUE(ran);
  EXPECT_EQ(world.now(), kStart + 1s);
}

}  // namespace
}  // namespace drdrill::transport
