#pragma once
// The time formats Azure Storage reads and writes besides RFC 1123 (core/time.h formats that):
// parsing HTTP dates in conditional headers, the ISO 8601 forms of SAS start and expiry times, and
// the seven-digit ISO form of the "Time:" line in error messages.

#include <optional>
#include <string>
#include <string_view>

#include "core/time.h"

namespace drdrill::storage {

// "Sun, 06 Nov 1994 08:49:37 GMT" (RFC 1123, the only form Azure clients send). nullopt if malformed.
std::optional<TimePoint> parse_http_date(std::string_view text);

// The UTC forms a SAS may carry: "2026-01-01", "2026-01-01T10:00Z", "2026-01-01T10:00:00Z",
// "2026-01-01T10:00:00.1234567Z". nullopt if malformed.
std::optional<TimePoint> parse_sas_time(std::string_view text);

// "2026-01-01T00:00:00.0000000Z": how the service prints the time of an error.
std::string format_error_time(TimePoint t);

}  // namespace drdrill::storage
