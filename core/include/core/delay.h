#pragma once
// delay_for / delay_until: suspend a Task (core/task.h) until a point in the scheduler's time.
//
//   co_await delay_for(sched, 30s, "runbook.poll");
//
// The wake-up is an ordinary scheduler event (labelled for traces), so in simulated time a sleep
// costs one event and the clock jumps; with the real-time scheduler it is a timer. A sleep always
// suspends, even for zero or negative durations (it then resumes after the events already due now),
// so a polling loop can never starve the rest of the world.
//
// Lifetime: the awaiter lives in the sleeping coroutine's frame. If the frame is destroyed while
// asleep (its TaskGroup went away), the awaiter cancels the wake-up, so the scheduler must outlive
// every task sleeping on it (declare the scheduler before the TaskGroup). `label` must outlive the
// event (use a string literal).

#include <coroutine>
#include <string_view>

#include "core/scheduler.h"

namespace drdrill {

class [[nodiscard]] DelayAwaiter {
 public:
  DelayAwaiter(Scheduler& scheduler, TimePoint wake_at, std::string_view label) noexcept
      : scheduler_(scheduler), wake_at_(wake_at), label_(label) {}
  DelayAwaiter(const DelayAwaiter&) = delete;
  DelayAwaiter& operator=(const DelayAwaiter&) = delete;
  ~DelayAwaiter() {
    if (timer_ != kNoTimer) scheduler_.cancel(timer_);
  }

  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<> sleeper) {
    timer_ = scheduler_.schedule_at(
        wake_at_,
        [this, sleeper] {
          timer_ = kNoTimer;  // before resuming: the resumed coroutine destroys this awaiter
          sleeper.resume();
        },
        label_);
  }
  void await_resume() const noexcept {}

 private:
  Scheduler& scheduler_;
  TimePoint wake_at_;
  std::string_view label_;
  TimerId timer_ = kNoTimer;
};

inline DelayAwaiter delay_until(Scheduler& scheduler, TimePoint wake_at, std::string_view label = "task.delay") {
  return DelayAwaiter(scheduler, wake_at, label);
}

inline DelayAwaiter delay_for(Scheduler& scheduler, Duration delay, std::string_view label = "task.delay") {
  return DelayAwaiter(scheduler, scheduler.now() + delay, label);
}

}  // namespace drdrill
