#include "storage/storage_time.h"

#include <array>
#include <chrono>
#include <cstdio>

namespace drdrill::storage {

namespace {

// Reads exactly `digits` decimal digits at `pos`.
std::optional<int> read_number(std::string_view text, std::size_t pos, std::size_t digits) {
  if (pos + digits > text.size()) return std::nullopt;
  int value = 0;
  for (std::size_t i = pos; i < pos + digits; ++i) {
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
    value = value * 10 + (text[i] - '0');
  }
  return value;
}

std::optional<TimePoint> make_time(int year, int month, int day, int hour, int minute, int second) {
  const std::chrono::year_month_day date{std::chrono::year{year}, std::chrono::month{static_cast<unsigned>(month)},
                                         std::chrono::day{static_cast<unsigned>(day)}};
  if (!date.ok() || hour > 23 || minute > 59 || second > 59) return std::nullopt;
  return TimePoint{std::chrono::sys_days{date}} + std::chrono::hours{hour} + std::chrono::minutes{minute} +
         std::chrono::seconds{second};
}

}  // namespace

std::optional<TimePoint> parse_http_date(std::string_view text) {
  // "Sun, 06 Nov 1994 08:49:37 GMT"
  static constexpr std::array<std::string_view, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                               "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  if (text.size() != 29 || text.substr(3, 2) != ", " || text[7] != ' ' || text[11] != ' ' || text[16] != ' ' ||
      text[19] != ':' || text[22] != ':' || text.substr(25) != " GMT") {
    return std::nullopt;
  }
  int month = 0;
  for (std::size_t i = 0; i < kMonths.size(); ++i) {
    if (text.substr(8, 3) == kMonths[i]) month = static_cast<int>(i) + 1;
  }
  const auto day = read_number(text, 5, 2);
  const auto year = read_number(text, 12, 4);
  const auto hour = read_number(text, 17, 2);
  const auto minute = read_number(text, 20, 2);
  const auto second = read_number(text, 23, 2);
  if (month == 0 || !day || !year || !hour || !minute || !second) return std::nullopt;
  return make_time(*year, month, *day, *hour, *minute, *second);
}

std::optional<TimePoint> parse_sas_time(std::string_view text) {
  const auto year = read_number(text, 0, 4);
  const auto month = read_number(text, 5, 2);
  const auto day = read_number(text, 8, 2);
  if (!year || !month || !day || text.size() < 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  if (text.size() == 10) return make_time(*year, *month, *day, 0, 0, 0);
  if (text[10] != 'T' || text.back() != 'Z') return std::nullopt;
  const auto hour = read_number(text, 11, 2);
  const auto minute = read_number(text, 14, 2);
  if (!hour || !minute || text.size() < 17 || text[13] != ':') return std::nullopt;
  if (text.size() == 17) return make_time(*year, *month, *day, *hour, *minute, 0);
  const auto second = read_number(text, 17, 2);
  if (!second || text[16] != ':') return std::nullopt;
  auto t = make_time(*year, *month, *day, *hour, *minute, *second);
  if (!t || text.size() == 20) return t;
  // Fraction: ".d" to ".ddddddd" (100 ns ticks); kept to the microsecond.
  if (text[19] != '.' || text.size() < 22 || text.size() > 28) return std::nullopt;
  const std::string_view fraction = text.substr(20, text.size() - 21);
  Duration::rep micros = 0;
  for (std::size_t i = 0; i < 6; ++i) {
    micros *= 10;
    if (i < fraction.size()) {
      if (fraction[i] < '0' || fraction[i] > '9') return std::nullopt;
      micros += fraction[i] - '0';
    }
  }
  for (char c : fraction) {
    if (c < '0' || c > '9') return std::nullopt;
  }
  return *t + Duration{micros};
}

std::string format_error_time(TimePoint t) {
  const auto day = std::chrono::floor<std::chrono::days>(t);
  const std::chrono::year_month_day date{day};
  const std::chrono::hh_mm_ss<Duration> tod{t - day};
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02ld:%02ld:%02ld.%07ldZ", int{date.year()}, unsigned{date.month()},
                unsigned{date.day()}, static_cast<long>(tod.hours().count()),
                static_cast<long>(tod.minutes().count()), static_cast<long>(tod.seconds().count()),
                static_cast<long>(tod.subseconds().count() * 10));
  return buf;
}

}  // namespace drdrill::storage
