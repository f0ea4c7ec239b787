#pragma once
// Test helper: a Scheduler whose time never moves and whose events never run, for handler tests
// that only look at request/response pairs at one instant.

#include "core/scheduler.h"

namespace drdrill::databricks::testing {

class FrozenScheduler final : public Scheduler {
 public:
  TimePoint now() const override { return kDefaultEpoch; }
  TimerId schedule_at(TimePoint, Callback, std::string_view) override { return ++last_; }
  bool cancel(TimerId) override { return false; }

 private:
  TimerId last_ = 0;
};

}  // namespace drdrill::databricks::testing
