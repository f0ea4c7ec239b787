#pragma once
// Clock: where every component gets "now". Injected, never global, so a simulated world and a
// real-time world can live in one process and tests can pin time.

#include "core/time.h"

namespace drdrill {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual TimePoint now() const = 0;
};

// A clock that only moves when told to. For handler tests that need a fixed, known time.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(TimePoint start = kDefaultEpoch) : now_(start) {}
  TimePoint now() const override { return now_; }
  void set(TimePoint t) { now_ = t; }
  void advance(Duration d) { now_ += d; }

 private:
  TimePoint now_;
};

}  // namespace drdrill
