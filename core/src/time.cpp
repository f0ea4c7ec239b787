#include "core/time.h"

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <string>

namespace drdrill {

namespace {

struct CalendarParts {
  std::chrono::year_month_day date;
  std::chrono::weekday weekday;
  std::chrono::hh_mm_ss<Duration> time_of_day;
};

CalendarParts split(TimePoint t) {
  const auto day = std::chrono::floor<std::chrono::days>(t);
  return {std::chrono::year_month_day{day}, std::chrono::weekday{day},
          std::chrono::hh_mm_ss<Duration>{t - day}};
}

}  // namespace

double to_seconds(Duration d) { return std::chrono::duration<double>(d).count(); }

Duration from_seconds(double seconds) {
  return Duration{static_cast<Duration::rep>(std::llround(seconds * 1e6))};
}

std::string format_iso8601(TimePoint t) {
  const auto [date, weekday, tod] = split(t);
  char buf[40];
  const auto micros = tod.subseconds().count();
  if (micros == 0) {
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02ld:%02ld:%02ldZ", int{date.year()},
                  unsigned{date.month()}, unsigned{date.day()}, static_cast<long>(tod.hours().count()),
                  static_cast<long>(tod.minutes().count()), static_cast<long>(tod.seconds().count()));
  } else {
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02ld:%02ld:%02ld.%06ldZ", int{date.year()},
                  unsigned{date.month()}, unsigned{date.day()}, static_cast<long>(tod.hours().count()),
                  static_cast<long>(tod.minutes().count()), static_cast<long>(tod.seconds().count()),
                  static_cast<long>(micros));
  }
  return buf;
}

namespace {

std::string rfc1123_text(TimePoint t) {
  static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const auto [date, weekday, tod] = split(t);
  const int year = int{date.year()};
  if (year >= 0 && year <= 9999) {
    // Digit by digit: every served response carries several of these, and snprintf costs more
    // than the rest of the formatting together.
    std::string out = "Sun, 00 Jan 0000 00:00:00 GMT";
    const auto put2 = [&out](std::size_t at, long value) {
      out[at] = static_cast<char>('0' + value / 10);
      out[at + 1] = static_cast<char>('0' + value % 10);
    };
    out.replace(0, 3, kDays[weekday.c_encoding()]);
    put2(5, static_cast<long>(unsigned{date.day()}));
    out.replace(8, 3, kMonths[unsigned{date.month()} - 1]);
    put2(12, year / 100);
    put2(14, year % 100);
    put2(17, static_cast<long>(tod.hours().count()));
    put2(20, static_cast<long>(tod.minutes().count()));
    put2(23, static_cast<long>(tod.seconds().count()));
    return out;
  }
  char buf[40];
  std::snprintf(buf, sizeof buf, "%s, %02u %s %04d %02ld:%02ld:%02ld GMT", kDays[weekday.c_encoding()],
                unsigned{date.day()}, kMonths[unsigned{date.month()} - 1], int{date.year()},
                static_cast<long>(tod.hours().count()), static_cast<long>(tod.minutes().count()),
                static_cast<long>(tod.seconds().count()));
  return buf;
}

}  // namespace

std::string format_rfc1123(TimePoint t) {
  // Every simulated request and response carries one or two of these, mostly within the same
  // simulated second: the last second's text is kept (per thread: sweeps run a world per thread).
  thread_local std::int64_t cached_second = std::numeric_limits<std::int64_t>::min();
  thread_local std::string cached_text;
  const std::int64_t second = std::chrono::floor<std::chrono::seconds>(t.time_since_epoch()).count();
  if (second == cached_second) return cached_text;
  std::string text = rfc1123_text(t);
  cached_second = second;
  cached_text = text;
  return text;
}

std::string format_duration(Duration d) {
  const bool negative = d < Duration::zero();
  if (negative) d = -d;
  char buf[64];
  if (d >= std::chrono::minutes(1)) {
    // Round to whole seconds before splitting, so 59.6 s past a minute reads "2m00s", not "1m60s".
    const long total_s = static_cast<long>(std::chrono::round<std::chrono::seconds>(d).count());
    const long h = total_s / 3600, m = total_s / 60 % 60, sec = total_s % 60;
    if (h > 0) {
      std::snprintf(buf, sizeof buf, "%ldh%02ldm%02lds", h, m, sec);
    } else {
      std::snprintf(buf, sizeof buf, "%ldm%02lds", m, sec);
    }
  } else if (d >= std::chrono::seconds(1)) {
    std::snprintf(buf, sizeof buf, "%.3gs", to_seconds(d));
  } else if (d == Duration::zero()) {
    std::snprintf(buf, sizeof buf, "0s");
  } else {
    std::snprintf(buf, sizeof buf, "%.3gms", static_cast<double>(d.count()) / 1000.0);
  }
  // Built by append: GCC 12 reports a false -Wrestrict for `std::string("-") + buf` at -O2.
  std::string out(negative ? "-" : "");
  out.append(buf);
  return out;
}

}  // namespace drdrill
