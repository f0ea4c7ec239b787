#include "core/event.h"

#include <cassert>

namespace drdrill {

Event::~Event() {
  // Detach rather than wake: resuming tasks from a destructor would run arbitrary code while the
  // owner is half torn down. Timed waiters still time out; the rest are freed with their frames.
  for (Waiter* w = head_; w != nullptr;) {
    Waiter* next = w->next_;
    w->linked_ = false;
    w->event_ = nullptr;
    w->prev_ = w->next_ = nullptr;
    w = next;
  }
}

void Event::set() {
  if (is_set_) return;
  is_set_ = true;
  while (head_ != nullptr) {
    Waiter* w = head_;
    w->unlink();
    w->wake();
  }
}

void Event::link(Waiter& waiter) noexcept {
  waiter.prev_ = tail_;
  waiter.next_ = nullptr;
  if (tail_ != nullptr) {
    tail_->next_ = &waiter;
  } else {
    head_ = &waiter;
  }
  tail_ = &waiter;
  waiter.linked_ = true;
}

Event::Waiter::~Waiter() {
  unlink();
  if (timer_ != kNoTimer) scheduler_.cancel(timer_);
}

bool Event::Waiter::ready() noexcept {
  assert(event_ != nullptr);
  fired_ = event_->is_set_;
  return fired_;
}

void Event::Waiter::suspend(std::coroutine_handle<> handle) {
  handle_ = handle;
  event_->link(*this);
  if (deadline_) {
    timer_ = scheduler_.schedule_at(*deadline_, [this] { on_timeout(); }, "event.timeout");
  }
}

void Event::Waiter::unlink() noexcept {
  if (!linked_) return;
  (prev_ != nullptr ? prev_->next_ : event_->head_) = next_;
  (next_ != nullptr ? next_->prev_ : event_->tail_) = prev_;
  prev_ = next_ = nullptr;
  linked_ = false;
}

void Event::Waiter::wake() {
  if (timer_ != kNoTimer) scheduler_.cancel(timer_);  // the timeout lost the race
  fired_ = true;
  timer_ = scheduler_.schedule_at(
      scheduler_.now(),
      [this] {
        timer_ = kNoTimer;  // before resuming: the resumed coroutine destroys this waiter
        handle_.resume();
      },
      "event.wake");
}

void Event::Waiter::on_timeout() {
  timer_ = kNoTimer;
  unlink();
  fired_ = false;
  handle_.resume();
}

}  // namespace drdrill
