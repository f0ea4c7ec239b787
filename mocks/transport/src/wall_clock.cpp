#include "transport/wall_clock.h"

#include <chrono>

namespace drdrill::transport {

TimePoint wall_clock_now() {
  const auto now = std::chrono::system_clock::now();  // wall-clock ok: the start of a served world's time
  return std::chrono::time_point_cast<Duration>(std::chrono::floor<std::chrono::seconds>(now));
}

}  // namespace drdrill::transport
