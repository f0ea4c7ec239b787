#include "transport/monotonic_clock.h"

namespace drdrill::transport {
namespace {

class SteadyMonotonicClock final : public MonotonicClock {
 public:
  time_point now() const override {
    return std::chrono::steady_clock::now();  // wall-clock ok: the real-time pump's clock
  }
};

}  // namespace

const MonotonicClock& steady_monotonic_clock() {
  static const SteadyMonotonicClock clock;
  return clock;
}

}  // namespace drdrill::transport
