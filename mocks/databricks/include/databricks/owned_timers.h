#pragma once
// OwnedTimers: scheduler events that belong to one object and die with it.
//
// A service model schedules callbacks that capture `this`; if the model is destroyed while the
// scheduler lives on (a test that drops a workspace, a drill that tears a world down early), those
// callbacks must never run. OwnedTimers remembers what is pending and cancels it on destruction.
// Not thread-safe, like the Scheduler it wraps.

#include <functional>
#include <set>
#include <string_view>

#include "core/scheduler.h"

namespace drdrill::databricks {

class OwnedTimers {
 public:
  explicit OwnedTimers(Scheduler& scheduler) : scheduler_(scheduler) {}
  ~OwnedTimers();
  OwnedTimers(const OwnedTimers&) = delete;
  OwnedTimers& operator=(const OwnedTimers&) = delete;

  TimerId at(TimePoint when, std::function<void()> fn, std::string_view label);
  TimerId after(Duration delay, std::function<void()> fn, std::string_view label) {
    return at(scheduler_.now() + delay, std::move(fn), label);
  }
  // Cancels a pending event; false if it already ran or was cancelled (kNoTimer is fine).
  bool cancel(TimerId id);

  std::size_t pending() const { return pending_.size(); }
  Scheduler& scheduler() const { return scheduler_; }

 private:
  Scheduler& scheduler_;
  std::set<TimerId> pending_;
};

}  // namespace drdrill::databricks
