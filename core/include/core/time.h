#pragma once
// Time types for the whole project.
//
// Simulated and real time share one representation: a UTC calendar instant with microsecond
// resolution. A drill starts at a fixed epoch chosen by the scenario, so "Last Sync Time" and
// report timestamps read like real ones and are the same on every run. Nothing here reads a real
// clock: the current time always comes from an injected Clock.

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>

namespace drdrill {

using Duration = std::chrono::microseconds;
// sys_time is used only as a calendar (UTC, no leap seconds); it is never read with now().
using TimePoint = std::chrono::sys_time<Duration>;

using namespace std::chrono_literals;  // NOLINT: 30s, 15min, 6h read best as literals

// The default start of a simulated drill: 2026-01-01T00:00:00Z.
inline constexpr TimePoint kDefaultEpoch{std::chrono::sys_days{std::chrono::year{2026} / 1 / 1}};

// Converts between Duration and floating-point seconds (reports, distributions, scenario files).
double to_seconds(Duration d);
Duration from_seconds(double seconds);

// "2026-01-01T00:00:00.250000Z" (microseconds shown only when non-zero).
std::string format_iso8601(TimePoint t);
// "Thu, 01 Jan 2026 00:00:00 GMT" (HTTP Date, Last-Modified, Last Sync Time).
std::string format_rfc1123(TimePoint t);
// The same into `buf` (kRfc1123Bytes, no terminator) without building a string, for writers that
// size their output first (a listing carries two dates per blob); false (nothing usable written)
// for a year outside 0000..9999, which format_rfc1123 spells longer.
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
// "1h02m03.5s", "250ms", "0s": for logs and human summaries.
std::string format_duration(Duration d);

}  // namespace drdrill
