#include "databricks/quartz_cron.h"

#include <array>
#include <cctype>
#include <charconv>
#include <chrono>
#include <vector>

namespace drdrill::databricks {
namespace {

using namespace std::chrono;

constexpr int kFirstYear = 1970;
constexpr int kLastYear = 2099;

struct FieldSpec {
  std::string_view name;
  int lo;
  int hi;
  const std::array<std::string_view, 12>* names;  // names[i] means lo + i; may be null
};

constexpr std::array<std::string_view, 12> kMonthNames = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN",
                                                          "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};
constexpr std::array<std::string_view, 12> kDayNames = {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"};

std::string upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

Status field_error(const FieldSpec& field, std::string_view item, std::string_view why) {
  return Status::InvalidArgument("invalid " + std::string(field.name) + " field '" + std::string(item) + "' in Quartz cron expression: " +
                                 std::string(why));
}

Result<int> parse_value(const FieldSpec& field, std::string_view text) {
  if (field.names != nullptr) {
    const std::string name = upper(text);
    for (std::size_t i = 0; i < field.names->size(); ++i) {
      if (!(*field.names)[i].empty() && name == (*field.names)[i]) return field.lo + static_cast<int>(i);
    }
  }
  int value = 0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || ptr != text.data() + text.size()) {
    // Quartz's special characters are not part of the subset; say so rather than "not a number".
    for (const char c : std::string_view("LW#C")) {
      if (upper(text).find(c) != std::string::npos) {
        return field_error(field, text, std::string("'") + c + "' is not supported by drdrill");
      }
    }
    return field_error(field, text, "not a number");
  }
  if (value < field.lo || value > field.hi) {
    return field_error(field, text, "out of range " + std::to_string(field.lo) + "-" + std::to_string(field.hi));
  }
  return value;
}

// Sets the bits (value - offset) for every value the field text selects.
template <std::size_t N>
Status parse_field(const FieldSpec& field, std::string_view text, std::bitset<N>& bits, int offset) {
  std::size_t start = 0;
  while (start <= text.size()) {
    const auto comma = text.find(',', start);
    const std::string_view item = text.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
    if (item.empty()) return field_error(field, text, "empty list item");
    std::string_view range = item;
    int step = 1;
    if (const auto slash = item.find('/'); slash != std::string_view::npos) {
      range = item.substr(0, slash);
      const std::string_view step_text = item.substr(slash + 1);
      const auto [ptr, ec] = std::from_chars(step_text.data(), step_text.data() + step_text.size(), step);
      if (step_text.empty() || ec != std::errc() || ptr != step_text.data() + step_text.size() || step < 1) {
        return field_error(field, item, "invalid step");
      }
    }
    int lo = field.lo;
    int hi = field.hi;
    if (range != "*") {
      const auto dash = range.find('-');
      auto first = parse_value(field, range.substr(0, dash));
      if (!first.ok()) return first.status();
      lo = *first;
      if (dash != std::string_view::npos) {
        auto last = parse_value(field, range.substr(dash + 1));
        if (!last.ok()) return last.status();
        hi = *last;
        if (hi < lo) return field_error(field, item, "range end before its start");
      } else if (item.find('/') == std::string_view::npos) {
        hi = lo;  // a single value; "a/n" runs from a to the field's end
      }
    }
    for (int v = lo; v <= hi; v += step) bits.set(static_cast<std::size_t>(v - offset));
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return Status::Ok();
}

std::vector<std::string_view> split_spaces(std::string_view s) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
    const std::size_t start = i;
    while (i < s.size() && s[i] != ' ' && s[i] != '\t') ++i;
    if (i > start) out.push_back(s.substr(start, i - start));
  }
  return out;
}

}  // namespace

Result<QuartzCron> QuartzCron::parse(std::string_view expression) {
  const std::vector<std::string_view> fields = split_spaces(expression);
  if (fields.size() != 6 && fields.size() != 7) {
    return Status::InvalidArgument("a Quartz cron expression has 6 or 7 fields, got " + std::to_string(fields.size()) +
                                   ": '" + std::string(expression) + "'");
  }
  static constexpr FieldSpec kSeconds{"seconds", 0, 59, nullptr};
  static constexpr FieldSpec kMinutes{"minutes", 0, 59, nullptr};
  static constexpr FieldSpec kHours{"hours", 0, 23, nullptr};
  static constexpr FieldSpec kDayOfMonth{"day-of-month", 1, 31, nullptr};
  static constexpr FieldSpec kMonth{"month", 1, 12, &kMonthNames};
  static constexpr FieldSpec kDayOfWeek{"day-of-week", 1, 7, &kDayNames};
  static constexpr FieldSpec kYear{"year", kFirstYear, kLastYear, nullptr};

  QuartzCron cron;
  cron.expression_ = std::string(expression);
  DRDRILL_RETURN_IF_ERROR(parse_field(kSeconds, fields[0], cron.seconds_, 0));
  DRDRILL_RETURN_IF_ERROR(parse_field(kMinutes, fields[1], cron.minutes_, 0));
  DRDRILL_RETURN_IF_ERROR(parse_field(kHours, fields[2], cron.hours_, 0));
  DRDRILL_RETURN_IF_ERROR(parse_field(kMonth, fields[4], cron.months_, 0));
  const bool dom_any = fields[3] == "?";
  const bool dow_any = fields[5] == "?";
  if (dom_any == dow_any) {
    return Status::InvalidArgument("exactly one of day-of-month and day-of-week must be '?' in Quartz cron expression '" +
                                   std::string(expression) + "'");
  }
  if (!dom_any) DRDRILL_RETURN_IF_ERROR(parse_field(kDayOfMonth, fields[3], cron.days_of_month_, 0));
  if (!dow_any) DRDRILL_RETURN_IF_ERROR(parse_field(kDayOfWeek, fields[5], cron.days_of_week_, 0));
  cron.any_day_of_month_ = dom_any;
  if (fields.size() == 7) {
    DRDRILL_RETURN_IF_ERROR(parse_field(kYear, fields[6], cron.years_, kFirstYear));
  } else {
    cron.years_.set();
  }
  return cron;
}

bool QuartzCron::matches_day(sys_days day) const {
  if (any_day_of_month_) {
    const int quartz_dow = static_cast<int>(weekday{day}.c_encoding()) + 1;  // 1 = Sunday
    return days_of_week_.test(static_cast<std::size_t>(quartz_dow));
  }
  return days_of_month_.test(static_cast<unsigned>(year_month_day{day}.day()));
}

std::optional<TimePoint> QuartzCron::next_after(TimePoint after) const {
  sys_seconds t = floor<seconds>(after) + 1s;
  // Each step below moves forward by at least one unit of the field that failed, so the loop ends:
  // at most ~60+60+24 small steps per matching day, one step per skipped day or month.
  for (int guard = 0; guard < 2'000'000; ++guard) {
    const sys_days day = floor<days>(t);
    const year_month_day ymd{day};
    const int y = static_cast<int>(ymd.year());
    if (y > kLastYear) return std::nullopt;
    if (!years_.test(static_cast<std::size_t>(y - kFirstYear))) {
      t = sys_days{year{y + 1} / January / 1};
      continue;
    }
    if (!months_.test(static_cast<unsigned>(ymd.month()))) {
      t = sys_days{(ymd.year() / ymd.month() / 1) + months{1}};
      continue;
    }
    if (!matches_day(day)) {
      t = day + days{1};
      continue;
    }
    const hh_mm_ss hms{t - day};
    if (!hours_.test(static_cast<std::size_t>(hms.hours().count()))) {
      t = day + hms.hours() + hours{1};
      continue;
    }
    if (!minutes_.test(static_cast<std::size_t>(hms.minutes().count()))) {
      t = day + hms.hours() + hms.minutes() + minutes{1};
      continue;
    }
    if (!seconds_.test(static_cast<std::size_t>(hms.seconds().count()))) {
      t += 1s;
      continue;
    }
    return TimePoint{t};
  }
  return std::nullopt;
}

bool is_utc_timezone_id(std::string_view id) {
  static constexpr std::array<std::string_view, 16> kUtc = {
      "UTC",     "Etc/UTC",   "GMT",     "Etc/GMT",       "Z",         "UCT",       "Etc/UCT",     "Universal",
      "Etc/Universal", "Zulu", "Etc/Zulu", "GMT0",         "Etc/GMT0", "Etc/GMT+0", "Etc/GMT-0", "Greenwich"};
  for (const std::string_view utc : kUtc) {
    if (id == utc) return true;
  }
  return false;
}

}  // namespace drdrill::databricks
