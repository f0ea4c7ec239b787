#include "transport/real_time_pump.h"

#include <algorithm>
#include <cassert>
#include <utility>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

namespace drdrill::transport {

namespace net = boost::asio;
using WallTime = MonotonicClock::time_point;

struct RealTimePump::Impl : std::enable_shared_from_this<RealTimePump::Impl> {
  Impl(net::io_context& context, PumpTarget t, RealTimePumpOptions o)
      : timer(context),
        target(std::move(t)),
        options(std::move(o)),
        clock(options.clock != nullptr ? *options.clock : steady_monotonic_clock()) {}

  TimePoint target_now() const {
    const std::chrono::duration<double> elapsed = clock.now() - wall_start;
    const TimePoint simulated =
        options.simulated_start + std::chrono::duration_cast<Duration>(elapsed * options.time_scale);
    return std::min(std::max(simulated, last_target), options.stop_at);
  }

  WallTime wall_time_of(TimePoint when) const {
    const std::chrono::duration<double> simulated = when - options.simulated_start;
    const WallTime wall = wall_start + std::chrono::ceil<WallTime::duration>(simulated / options.time_scale);
    return std::max(wall, clock.now());
  }

  // Advances the world to at least `floor` (the instant a timer was armed for: the wall clock has
  // reached it, whatever the rounding of target_now() says).
  Status pump(TimePoint floor) {
    if (!running) return Status::Ok();
    const TimePoint until = std::min(std::max(target_now(), floor), options.stop_at);
    last_target = until;
    if (Status advanced = target.advance_to(until); !advanced.ok()) {
      halt();
      if (options.on_error) options.on_error(advanced);
      return advanced;
    }
    if (until >= options.stop_at) {
      halt();
      if (options.on_stop_time) options.on_stop_time();
      return Status::Ok();
    }
    arm();
    return Status::Ok();
  }

  void halt() {
    running = false;
    disarm();
  }

  // One timer, for the earlier of the world's next event and stop_at. Called after every request:
  // when the deadline is the one the timer already waits for (a request that scheduled nothing
  // earlier, the common case) the wait is left alone — re-arming would cancel it, queue the
  // cancelled wait's completion and allocate a new one, for nothing.
  void arm() {
    if (!running) return;
    TimePoint deadline = options.stop_at;
    if (const auto next = target.next_event_time()) deadline = std::min(deadline, *next);
    if (deadline == TimePoint::max()) {
      disarm();
      return;
    }
    if (armed && armed_deadline == deadline) return;
    const WallTime wall = wall_time_of(deadline);
    armed = wall;
    armed_deadline = deadline;
    ++arms;
    timer.expires_after(wall - clock.now());
    timer.async_wait([weak = weak_from_this(), deadline](const boost::system::error_code& ec) {
      if (ec) return;  // re-armed or cancelled: a newer wait owns the schedule
      if (auto self = weak.lock()) {
        self->armed.reset();  // this wait is over: whatever comes next must arm anew
        (void)self->pump(deadline);
      }
    });
  }

  void disarm() {
    if (!armed) return;
    armed.reset();
    timer.cancel();
  }

  net::steady_timer timer;
  PumpTarget target;
  RealTimePumpOptions options;
  const MonotonicClock& clock;
  WallTime wall_start{};
  TimePoint last_target = TimePoint::min();
  bool running = false;
  std::optional<WallTime> armed;  // the wall instant the pending wait ends at; nullopt: none pending
  TimePoint armed_deadline{};     // the simulated time it was armed for (valid while `armed`)
  std::uint64_t arms = 0;
};

RealTimePump::RealTimePump(net::io_context& io_context, PumpTarget target, RealTimePumpOptions options)
    : impl_(std::make_shared<Impl>(io_context, std::move(target), std::move(options))) {
  assert(impl_->options.time_scale > 0 && "time_scale must be positive");
}

RealTimePump::~RealTimePump() { impl_->halt(); }

void RealTimePump::start() {
  impl_->wall_start = impl_->clock.now();
  impl_->last_target = impl_->options.simulated_start;
  impl_->running = true;
  impl_->arm();
}

void RealTimePump::stop() { impl_->halt(); }

bool RealTimePump::running() const { return impl_->running; }

TimePoint RealTimePump::target_now() const { return impl_->target_now(); }

MonotonicClock::time_point RealTimePump::wall_time_of(TimePoint when) const { return impl_->wall_time_of(when); }

Status RealTimePump::pump() { return impl_->pump(TimePoint::min()); }

http::Handler RealTimePump::wrap(http::Handler handler) {
  return [impl = impl_, inner = std::move(handler)](const http::Request& request) {
    (void)impl->pump(TimePoint::min());  // errors went to on_error; the request is still answered
    http::Response response = inner(request);
    impl->arm();
    return response;
  };
}

std::optional<MonotonicClock::time_point> RealTimePump::armed_for() const { return impl_->armed; }

std::uint64_t RealTimePump::timer_arms() const { return impl_->arms; }

}  // namespace drdrill::transport
