#pragma once
// MonotonicClock: the wall clock's steady tick, as an interface, so the real-time pump can be
// tested with a clock the test moves by hand (no sleeps, no timed assertions).

#include <chrono>

namespace drdrill::transport {

class MonotonicClock {
 public:
  using time_point = std::chrono::steady_clock::time_point;
  virtual ~MonotonicClock() = default;
  virtual time_point now() const = 0;
};

// std::chrono::steady_clock. A process-wide object without state.
const MonotonicClock& steady_monotonic_clock();

// For tests: a clock that stands still until advanced.
class ManualMonotonicClock final : public MonotonicClock {
 public:
  time_point now() const override { return now_; }
  void advance(std::chrono::nanoseconds by) { now_ += by; }

 private:
  time_point now_{};
};

}  // namespace drdrill::transport
