#include "transport/real_time_scheduler.h"

#include <algorithm>
#include <cassert>
#include <map>
#include <tuple>

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>

namespace drdrill::transport {

namespace net = boost::asio;
using SteadyClock = std::chrono::steady_clock;  // wall-clock ok: real-time scheduler

struct RealTimeScheduler::Impl : std::enable_shared_from_this<RealTimeScheduler::Impl> {
  struct Key {
    TimePoint when;
    std::uint64_t sequence;
    friend auto operator<=>(const Key&, const Key&) = default;
  };
  struct Event {
    TimerId id;
    Callback fn;
    std::string_view label;
  };

  Impl(net::io_context& context, TimePoint start, double scale)
      : timer(context),
        simulated_start(start),
        time_scale(scale),
        wall_start(SteadyClock::now()) {}  // wall-clock ok: the origin of simulated time

  // Simulated time from the steady clock, truncated to microseconds.
  TimePoint from_wall(SteadyClock::time_point wall) const {
    const std::chrono::duration<double> elapsed = wall - wall_start;
    return simulated_start + std::chrono::duration_cast<Duration>(elapsed * time_scale);
  }

  // The wall instant at which simulated time reaches `when`, rounded up.
  SteadyClock::time_point to_wall(TimePoint when) const {
    const std::chrono::duration<double> simulated = when - simulated_start;
    return wall_start + std::chrono::ceil<SteadyClock::duration>(simulated / time_scale);
  }

  TimePoint now() const {
    return std::max(from_wall(SteadyClock::now()), floor);  // wall-clock ok: simulated now follows wall
  }

  // Arms the one timer for the earliest event (cancelling any wait in progress).
  void arm() {
    if (queue.empty()) {
      timer.cancel();
      return;
    }
    const TimePoint target = queue.begin()->first.when;
    timer.expires_at(to_wall(target));  // wall-clock ok: the real-time scheduler's one timer
    timer.async_wait([weak = weak_from_this(), target](const boost::system::error_code& ec) {
      if (ec) return;  // re-armed or cancelled; a newer wait owns the queue
      if (auto self = weak.lock()) self->run_due(target);
    });
  }

  // The timer armed for simulated time `target` fired, so wall time has reached it: everything
  // up to max(now, target) is due (`target` guards against floating-point rounding in now()).
  void run_due(TimePoint target) {
    while (!queue.empty()) {
      auto first = queue.begin();
      const TimePoint reached = std::max(from_wall(SteadyClock::now()), target);  // wall-clock ok
      if (first->first.when > reached) break;
      Event event = std::move(first->second);
      floor = std::max(floor, first->first.when);
      index.erase(event.id);
      queue.erase(first);
      event.fn();  // may schedule or cancel; the queue is re-read each turn
    }
    arm();
  }

  net::steady_timer timer;
  const TimePoint simulated_start;
  const double time_scale;
  const SteadyClock::time_point wall_start;
  TimePoint floor = TimePoint::min();      // now() never reads below the event being run
  std::map<Key, Event> queue;
  std::map<TimerId, Key> index;
  std::uint64_t next_sequence = 0;
  TimerId next_id = 1;
};

RealTimeScheduler::RealTimeScheduler(net::io_context& io_context, TimePoint simulated_start, double time_scale)
    : impl_(std::make_shared<Impl>(io_context, simulated_start, time_scale)) {
  assert(time_scale > 0 && "time_scale must be positive");
}

RealTimeScheduler::~RealTimeScheduler() = default;

TimePoint RealTimeScheduler::now() const { return impl_->now(); }  // wall-clock ok: scaled steady time

TimerId RealTimeScheduler::schedule_at(TimePoint when, Callback fn, std::string_view label) {
  const TimerId id = impl_->next_id++;
  const Impl::Key key{when, impl_->next_sequence++};
  const bool new_first = impl_->queue.empty() || key < impl_->queue.begin()->first;
  impl_->queue.emplace(key, Impl::Event{id, std::move(fn), label});
  impl_->index.emplace(id, key);
  if (new_first) impl_->arm();
  return id;
}

bool RealTimeScheduler::cancel(TimerId id) {
  const auto found = impl_->index.find(id);
  if (found == impl_->index.end()) return false;
  const bool was_first = impl_->queue.begin()->first == found->second;
  impl_->queue.erase(found->second);
  impl_->index.erase(found);
  if (was_first) impl_->arm();
  return true;
}

double RealTimeScheduler::time_scale() const { return impl_->time_scale; }

std::size_t RealTimeScheduler::pending() const { return impl_->queue.size(); }

}  // namespace drdrill::transport
