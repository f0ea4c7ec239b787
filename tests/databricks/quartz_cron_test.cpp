#include "databricks/quartz_cron.h"

#include <gtest/gtest.h>

namespace drdrill::databricks {
namespace {

using namespace std::chrono;

TimePoint at(int y, unsigned mo, unsigned d, int h, int mi, int s) {
  return TimePoint{sys_days{year{y} / month{mo} / day{d}} + hours{h} + minutes{mi} + seconds{s}};
}

QuartzCron cron(std::string_view expression) {
  auto parsed = QuartzCron::parse(expression);
  EXPECT_TRUE(parsed.ok()) << parsed.status().to_string();
  return std::move(parsed).value();
}

TEST(QuartzCron, FiresEveryFifteenMinutesOnTheQuarter) {
  const QuartzCron every15 = cron("0 0/15 * * * ?");
  EXPECT_EQ(every15.next_after(at(2026, 1, 1, 0, 0, 0)), at(2026, 1, 1, 0, 15, 0));
  EXPECT_EQ(every15.next_after(at(2026, 1, 1, 0, 14, 59)), at(2026, 1, 1, 0, 15, 0));
  EXPECT_EQ(every15.next_after(at(2026, 1, 1, 23, 45, 0)), at(2026, 1, 2, 0, 0, 0));
}

TEST(QuartzCron, IsStrictlyAfterTheGivenTime) {
  const QuartzCron daily = cron("0 30 2 * * ?");
  EXPECT_EQ(daily.next_after(at(2026, 1, 1, 2, 30, 0)), at(2026, 1, 2, 2, 30, 0));
  EXPECT_EQ(daily.next_after(at(2026, 1, 1, 2, 29, 59) + 500ms), at(2026, 1, 1, 2, 30, 0));
}

TEST(QuartzCron, CountsDaysOfWeekFromSundayAsOneAndTakesNames) {
  // 2026-01-01 is a Thursday.
  const QuartzCron weekdays = cron("0 30 2 ? * MON-FRI");
  EXPECT_EQ(weekdays.next_after(at(2026, 1, 2, 3, 0, 0)), at(2026, 1, 5, 2, 30, 0));  // Fri after -> Mon
  const QuartzCron sundays = cron("0 0 12 ? * 1");
  EXPECT_EQ(sundays.next_after(at(2026, 1, 1, 0, 0, 0)), at(2026, 1, 4, 12, 0, 0));
  EXPECT_EQ(cron("0 0 12 ? * sun").next_after(at(2026, 1, 1, 0, 0, 0)), at(2026, 1, 4, 12, 0, 0));
}

TEST(QuartzCron, HandlesListsRangesStepsMonthsAndYears) {
  EXPECT_EQ(cron("10,20 0 0 1 JAN,JUL ?").next_after(at(2026, 1, 1, 0, 0, 15)), at(2026, 1, 1, 0, 0, 20));
  EXPECT_EQ(cron("0 0 0 1 JAN,JUL ?").next_after(at(2026, 1, 1, 0, 0, 15)), at(2026, 7, 1, 0, 0, 0));
  EXPECT_EQ(cron("0 0 9-17/4 * * ?").next_after(at(2026, 1, 1, 14, 0, 0)), at(2026, 1, 1, 17, 0, 0));
  EXPECT_EQ(cron("0 0 0 29 FEB ? 2028").next_after(at(2026, 1, 1, 0, 0, 0)), at(2028, 2, 29, 0, 0, 0));
  EXPECT_EQ(cron("0 0 0 31 * ?").next_after(at(2026, 2, 1, 0, 0, 0)), at(2026, 3, 31, 0, 0, 0));
}

TEST(QuartzCron, HasNoNextFiringAfterItsLastYear) {
  EXPECT_FALSE(cron("0 0 0 1 1 ? 2025").next_after(at(2026, 1, 1, 0, 0, 0)).has_value());
}

TEST(QuartzCron, RefusesWhatItDoesNotModelWithAClearMessage) {
  EXPECT_FALSE(QuartzCron::parse("0 0 * * *").ok());               // 5 fields: Unix cron
  EXPECT_FALSE(QuartzCron::parse("0 0 0 * * *").ok());             // neither day field is '?'
  EXPECT_FALSE(QuartzCron::parse("0 0 0 ? * ?").ok());             // both are
  EXPECT_FALSE(QuartzCron::parse("60 0 0 * * ?").ok());            // out of range
  EXPECT_FALSE(QuartzCron::parse("0 0 0 ? * MON-XYZ").ok());
  const auto last_day = QuartzCron::parse("0 0 0 L * ?");
  ASSERT_FALSE(last_day.ok());
  EXPECT_NE(last_day.status().message().find("'L' is not supported"), std::string::npos);
  EXPECT_FALSE(QuartzCron::parse("0 0 0 ? * 6#3").ok());
  EXPECT_TRUE(QuartzCron::parse("0 0 0 ? * WED,DEC").ok() == false);  // DEC is not a day
  EXPECT_TRUE(QuartzCron::parse("0 0 0 1 JUL,DEC ?").ok());            // names with L and C are fine
}

TEST(QuartzTimezones, AcceptOnlyUtcIds) {
  EXPECT_TRUE(is_utc_timezone_id("UTC"));
  EXPECT_TRUE(is_utc_timezone_id("Etc/UTC"));
  EXPECT_FALSE(is_utc_timezone_id("Europe/London"));
  EXPECT_FALSE(is_utc_timezone_id("America/Los_Angeles"));
}

}  // namespace
}  // namespace drdrill::databricks
