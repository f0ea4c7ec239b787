#include "core/time.h"

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
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

// Whole seconds and days since 1970-01-01, rounded down (a time before the epoch included).
struct DaySecond {
  std::int64_t days;
  std::int64_t second_of_day;
};
DaySecond day_second(TimePoint t) {
  const std::int64_t micros = t.time_since_epoch().count();
  const std::int64_t seconds = micros / 1'000'000 - (micros % 1'000'000 < 0 ? 1 : 0);
  const std::int64_t days = seconds / 86400 - (seconds % 86400 < 0 ? 1 : 0);
  return {days, seconds - days * 86400};
}

void put2(char* at, std::int64_t value) {
  at[0] = static_cast<char>('0' + value / 10);
  at[1] = static_cast<char>('0' + value % 10);
}

// "08:49:37 GMT" from the 18th byte of an RFC 1123 date on.
void write_time_of_day(char* buf, std::int64_t second_of_day) {
  put2(buf + 17, second_of_day / 3600);
  buf[19] = ':';
  put2(buf + 20, second_of_day / 60 % 60);
  buf[22] = ':';
  put2(buf + 23, second_of_day % 60);
  std::memcpy(buf + 25, " GMT", 4);
}

}  // namespace

bool write_rfc1123(char* buf, TimePoint t) {
  // Digit by digit from the day count, without the chrono calendar or snprintf: every served
  // response carries several of these, and a listing two per blob.
  const auto [days, second_of_day] = day_second(t);
  // The proleptic Gregorian date of `days` (H. Hinnant's civil_from_days: eras of 400 years,
  // years counted from March so the leap day falls last).
  const std::int64_t z = days + 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const std::int64_t day_of_era = z - era * 146097;                                                   // [0, 146096]
  const std::int64_t year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  const std::int64_t day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);  // from 1 March
  const std::int64_t month_from_march = (5 * day_of_year + 2) / 153;                                  // [0, 11]
  const std::int64_t day = day_of_year - (153 * month_from_march + 2) / 5 + 1;                        // [1, 31]
  const std::int64_t month = month_from_march < 10 ? month_from_march + 3 : month_from_march - 9;     // [1, 12]
  const std::int64_t year = year_of_era + era * 400 + (month <= 2 ? 1 : 0);
  if (year < 0 || year > 9999) return false;  // four digits do not hold it
  // 1970-01-01 was a Thursday (4, counting from Sunday).
  const std::int64_t weekday = ((days % 7) + 7 + 4) % 7;
  static constexpr char kDays[] = "SunMonTueWedThuFriSat";
  static constexpr char kMonths[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
  std::memcpy(buf, kDays + 3 * weekday, 3);
  buf[3] = ',';
  buf[4] = ' ';
  put2(buf + 5, day);
  buf[7] = ' ';
  std::memcpy(buf + 8, kMonths + 3 * (month - 1), 3);
  buf[11] = ' ';
  put2(buf + 12, year / 100);
  put2(buf + 14, year % 100);
  buf[16] = ' ';
  write_time_of_day(buf, second_of_day);
  return true;
}

bool Rfc1123Run::write(char* buf, TimePoint t) {
  const auto [days, second_of_day] = day_second(t);
  if (has_day_ && days == day_) {
    std::memcpy(buf, date_.data(), date_.size());
    write_time_of_day(buf, second_of_day);
    return true;
  }
  if (!write_rfc1123(buf, t)) return false;
  has_day_ = true;
  day_ = days;
  std::memcpy(date_.data(), buf, date_.size());
  return true;
}

namespace {

std::string rfc1123_text(TimePoint t) {
  char buf[kRfc1123Bytes];
  if (write_rfc1123(buf, t)) return std::string(buf, sizeof buf);
  // A year of more than four digits, or before year 0: printed as the calendar has it.
  static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const auto [date, weekday, tod] = split(t);
  char text[40];
  std::snprintf(text, sizeof text, "%s, %02u %s %04d %02ld:%02ld:%02ld GMT", kDays[weekday.c_encoding()],
                unsigned{date.day()}, kMonths[unsigned{date.month()} - 1], int{date.year()},
                static_cast<long>(tod.hours().count()), static_cast<long>(tod.minutes().count()),
                static_cast<long>(tod.seconds().count()));
  return text;
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
  // Seconds and milliseconds are shown to three significant digits; a value that rounds up to the
  // next unit is written in that unit ("1s", not "1e+03ms"; "1m00s", not "60s").
  char digits[32];
  const auto rounds_to = [&digits](double value) {
    std::snprintf(digits, sizeof digits, "%.3g", value);
    return std::strtod(digits, nullptr);
  };
  if (d < std::chrono::seconds(1) && d > Duration::zero() && rounds_to(static_cast<double>(d.count()) / 1000.0) >= 1000) {
    d = std::chrono::seconds(1);
  }
  if (d >= std::chrono::seconds(1) && d < std::chrono::minutes(1) && rounds_to(to_seconds(d)) >= 60) {
    d = std::chrono::minutes(1);
  }
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
