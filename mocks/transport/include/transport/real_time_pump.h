#pragma once
// RealTimePump: drives a deterministic simulated world from the wall clock.
//
// The world keeps its own simulated scheduler (the same one `drdrill run` uses); the pump only
// decides how far it may run: the simulated target is
//
//   target = simulated_start + time_scale x (wall time elapsed since start())
//
// and the world is advanced to it (1) before every request a served handler answers (wrap()), so a
// client always meets the world as it stands at its own moment, and (2) by one Asio timer armed for
// the world's next event, converted back to wall time, so replication arrivals, failovers, cluster
// starts and fault starts/ends happen on time between requests. After each request the pump looks
// at the world's next event again, since a handler may have scheduled something earlier than what
// the timer waits for, and re-arms the timer only if that moved the deadline.
//
// Cost per request when nothing is due (the common case: reads): the world's advance_to (which
// only sets its clock) and one look at its next event time; no timer operation, no allocation.
//
// The pump never advances past `stop_at`; when the target reaches it, `on_stop_time` runs once.
// Errors from the world's advance (an event bound hit) stop the pump and go to `on_error`.
//
// Threads: everything on the io_context's one thread; handlers wrapped here and the timer never run
// concurrently. The pump and what it drives must outlive the io_context's handlers (call stop()
// and let the loop finish, or destroy the pump before the target).

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>

#include "core/status.h"
#include "core/time.h"
#include "http/handler.h"
#include "transport/monotonic_clock.h"

namespace boost::asio {
class io_context;
}  // namespace boost::asio

namespace drdrill::transport {

// What the pump drives: a steppable simulated world.
struct PumpTarget {
  // Runs the world's events up to `until` (simulated); not past it.
  std::function<Status(TimePoint until)> advance_to;
  // The world's next event (nullopt: none pending).
  std::function<std::optional<TimePoint>()> next_event_time;
};

struct RealTimePumpOptions {
  TimePoint simulated_start{};
  double time_scale = 1.0;  // simulated seconds per wall second; > 0
  // Simulated time the pump stops at (TimePoint::max(): never).
  TimePoint stop_at = TimePoint::max();
  std::function<void()> on_stop_time;
  std::function<void(const Status&)> on_error;
  // The wall clock; nullptr: steady_monotonic_clock().
  const MonotonicClock* clock = nullptr;
};

class RealTimePump {
 public:
  RealTimePump(boost::asio::io_context& io_context, PumpTarget target, RealTimePumpOptions options);
  ~RealTimePump();
  RealTimePump(const RealTimePump&) = delete;
  RealTimePump& operator=(const RealTimePump&) = delete;

  // Marks wall time zero (simulated_start) and arms the timer.
  void start();
  // Cancels the timer; wrapped handlers still answer, without advancing the world.
  void stop();
  bool running() const;

  // The simulated time the wall clock stands at now, capped at stop_at.
  TimePoint target_now() const;
  // The wall instant at which simulated time reaches `when` (rounded up, never before now).
  MonotonicClock::time_point wall_time_of(TimePoint when) const;

  // Advances the world to target_now() and re-arms the timer. OK while stopped (does nothing).
  Status pump();

  // `handler` with pump() before it and, after it, a timer re-arm if the handler moved the world's
  // next event.
  http::Handler wrap(http::Handler handler);

  // For tests: the wall instant the timer is armed for (nullopt: not armed).
  std::optional<MonotonicClock::time_point> armed_for() const;
  // For tests: how many times the timer was (re-)armed since construction.
  std::uint64_t timer_arms() const;

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;  // shared with the pending timer wait, which holds it weakly
};

}  // namespace drdrill::transport
