#include "core/simulated_scheduler.h"

#include <algorithm>
#include <cassert>
#include <string>
#include <utility>

namespace drdrill {

namespace {

// Below this many cancelled entries the queue is never compacted: a few tombstones cost less than
// rebuilding the heap.
constexpr std::size_t kMinCancelledToCompact = 1024;

constexpr std::uint64_t kHashOffset = 0xcbf29ce484222325ULL;  // FNV-1a 64-bit offset basis
constexpr std::uint64_t kHashPrime = 0x100000001b3ULL;        // FNV-1a 64-bit prime

// FNV-1a applied to whole 64-bit words instead of bytes (8x fewer multiplies on the hot path), with
// an xor-shift after each step so high input bits also reach the low bits of the state. Words are
// built from values, never from memory, so the hash does not depend on byte order.
std::uint64_t mix(std::uint64_t hash, std::uint64_t word) {
  hash ^= word;
  hash *= kHashPrime;
  return hash ^ (hash >> 32);
}

std::uint64_t mix_label(std::uint64_t hash, std::string_view label) {
  hash = mix(hash, label.size());
  std::uint64_t word = 0;
  int filled = 0;
  for (const char c : label) {
    word |= std::uint64_t{static_cast<unsigned char>(c)} << (8 * filled);
    if (++filled == 8) {
      hash = mix(hash, word);
      word = 0;
      filled = 0;
    }
  }
  return filled > 0 ? mix(hash, word) : hash;
}

// Min-heap order: the entry that runs first is at the front.
struct RunsLater {
  template <typename Entry>
  bool operator()(const Entry& a, const Entry& b) const {
    return a.time != b.time ? a.time > b.time : a.sequence > b.sequence;
  }
};

constexpr TimerId make_id(std::uint32_t generation, std::uint32_t slot) {
  return (std::uint64_t{generation} << 32) | slot;
}

}  // namespace

SimulatedScheduler::SimulatedScheduler(TimePoint start) : start_(start), now_(start), trace_hash_(kHashOffset) {}

SimulatedScheduler::~SimulatedScheduler() = default;

TimerId SimulatedScheduler::schedule_at(TimePoint when, Callback fn, std::string_view label) {
  assert(fn && "scheduling an empty callback");
  when = std::max(when, now_);  // the past runs now: time never goes backwards

  std::uint32_t index;
  if (!free_slots_.empty()) {
    index = free_slots_.back();
    free_slots_.pop_back();
  } else {
    assert(slots_.size() < std::numeric_limits<std::uint32_t>::max() && "too many pending events");
    index = static_cast<std::uint32_t>(slots_.size());
    slots_.emplace_back();
  }
  Slot& slot = slots_[index];
  slot.fn = std::move(fn);
  slot.label = label;
  slot.live = true;

  queue_.push_back(Entry{when, next_sequence_++, index});
  std::push_heap(queue_.begin(), queue_.end(), RunsLater{});
  return make_id(slot.generation, index);
}

bool SimulatedScheduler::cancel(TimerId id) {
  const auto index = static_cast<std::uint32_t>(id & 0xffffffffULL);
  const auto generation = static_cast<std::uint32_t>(id >> 32);
  if (index >= slots_.size()) return false;
  Slot& slot = slots_[index];
  if (!slot.live || slot.generation != generation) return false;

  // Release the callback now (it may own large state), but destroy it only after our bookkeeping is
  // done: its destructor may call back into the scheduler.
  Callback doomed = std::move(slot.fn);
  slot.fn = nullptr;
  slot.live = false;
  ++cancelled_in_queue_;
  if (cancelled_in_queue_ >= kMinCancelledToCompact && cancelled_in_queue_ * 2 > queue_.size()) compact();
  return true;
}

Status SimulatedScheduler::run(const RunBounds& bounds) {
  assert(!running_ && "run()/step() called from inside an event");
  running_ = true;
  struct Reset {
    bool& flag;
    ~Reset() { flag = false; }
  } reset{running_};

  std::uint64_t ran = 0;
  while (skip_cancelled()) {
    if (queue_.front().time > bounds.until) break;
    if (ran == bounds.max_events) return exhausted(bounds.max_events, ran);
    run_front();
    ++ran;
  }
  if (bounds.until != TimePoint::max() && now_ < bounds.until) now_ = bounds.until;
  return Status::Ok();
}

bool SimulatedScheduler::step() {
  assert(!running_ && "run()/step() called from inside an event");
  if (!skip_cancelled()) return false;
  running_ = true;
  struct Reset {
    bool& flag;
    ~Reset() { flag = false; }
  } reset{running_};
  run_front();
  return true;
}

std::optional<TimePoint> SimulatedScheduler::next_event_time() {
  if (!skip_cancelled()) return std::nullopt;
  return queue_.front().time;
}

SimulatedScheduler::Entry SimulatedScheduler::pop_front() {
  std::pop_heap(queue_.begin(), queue_.end(), RunsLater{});
  const Entry front = queue_.back();
  queue_.pop_back();
  return front;
}

bool SimulatedScheduler::skip_cancelled() {
  while (!queue_.empty() && !slots_[queue_.front().slot].live) {
    release_slot(pop_front().slot);
    --cancelled_in_queue_;
  }
  return !queue_.empty();
}

void SimulatedScheduler::run_front() {
  const Entry entry = pop_front();
  Slot& slot = slots_[entry.slot];
  assert(slot.live);
  Callback fn = std::move(slot.fn);
  slot.fn = nullptr;
  const std::string_view label = slot.label;
  release_slot(entry.slot);  // from here on cancel(id) of this event returns false

  assert(entry.time >= now_);
  now_ = entry.time;
  ++events_run_;
  trace_hash_ = mix_label(mix(mix(trace_hash_, static_cast<std::uint64_t>(entry.time.time_since_epoch().count())),
                              entry.sequence),
                          label);
  if (trace_sink_) trace_sink_(TraceEvent{entry.time, entry.sequence, label});
  fn();
}

void SimulatedScheduler::release_slot(std::uint32_t index) {
  Slot& slot = slots_[index];
  slot.live = false;
  slot.label = {};
  // A slot whose generation would wrap is retired rather than reused, so a TimerId can never come
  // back (costs one slot per 2^32 events through it).
  if (++slot.generation != 0) free_slots_.push_back(index);
}

void SimulatedScheduler::compact() {
  std::size_t kept = 0;
  for (const Entry& entry : queue_) {
    if (slots_[entry.slot].live) {
      queue_[kept++] = entry;
    } else {
      release_slot(entry.slot);
    }
  }
  queue_.resize(kept);
  std::make_heap(queue_.begin(), queue_.end(), RunsLater{});
  cancelled_in_queue_ = 0;
}

Status SimulatedScheduler::exhausted(std::uint64_t max_events, std::uint64_t ran) const {
  std::string msg = "max_events bound of " + std::to_string(max_events) + " reached: " + std::to_string(ran) +
                    " events run in this call (" + std::to_string(events_run_) + " in total), simulated time " +
                    format_iso8601(now_) + " (" + format_duration(now_ - start_) + " after start), " +
                    std::to_string(pending()) + " events still pending, next at " +
                    format_iso8601(queue_.front().time) + "; a poll loop that never ends?";
  return Status::ResourceExhausted(std::move(msg));
}

}  // namespace drdrill
