#pragma once
// SimulatedScheduler: the deterministic event loop of a simulated world.
//
// One thread, a virtual clock and a queue of events ordered by (time, sequence number): time jumps
// straight to the next event, and events due at the same instant run in the order they were
// scheduled. Nothing reads a real clock, so the same inputs give the same run, event for event.
//
// Guarantees:
// - now() never goes backwards. An event scheduled in the past runs at the current time, after the
//   events already due then (it takes the next sequence number).
// - schedule_at() is O(log n); cancel() is amortised O(1): the event's callback is released at once and its queue entry is dropped when
//   it reaches the front; when dropped entries outnumber live ones the queue is compacted, so
//   schedule-and-cancel loops (timeouts that rarely fire) cannot grow memory without bound.
// - TimerIds are never reused within one scheduler.
// - trace_hash() is a running 64-bit hash (FNV-1a over 64-bit words, byte-order independent) of
//   (time, sequence number, label) for every executed event. Two runs with the same hash executed
//   the same events at the same times in the same order (barring a 2^-64 collision), which is how
//   tests and `drdrill run` check determinism. A cancelled event is not traced, but it did take a sequence
//   number, so scheduling-and-cancelling still changes the hash of what follows (as it should: the
//   program did something different).
//
// Ownership and threading: the scheduler owns pending callbacks and destroys them (unrun) when it is
// destroyed. It holds no global state, so any number of worlds can live in one process. Not
// thread-safe: every call, and every callback, happens on the thread that drives run()/step().
// run()/step() must not be called from inside a callback. An exception thrown by a callback
// propagates out of run()/step(); the scheduler stays consistent (that event counts as run).

#include <cstdint>
#include <functional>
#include <limits>
#include <optional>
#include <string_view>
#include <vector>

#include "core/scheduler.h"
#include "core/status.h"
#include "core/time.h"

namespace drdrill {

// Limits for one call of SimulatedScheduler::run().
struct RunBounds {
  // Events this call may execute. Needing more is an error (ResourceExhausted): a drill that does
  // not settle within its budget is almost always a livelock (a poll loop that never ends).
  std::uint64_t max_events = std::numeric_limits<std::uint64_t>::max();
  // Simulated time to stop at: events due at or before it run, later ones stay queued, and the
  // clock ends exactly here. TimePoint::max() means "until the queue is empty".
  TimePoint until = TimePoint::max();
};

// One executed event, as given to the trace sink.
struct TraceEvent {
  TimePoint time;
  std::uint64_t sequence;  // scheduling order; unique per scheduler
  std::string_view label;
};

class SimulatedScheduler final : public Scheduler {
 public:
  using TraceSink = std::function<void(const TraceEvent&)>;

  SimulatedScheduler() : SimulatedScheduler(kDefaultEpoch) {}
  explicit SimulatedScheduler(TimePoint start);
  ~SimulatedScheduler() override;
  SimulatedScheduler(const SimulatedScheduler&) = delete;
  SimulatedScheduler& operator=(const SimulatedScheduler&) = delete;

  TimePoint now() const override { return now_; }
  TimerId schedule_at(TimePoint when, Callback fn, std::string_view label = {}) override;
  bool cancel(TimerId id) override;

  // Runs events in order until the queue is empty or a bound is hit.
  // - OK when the queue emptied or the next event lies after bounds.until. If bounds.until is finite
  //   the clock then stands at bounds.until (simulated time passed even if nothing happened).
  // - ResourceExhausted when one more event is due but max_events have already run in this call;
  //   the message names the bound, the events run, the simulated time reached and what is pending.
  //   The clock stays at the last event executed.
  Status run(const RunBounds& bounds);
  Status run() { return run(RunBounds{}); }
  // run() with `until = t` / `until = now() + d` and no event bound.
  Status run_until(TimePoint t) { return run(RunBounds{.until = t}); }
  Status run_for(Duration d) { return run_until(now_ + d); }

  // Runs exactly the next event, if any; returns whether one ran. Lets a test interleave worlds.
  bool step();

  // Time of the next live event, if any.
  std::optional<TimePoint> next_event_time();

  // Live (scheduled, not yet run, not cancelled) events.
  std::size_t pending() const { return queue_.size() - cancelled_in_queue_; }
  // Queue entries including cancelled ones not yet dropped (diagnostics; bounded by about
  // 2 * pending() + 1024).
  std::size_t queued_entries() const { return queue_.size(); }
  // Events executed since construction.
  std::uint64_t events_run() const { return events_run_; }
  // Running hash of (time, sequence, label) over every executed event; see the file comment.
  std::uint64_t trace_hash() const { return trace_hash_; }

  // Called with every event just before it runs (debugging, golden traces). Empty to switch off.
  void set_trace_sink(TraceSink sink) { trace_sink_ = std::move(sink); }

 private:
  // Where a scheduled callback lives until it runs. Slots are recycled; `generation` tells a stale
  // TimerId from the slot's current occupant.
  struct Slot {
    Callback fn;
    std::string_view label;
    std::uint32_t generation = 1;
    bool live = false;  // scheduled and neither run nor cancelled
  };
  // A queue entry: small and trivially copyable so heap moves are cheap; the callback stays put.
  struct Entry {
    TimePoint time;
    std::uint64_t sequence;
    std::uint32_t slot;
  };

  // Pops the front entry (live or cancelled). Requires a non-empty queue.
  Entry pop_front();
  // Drops cancelled entries at the front; returns false when no live event remains.
  bool skip_cancelled();
  void run_front();
  void release_slot(std::uint32_t slot);
  void compact();
  Status exhausted(std::uint64_t max_events, std::uint64_t ran) const;

  TimePoint start_;
  TimePoint now_;
  std::vector<Entry> queue_;  // binary min-heap on (time, sequence)
  std::vector<Slot> slots_;
  std::vector<std::uint32_t> free_slots_;
  std::size_t cancelled_in_queue_ = 0;
  std::uint64_t next_sequence_ = 0;
  std::uint64_t events_run_ = 0;
  std::uint64_t trace_hash_;
  TraceSink trace_sink_;
  bool running_ = false;
};

}  // namespace drdrill
