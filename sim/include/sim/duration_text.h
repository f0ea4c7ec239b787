#pragma once
// Durations and instants as scenario files write them.
//
// A duration is a non-negative decimal number followed by a unit, with nothing in between:
//   "250ms"  "90s"  "1.5min"  "15min"  "6h"  "2d"
// Units: ms, s, min, h, d. No sign, no exponent, no compound forms ("1h30min": write "90min"), so
// one spelling cannot mean two things. Values are held to the microsecond (Duration) and may not
// exceed 3650 days.
//
// An instant (the scenario's epoch) is RFC 3339 / ISO 8601 in UTC with a literal Z:
//   "2026-01-01T00:00:00Z"  "2026-01-01T00:00:00.250Z"

#include <optional>
#include <string>
#include <string_view>

#include "core/time.h"

namespace drdrill::sim {

// The longest duration a file may write (3650 days); longer values are rejected, not clamped.
inline constexpr Duration kMaxDurationText = std::chrono::hours(24 * 3650);

// The duration `text` spells, or nullopt if it is not one (see the file comment).
std::optional<Duration> parse_duration_text(std::string_view text);

// The shortest exact spelling: "0s", "250ms", "90s", "15min", "6h", "2d", "1.5s".
std::string format_duration_text(Duration d);

// "YYYY-MM-DDTHH:MM:SS[.f{1,6}]Z" with a valid calendar date, or nullopt.
std::optional<TimePoint> parse_timestamp_text(std::string_view text);

}  // namespace drdrill::sim
