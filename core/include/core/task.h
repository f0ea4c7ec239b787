#pragma once
// Task<T>: a C++20 coroutine for sequential logic in (simulated or real) time, so a runbook reads
// as what it does:
//
//   Task<Status> fail_over(Scheduler& sched, Storage& storage, Cluster& cluster) {
//     storage.start_failover();
//     while (!storage.failover_done()) co_await delay_for(sched, 30s, "runbook.poll");
//     co_return co_await cluster.start();
//   }
//
// Semantics:
// - Lazy: calling a Task function only creates its frame; nothing runs until the Task is co_awaited
//   by another Task or handed to TaskGroup::spawn (core/task_group.h), which starts it from the
//   scheduler.
// - `co_await task` runs the callee at once, like a function call, until it first suspends. If it
//   finishes without suspending, the awaiting task simply continues (no suspension, no stack growth,
//   so a loop over a million synchronously completing awaits is fine at any optimisation level). If
//   it suspends, the awaiting task suspends too, and when the callee finishes later it resumes its
//   awaiter by symmetric transfer. The result is the callee's co_return value; an exception escaping
//   the callee is rethrown in the awaiting task.
//   (Why not symmetric transfer for the start as well: GCC 12 emits it as a real tail call only at
//   -O2 without sanitizers, so Debug builds overflowed the stack after some 100k synchronous
//   completions.) For the same reason, on such builds a chain of N nested tasks that completes
//   asynchronously unwinds with stack proportional to N, like nested function calls: fine for the
//   tens of levels a runbook has (tested to 1000), not for recursion tens of thousands deep.
// - A Task can be awaited once.
//
// Lifetimes: a Task object owns its coroutine frame. Destroying a Task destroys the frame, and with
// it everything the frame owns: locals, the Tasks it is awaiting, and any pending sleep or Event wait
// (their awaiters cancel their timers on destruction, so nothing resumes a dead frame). A top-level
// task is owned by its TaskGroup, so destroying the group frees every suspended task.
//
// Parameters: a Task's parameters are copied into its frame, but reference parameters stay
// references; whatever they refer to must outlive the task. Avoid lambda coroutines with captures
// (the closure object is usually a temporary that dies before the coroutine resumes); use free or
// member functions.
//
// Threading: none. A task runs on the thread that resumes it, which is always the scheduler's thread
// (every resumption comes from a scheduler callback).

#include <cassert>
#include <concepts>
#include <coroutine>
#include <exception>
#include <optional>
#include <type_traits>
#include <utility>

namespace drdrill {

template <typename T = void>
class Task;

namespace task_detail {

class PromiseBase {
 public:
  struct FinalAwaiter {
    bool await_ready() const noexcept { return false; }
    template <typename Promise>
    std::coroutine_handle<> await_suspend(std::coroutine_handle<Promise> self) const noexcept {
      const PromiseBase& promise = self.promise();
      // Finished inside the awaiter's own resume() call: return there, it continues the awaiter.
      if (promise.running_inline_) return std::noop_coroutine();
      // Finished later, resumed by the scheduler: resume the awaiter by symmetric transfer.
      return promise.continuation_ ? promise.continuation_ : std::noop_coroutine();
    }
    void await_resume() const noexcept {}
  };

  std::suspend_always initial_suspend() const noexcept { return {}; }
  FinalAwaiter final_suspend() const noexcept { return {}; }
  void unhandled_exception() noexcept { exception_ = std::current_exception(); }

  // Runs the coroutine until it first suspends or finishes; returns whether it finished.
  bool start_inline(std::coroutine_handle<> self, std::coroutine_handle<> continuation) {
    continuation_ = continuation;
    running_inline_ = true;
    self.resume();
    running_inline_ = false;
    return self.done();
  }

 protected:
  void rethrow_if_failed() const {
    if (exception_) std::rethrow_exception(exception_);
  }

 private:
  std::coroutine_handle<> continuation_;
  std::exception_ptr exception_;
  bool running_inline_ = false;
};

template <typename T>
class Promise final : public PromiseBase {
 public:
  Task<T> get_return_object() noexcept;

  template <typename U = T>
    requires std::constructible_from<T, U&&>
  void return_value(U&& value) {
    value_.emplace(std::forward<U>(value));
  }

  T take() {
    rethrow_if_failed();
    assert(value_.has_value());
    return std::move(*value_);
  }

 private:
  std::optional<T> value_;
};

template <>
class Promise<void> final : public PromiseBase {
 public:
  Task<void> get_return_object() noexcept;
  void return_void() const noexcept {}
  void take() const { rethrow_if_failed(); }
};

}  // namespace task_detail

template <typename T>
class [[nodiscard]] Task {
  static_assert(!std::is_reference_v<T>, "Task<T&> is not supported: return a pointer or a value");

 public:
  using promise_type = task_detail::Promise<T>;
  using value_type = T;

  Task() = default;  // empty: owns nothing, cannot be awaited
  Task(Task&& other) noexcept : handle_(std::exchange(other.handle_, {})) {}
  Task& operator=(Task&& other) noexcept {
    if (this != &other) {
      reset();
      handle_ = std::exchange(other.handle_, {});
    }
    return *this;
  }
  Task(const Task&) = delete;
  Task& operator=(const Task&) = delete;
  ~Task() { reset(); }

  // Owns a frame (not default-constructed or moved from).
  bool valid() const noexcept { return static_cast<bool>(handle_); }
  // Ran to completion (returned or threw).
  bool done() const noexcept { return handle_ && handle_.done(); }

  class Awaiter {
   public:
    explicit Awaiter(std::coroutine_handle<promise_type> callee) noexcept : callee_(callee) {}
    bool await_ready() const noexcept { return false; }  // lazy: the callee has not started
    // Suspends the caller only if the callee did not finish synchronously.
    bool await_suspend(std::coroutine_handle<> caller) {
      assert(callee_ && !callee_.done() && "awaiting an empty or finished Task");
      return !callee_.promise().start_inline(callee_, caller);
    }
    T await_resume() { return callee_.promise().take(); }

   private:
    std::coroutine_handle<promise_type> callee_;
  };

  Awaiter operator co_await() & noexcept { return Awaiter(handle_); }
  Awaiter operator co_await() && noexcept { return Awaiter(handle_); }

 private:
  friend promise_type;
  explicit Task(std::coroutine_handle<promise_type> handle) noexcept : handle_(handle) {}

  void reset() noexcept {
    if (handle_) std::exchange(handle_, {}).destroy();
  }

  std::coroutine_handle<promise_type> handle_;
};

namespace task_detail {

template <typename T>
Task<T> Promise<T>::get_return_object() noexcept {
  return Task<T>(std::coroutine_handle<Promise<T>>::from_promise(*this));
}

inline Task<void> Promise<void>::get_return_object() noexcept {
  return Task<void>(std::coroutine_handle<Promise<void>>::from_promise(*this));
}

}  // namespace task_detail

}  // namespace drdrill
