#pragma once
// The time formats Azure Storage reads and writes besides RFC 1123 (core/time.h formats that):
// parsing HTTP dates in conditional headers, the ISO 8601 forms of SAS start and expiry times, and
// the seven-digit ISO form of the "Time:" line in error messages.

#include <array>
#include <cstdint>
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

// Appends t as RFC 1123 ("Sun, 06 Nov 1994 08:49:37 GMT"), exactly as format_rfc1123 (core/time.h)
// writes it, without building a string: a listing carries two dates per blob.
void append_rfc1123(std::string& out, TimePoint t);
// The same into `buf` (kRfc1123Bytes, no terminator), for writers that size their output first;
// false (nothing usable written) for a year outside 0000..9999, which format_rfc1123 spells longer.
inline constexpr std::size_t kRfc1123Bytes = 29;
bool write_rfc1123(char* buf, TimePoint t);

// write_rfc1123 for a run of dates, most on a few days (a listing's entries): the date part of the
// last day written ("Wed, 26 Nov 2026 ") is kept, so another time that day writes only its time of
// day. The same bytes and results as write_rfc1123.
class Rfc1123Run {
 public:
  bool write(char* buf, TimePoint t);

 private:
  bool has_day_ = false;
  std::int64_t day_ = 0;         // days since 1970-01-01 of date_
  std::array<char, 17> date_{};  // the first 17 bytes of a date on that day
};

}  // namespace drdrill::storage
