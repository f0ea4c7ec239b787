#pragma once
// Scheduler: run a callback at a point in (simulated or real) time, or cancel it.
//
// Two implementations: SimulatedScheduler (core/simulated_scheduler.h: one thread, an event queue,
// time jumps from event to event) and the real-time scheduler of the transport (Asio timers with a
// time-scale factor). Service models and the drill engine see only this interface, so they never
// know which one they run in.
//
// Callbacks always run on the scheduler's own thread, one at a time; a callback may schedule or
// cancel further events. Not thread-safe: call it from that thread only.

#include <cstdint>
#include <functional>
#include <string_view>

#include "core/clock.h"

namespace drdrill {

// Identifies one scheduled event. Never reused within one scheduler; 0 is "no event".
using TimerId = std::uint64_t;
inline constexpr TimerId kNoTimer = 0;

class Scheduler : public Clock {
 public:
  using Callback = std::function<void()>;

  // Runs `fn` at `when` (or as soon as possible if `when` is in the past). Events at the same time
  // run in the order they were scheduled. `label` names the kind of event for traces; it must
  // point to storage that outlives the event (a string literal).
  virtual TimerId schedule_at(TimePoint when, Callback fn, std::string_view label = {}) = 0;

  TimerId schedule_after(Duration delay, Callback fn, std::string_view label = {}) {
    return schedule_at(now() + delay, std::move(fn), label);
  }

  // Removes a pending event. Returns false if it already ran, was cancelled, or never existed.
  virtual bool cancel(TimerId id) = 0;
};

}  // namespace drdrill
