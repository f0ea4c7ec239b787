#pragma once
// The one place real-time drdrill reads the calendar: where a served world's simulated time starts
// when the user does not fix it. Everything after that comes from the RealTimeScheduler.

#include "core/time.h"

namespace drdrill::transport {

// The current UTC time, truncated to whole seconds (so start-up timestamps read cleanly).
TimePoint wall_clock_now();

}  // namespace drdrill::transport
