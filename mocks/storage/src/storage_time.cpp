#include "storage/storage_time.h"

#include <array>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>

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

void append_rfc1123(std::string& out, TimePoint t) {
  char buf[kRfc1123Bytes];
  if (write_rfc1123(buf, t)) {
    out.append(buf, sizeof buf);
  } else {
    out += format_rfc1123(t);  // the general formatter's spelling
  }
}

}  // namespace drdrill::storage
