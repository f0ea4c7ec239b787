#include "core/task_group.h"

#include <stdexcept>
#include <string>

namespace drdrill {

namespace task_detail {

Status SpawnStateBase::status() const {
  const std::string name = "task '" + std::string(label) + "'";
  switch (phase) {
    case Phase::kReturned: return Status::Ok();
    case Phase::kRunning: return Status::FailedPrecondition(name + " has not finished");
    case Phase::kAbandoned: return Status::FailedPrecondition(name + " was destroyed before it finished");
    case Phase::kThrew: break;
  }
  try {
    std::rethrow_exception(exception);
  } catch (const std::exception& e) {
    return Status::Internal(name + " threw: " + e.what());
  } catch (...) {
    return Status::Internal(name + " threw a non-standard exception");
  }
}

RootTask::promise_type::~promise_type() {
  if (outcome && outcome->phase == SpawnStateBase::Phase::kRunning) outcome->phase = SpawnStateBase::Phase::kAbandoned;
  if (group != nullptr) group->forget(*this);
}

}  // namespace task_detail

TaskGroup::~TaskGroup() {
  // Each destroy() runs the frame's destructors: awaiters cancel their timers, nested Tasks free
  // their frames, and the root's promise unlinks itself from this list.
  while (head_ != nullptr) {
    task_detail::RootTask::promise_type& root = *head_;
    if (root.start_timer != kNoTimer) scheduler_.cancel(root.start_timer);
    RootHandle::from_promise(root).destroy();
  }
}

void TaskGroup::adopt(RootHandle root, std::string_view label) {
  auto& promise = root.promise();
  promise.group = this;
  promise.prev = tail_;
  (tail_ != nullptr ? tail_->next : head_) = &promise;
  tail_ = &promise;
  ++active_;
  promise.start_timer = scheduler_.schedule_at(
      scheduler_.now(),
      [root] {
        root.promise().start_timer = kNoTimer;
        root.resume();
      },
      label);
}

void TaskGroup::forget(task_detail::RootTask::promise_type& root) noexcept {
  (root.prev != nullptr ? root.prev->next : head_) = root.next;
  (root.next != nullptr ? root.next->prev : tail_) = root.prev;
  root.prev = root.next = nullptr;
  root.group = nullptr;
  --active_;
}

}  // namespace drdrill
