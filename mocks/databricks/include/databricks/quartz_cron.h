#pragma once
// QuartzCron: the subset of Quartz cron expressions that job schedules use
// (schedule.quartz_cron_expression), evaluated in UTC.
//
//   "<seconds> <minutes> <hours> <day-of-month> <month> <day-of-week> [<year>]"
//   "0 0/15 * * * ?"      every 15 minutes
//   "0 30 2 ? * MON-FRI"  02:30 on weekdays
//
// Supported in every field: '*', numbers, ranges "a-b", lists "a,b,c", steps "*/n", "a/n" and
// "a-b/n"; month names JAN-DEC and day names SUN-SAT (any case); '?' in day-of-month or
// day-of-week, and exactly one of those two must be '?' (Quartz's own rule). Day-of-week counts
// 1 = SUN to 7 = SAT as in Quartz. Years 1970-2099.
// Not supported (refused with a message naming the character): 'L', 'W', '#', 'C'.
//
// Time zones: drdrill evaluates schedules in UTC only; JobSchedule accepts only UTC time-zone ids
// (is_utc_timezone_id) and refuses others rather than firing at the wrong hour.

#include <bitset>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"
#include "core/time.h"

namespace drdrill::databricks {

class QuartzCron {
 public:
  // Errors (InvalidArgument) name the field and the reason.
  static Result<QuartzCron> parse(std::string_view expression);

  // The first firing time strictly after `t` (whole seconds), or nullopt if there is none before
  // the year 2100.
  std::optional<TimePoint> next_after(TimePoint t) const;

  const std::string& expression() const { return expression_; }

 private:
  bool matches_day(std::chrono::sys_days day) const;

  std::string expression_;
  std::bitset<60> seconds_;
  std::bitset<60> minutes_;
  std::bitset<24> hours_;
  std::bitset<32> days_of_month_;  // 1..31
  std::bitset<13> months_;         // 1..12
  std::bitset<8> days_of_week_;    // 1..7, 1 = Sunday
  bool any_day_of_month_ = false;  // '?' in day-of-month: only day-of-week decides
  std::bitset<130> years_;         // 1970..2099
};

// "UTC", "Etc/UTC", "GMT", "Etc/GMT", "Z" and their Java aliases.
bool is_utc_timezone_id(std::string_view id);

}  // namespace drdrill::databricks
