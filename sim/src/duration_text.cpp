#include "sim/duration_text.h"

#include <array>
#include <cstdint>
#include <utility>

namespace drdrill::sim {

namespace {

struct Unit {
  std::string_view suffix;
  std::int64_t micros;
};

// Longest suffix first where one is a suffix of another ("ms" before "s").
constexpr std::array<Unit, 5> kUnits{{
    {"min", 60'000'000},
    {"ms", 1'000},
    {"s", 1'000'000},
    {"h", 3'600'000'000},
    {"d", 86'400'000'000},
}};

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Parses exactly `width` digits at `text[pos]`.
std::optional<int> fixed_digits(std::string_view text, std::size_t pos, std::size_t width) {
  if (pos + width > text.size()) return std::nullopt;
  int value = 0;
  for (std::size_t i = pos; i < pos + width; ++i) {
    if (!is_digit(text[i])) return std::nullopt;
    value = value * 10 + (text[i] - '0');
  }
  return value;
}

}  // namespace

std::optional<Duration> parse_duration_text(std::string_view text) {
  const Unit* unit = nullptr;
  for (const Unit& u : kUnits) {
    if (text.size() > u.suffix.size() && text.ends_with(u.suffix)) {
      const char before = text[text.size() - u.suffix.size() - 1];
      if (is_digit(before)) {  // "1ms" must not read as "1m" + "s"
        unit = &u;
        break;
      }
    }
  }
  if (unit == nullptr) return std::nullopt;
  const std::string_view number = text.substr(0, text.size() - unit->suffix.size());

  const std::size_t dot = number.find('.');
  const std::string_view whole = number.substr(0, dot);
  const std::string_view fraction = dot == std::string_view::npos ? std::string_view{} : number.substr(dot + 1);
  if (whole.empty() || whole.size() > 15) return std::nullopt;
  if (dot != std::string_view::npos && (fraction.empty() || fraction.size() > 9)) return std::nullopt;
  for (char c : whole) {
    if (!is_digit(c)) return std::nullopt;
  }
  for (char c : fraction) {
    if (!is_digit(c)) return std::nullopt;
  }

  std::int64_t whole_value = 0;
  for (char c : whole) whole_value = whole_value * 10 + (c - '0');
  const std::int64_t max_micros = kMaxDurationText.count();
  if (whole_value > max_micros / unit->micros) return std::nullopt;
  std::int64_t micros = whole_value * unit->micros;

  // The fraction in units of 10^-digits, scaled to microseconds with rounding to the nearest.
  if (!fraction.empty()) {
    std::int64_t frac_value = 0;
    std::int64_t scale = 1;
    for (char c : fraction) {
      frac_value = frac_value * 10 + (c - '0');
      scale *= 10;
    }
    // unit->micros <= 8.64e10 and frac_value < 1e9: compute in two steps to stay in range.
    const std::int64_t per = unit->micros / scale;
    const std::int64_t rest = unit->micros % scale;
    micros += frac_value * per + (frac_value * rest + scale / 2) / scale;
  }
  if (micros > max_micros) return std::nullopt;
  return Duration{micros};
}

std::string format_duration_text(Duration d) {
  const std::int64_t micros = d.count();
  if (micros == 0) return "0s";
  static constexpr std::array<std::pair<std::string_view, std::int64_t>, 5> kLargestFirst{{
      {"d", 86'400'000'000}, {"h", 3'600'000'000}, {"min", 60'000'000}, {"s", 1'000'000}, {"ms", 1'000}}};
  for (const auto& [suffix, size] : kLargestFirst) {
    if (micros % size == 0) return std::to_string(micros / size) + std::string(suffix);
  }
  // Seconds with six decimals, trailing zeros trimmed.
  std::string digits = std::to_string(micros % 1'000'000);
  digits.insert(0, 6 - digits.size(), '0');
  while (!digits.empty() && digits.back() == '0') digits.pop_back();
  return std::to_string(micros / 1'000'000) + "." + digits + "s";
}

std::optional<TimePoint> parse_timestamp_text(std::string_view text) {
  // YYYY-MM-DDTHH:MM:SS[.ffffff]Z
  if (text.size() < 20 || text.back() != 'Z') return std::nullopt;
  const auto year = fixed_digits(text, 0, 4);
  const auto month = fixed_digits(text, 5, 2);
  const auto day = fixed_digits(text, 8, 2);
  const auto hour = fixed_digits(text, 11, 2);
  const auto minute = fixed_digits(text, 14, 2);
  const auto second = fixed_digits(text, 17, 2);
  if (!year || !month || !day || !hour || !minute || !second) return std::nullopt;
  if (text[4] != '-' || text[7] != '-' || text[10] != 'T' || text[13] != ':' || text[16] != ':') return std::nullopt;
  if (*hour > 23 || *minute > 59 || *second > 59) return std::nullopt;

  std::int64_t micros = 0;
  const std::string_view rest = text.substr(19, text.size() - 20);  // between seconds and 'Z'
  if (!rest.empty()) {
    if (rest[0] != '.' || rest.size() < 2 || rest.size() > 7) return std::nullopt;
    const auto fraction = fixed_digits(rest, 1, rest.size() - 1);
    if (!fraction) return std::nullopt;
    micros = *fraction;
    for (std::size_t digits = rest.size() - 1; digits < 6; ++digits) micros *= 10;
  }

  const std::chrono::year_month_day date{std::chrono::year{*year}, std::chrono::month{static_cast<unsigned>(*month)},
                                         std::chrono::day{static_cast<unsigned>(*day)}};
  if (!date.ok()) return std::nullopt;
  return TimePoint{std::chrono::sys_days{date}} + std::chrono::hours(*hour) + std::chrono::minutes(*minute) +
         std::chrono::seconds(*second) + Duration{micros};
}

}  // namespace drdrill::sim
