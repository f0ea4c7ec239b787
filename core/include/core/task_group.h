#pragma once
// TaskGroup: starts top-level Tasks (core/task.h) on a scheduler and owns their coroutine frames.
//
//   SimulatedScheduler sched;
//   TaskGroup tasks(sched);                                  // declared after the scheduler
//   Spawned<Status> runbook = tasks.spawn(fail_over(sched, storage, cluster), "runbook.start");
//   DRDRILL_RETURN_IF_ERROR(sched.run(bounds));
//   if (runbook.done()) report(runbook.status());
//
// - spawn() does not run the task: it schedules a start event at now() (labelled for traces), so
//   spawning from inside an event or another task never re-enters the caller.
// - A task that finishes (returns or throws) frees its frame at once; its outcome stays readable
//   through the Spawned handle, which shares it and may outlive the group.
// - Destroying the group destroys every task that has not finished, wherever it is suspended. Their
//   pending sleeps and waits cancel themselves, so nothing leaks and nothing resumes a dead frame.
//   Their Spawned handles then report abandoned().
//
// Lifetimes: the scheduler must outlive the group (declare it first). Threading: none; use the group
// on the scheduler's thread only.

#include <cassert>
#include <coroutine>
#include <cstddef>
#include <exception>
#include <memory>
#include <optional>
#include <string_view>
#include <type_traits>
#include <utility>

#include "core/scheduler.h"
#include "core/status.h"
#include "core/task.h"

namespace drdrill {

class TaskGroup;

namespace task_detail {

// The outcome of a spawned task, shared by its root frame and its Spawned handle.
struct SpawnStateBase {
  enum class Phase { kRunning, kReturned, kThrew, kAbandoned };
  Phase phase = Phase::kRunning;
  std::exception_ptr exception;
  std::string_view label;

  // OK once returned; otherwise why there is no result (not finished, threw, abandoned).
  Status status() const;
};

template <typename T>
struct SpawnState : SpawnStateBase {
  std::optional<T> value;
};

template <>
struct SpawnState<void> : SpawnStateBase {};

// The coroutine that wraps a spawned Task: the group's list links through its promise, and the frame
// frees itself on completion.
class RootTask {
 public:
  struct promise_type {
    TaskGroup* group = nullptr;
    promise_type* prev = nullptr;
    promise_type* next = nullptr;
    TimerId start_timer = kNoTimer;
    std::shared_ptr<SpawnStateBase> outcome;

    // Leaves the group's list, whether the task finished or the group destroyed it, and marks the
    // outcome abandoned if the task had not finished (even if it never started).
    ~promise_type();
    RootTask get_return_object() noexcept {
      return RootTask(std::coroutine_handle<promise_type>::from_promise(*this));
    }
    std::suspend_always initial_suspend() const noexcept { return {}; }
    std::suspend_never final_suspend() const noexcept { return {}; }  // finished: free the frame
    void return_void() const noexcept {}
    void unhandled_exception() const noexcept { std::terminate(); }  // run_root catches everything
  };

  std::coroutine_handle<promise_type> handle() const { return handle_; }

 private:
  explicit RootTask(std::coroutine_handle<promise_type> handle) : handle_(handle) {}
  std::coroutine_handle<promise_type> handle_;
};

template <typename T>
RootTask run_root(Task<T> task, std::shared_ptr<SpawnState<T>> state) {
  try {
    if constexpr (std::is_void_v<T>) {
      co_await std::move(task);
    } else {
      state->value.emplace(co_await std::move(task));
    }
    state->phase = SpawnStateBase::Phase::kReturned;
  } catch (...) {
    state->exception = std::current_exception();
    state->phase = SpawnStateBase::Phase::kThrew;
  }
}

}  // namespace task_detail

// A read-only view of a spawned task's outcome. Cheap to copy; valid after the group is gone.
template <typename T>
class Spawned {
  using Phase = task_detail::SpawnStateBase::Phase;

 public:
  // Finished, by returning or by throwing.
  bool done() const { return state_->phase == Phase::kReturned || state_->phase == Phase::kThrew; }
  bool returned() const { return state_->phase == Phase::kReturned; }
  bool threw() const { return state_->phase == Phase::kThrew; }
  // Destroyed with its group before it finished.
  bool abandoned() const { return state_->phase == Phase::kAbandoned; }

  // The co_return value; requires returned().
  template <typename U = T>
    requires(!std::is_void_v<U>)
  const U& value() const {
    assert(returned());
    return *state_->value;
  }
  // The exception that ended the task, if it threw.
  std::exception_ptr exception() const { return state_->exception; }

  // OK when returned (for Task<Status>, the returned Status itself); otherwise FailedPrecondition
  // (still running or abandoned) or Internal (threw, with the exception's message).
  Status status() const {
    if constexpr (std::is_same_v<T, Status>) {
      if (returned()) return *state_->value;
    }
    return state_->status();
  }

 private:
  friend class TaskGroup;
  explicit Spawned(std::shared_ptr<const task_detail::SpawnState<T>> state) : state_(std::move(state)) {}

  std::shared_ptr<const task_detail::SpawnState<T>> state_;
};

class TaskGroup {
 public:
  explicit TaskGroup(Scheduler& scheduler) : scheduler_(scheduler) {}
  ~TaskGroup();
  TaskGroup(const TaskGroup&) = delete;
  TaskGroup& operator=(const TaskGroup&) = delete;

  // Starts `task` from a scheduler event at now() labelled `label` (a string literal).
  template <typename T>
  Spawned<T> spawn(Task<T> task, std::string_view label = "task.start") {
    assert(task.valid() && "spawning an empty Task");
    auto state = std::make_shared<task_detail::SpawnState<T>>();
    state->label = label;
    const auto root = task_detail::run_root(std::move(task), state).handle();
    root.promise().outcome = state;
    adopt(root, label);
    return Spawned<T>(std::move(state));
  }

  // Tasks spawned and not yet finished (running, waiting or not yet started).
  std::size_t active() const { return active_; }

  Scheduler& scheduler() const { return scheduler_; }

 private:
  friend struct task_detail::RootTask::promise_type;
  using RootHandle = std::coroutine_handle<task_detail::RootTask::promise_type>;

  void adopt(RootHandle root, std::string_view label);
  void forget(task_detail::RootTask::promise_type& root) noexcept;

  Scheduler& scheduler_;
  task_detail::RootTask::promise_type* head_ = nullptr;  // in spawn order
  task_detail::RootTask::promise_type* tail_ = nullptr;
  std::size_t active_ = 0;
};

}  // namespace drdrill
