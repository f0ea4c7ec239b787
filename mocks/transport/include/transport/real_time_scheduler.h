#pragma once
// RealTimeScheduler: the Scheduler of `drdrill serve` — simulated time that follows the wall
// clock, optionally compressed.
//
//   simulated now = simulated_start + (steady time elapsed since construction) x time_scale
//
// At time_scale 1000 one simulated hour passes in 3.6 s of wall time. schedule_at(when) arms one
// Asio steady timer for the wall instant that corresponds to `when`; events are kept in a queue
// ordered by (when, sequence), so events due at the same simulated time run in the order they were
// scheduled, exactly as in the simulated scheduler.
//
// Callbacks run on the io_context's thread, one at a time. Not thread-safe: use it from that
// thread only (or before the io_context runs). Destroy it before its io_context.

#include <memory>

#include "core/scheduler.h"

namespace boost::asio {
class io_context;
}  // namespace boost::asio

namespace drdrill::transport {

class RealTimeScheduler final : public Scheduler {
 public:
  // `time_scale` > 0: simulated seconds per wall second.
  RealTimeScheduler(boost::asio::io_context& io_context, TimePoint simulated_start = kDefaultEpoch,
                    double time_scale = 1.0);
  ~RealTimeScheduler() override;

  RealTimeScheduler(const RealTimeScheduler&) = delete;
  RealTimeScheduler& operator=(const RealTimeScheduler&) = delete;

  // Never goes backwards, and inside a callback is never earlier than that event's time.
  TimePoint now() const override;
  TimerId schedule_at(TimePoint when, Callback fn, std::string_view label = {}) override;
  bool cancel(TimerId id) override;

  double time_scale() const;
  // Events scheduled and not yet run or cancelled.
  std::size_t pending() const;

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;  // shared with in-flight timer handlers, which hold it weakly
};

}  // namespace drdrill::transport
