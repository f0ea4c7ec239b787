#pragma once
// Event: a one-shot signal that tasks can wait for, with or without a timeout.
//
//   Event failover_done(sched);                      // owned by the component that signals
//   ... storage model, later:  failover_done.set();
//   ... runbook task:
//   if (!co_await failover_done.wait_for(1h)) co_return Status::DeadlineExceeded("failover");
//
// - set() is one-shot and idempotent. Waiting on an Event that is already set does not suspend.
// - Waiters are woken through the scheduler (one "event.wake" event each, at the time of set(), in
//   the order they started waiting), never from inside set(): whoever signals finishes its own
//   update before any waiter runs, exactly as with any other event.
// - wait_for(d) / wait_until(t) resume with true if the Event was set first and false on timeout
//   (an "event.timeout" event at the deadline, cancelled if set() comes first). A deadline at or
//   before now still suspends and times out after the events already due now.
//
// Lifetimes: an awaiter lives in the waiting coroutine's frame and unlinks itself (and cancels its
// timer) if that frame is destroyed, so tasks may be destroyed while waiting. The scheduler must
// outlive the Event and every waiter. If the Event is destroyed first, its waiters are detached:
// timed waits still time out (false); plain waits stay suspended until their frames are destroyed
// (their TaskGroup frees them).
//
// Threading: none; call set() and await only on the scheduler's thread.

#include <coroutine>
#include <optional>

#include "core/scheduler.h"

namespace drdrill {

class Event {
 public:
  explicit Event(Scheduler& scheduler) : scheduler_(scheduler) {}
  ~Event();
  Event(const Event&) = delete;
  Event& operator=(const Event&) = delete;

  void set();
  bool is_set() const { return is_set_; }

 private:
  // A suspended wait: an intrusive list node inside an awaiter, so waiting allocates nothing beyond
  // the scheduler event.
  class Waiter {
   public:
    Waiter(Event& event, std::optional<TimePoint> deadline) noexcept
        : scheduler_(event.scheduler_), event_(&event), deadline_(deadline) {}
    Waiter(const Waiter&) = delete;
    Waiter& operator=(const Waiter&) = delete;
    ~Waiter();

    bool ready() noexcept;
    void suspend(std::coroutine_handle<> handle);
    bool fired() const noexcept { return fired_; }

   private:
    friend class Event;
    void unlink() noexcept;
    void wake();
    void on_timeout();

    Scheduler& scheduler_;
    Event* event_;  // null once the Event is destroyed
    std::optional<TimePoint> deadline_;
    bool linked_ = false;  // in event_'s waiter list
    Waiter* prev_ = nullptr;
    Waiter* next_ = nullptr;
    std::coroutine_handle<> handle_;
    TimerId timer_ = kNoTimer;  // the pending timeout or wake-up
    bool fired_ = false;
  };

 public:
  // co_await event.wait(): resumes once the Event is set.
  class [[nodiscard]] WaitAwaiter {
   public:
    explicit WaitAwaiter(Event& event) noexcept : waiter_(event, std::nullopt) {}
    bool await_ready() noexcept { return waiter_.ready(); }
    void await_suspend(std::coroutine_handle<> handle) { waiter_.suspend(handle); }
    void await_resume() const noexcept {}

   private:
    Waiter waiter_;
  };

  // co_await event.wait_for(d) / wait_until(t): true if set, false if the deadline came first.
  class [[nodiscard]] TimedWaitAwaiter {
   public:
    TimedWaitAwaiter(Event& event, TimePoint deadline) noexcept : waiter_(event, deadline) {}
    bool await_ready() noexcept { return waiter_.ready(); }
    void await_suspend(std::coroutine_handle<> handle) { waiter_.suspend(handle); }
    bool await_resume() const noexcept { return waiter_.fired(); }

   private:
    Waiter waiter_;
  };

  WaitAwaiter wait() { return WaitAwaiter(*this); }
  TimedWaitAwaiter wait_until(TimePoint deadline) { return TimedWaitAwaiter(*this, deadline); }
  TimedWaitAwaiter wait_for(Duration timeout) { return TimedWaitAwaiter(*this, scheduler_.now() + timeout); }

 private:
  void link(Waiter& waiter) noexcept;

  Scheduler& scheduler_;
  bool is_set_ = false;
  Waiter* head_ = nullptr;  // waiters in the order they started waiting
  Waiter* tail_ = nullptr;
};

}  // namespace drdrill
