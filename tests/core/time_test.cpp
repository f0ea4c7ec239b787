#include "core/time.h"

#include <gtest/gtest.h>

#include "core/result.h"

namespace drdrill {
namespace {

TEST(TimeFormat, DefaultEpochIsNewYear2026InIsoAndHttpForms) {
  EXPECT_EQ(format_iso8601(kDefaultEpoch), "2026-01-01T00:00:00Z");
  EXPECT_EQ(format_rfc1123(kDefaultEpoch), "Thu, 01 Jan 2026 00:00:00 GMT");
}

TEST(TimeFormat, IsoShowsMicrosecondsOnlyWhenPresent) {
  EXPECT_EQ(format_iso8601(kDefaultEpoch + 1h + 2min + 3s + 250ms), "2026-01-01T01:02:03.250000Z");
}

TEST(TimeFormat, RfcTruncatesToTheSecondAndNamesTheWeekday) {
  EXPECT_EQ(format_rfc1123(kDefaultEpoch + 24h * 31 + 999ms), "Sun, 01 Feb 2026 00:00:00 GMT");
}

TEST(TimeFormat, DurationsReadLikeAHumanWouldWriteThem) {
  EXPECT_EQ(format_duration(0s), "0s");
  EXPECT_EQ(format_duration(250ms), "250ms");
  EXPECT_EQ(format_duration(1h + 2min + 3s), "1h02m03s");
  EXPECT_EQ(format_duration(-90s), "-1m30s");
  EXPECT_EQ(format_duration(1min + 59s + 600ms), "2m00s");
  EXPECT_EQ(format_duration(1500ms), "1.5s");
}

TEST(TimeConversion, SecondsRoundTripAtMicrosecondResolution) {
  EXPECT_EQ(from_seconds(1.5), 1500ms);
  EXPECT_DOUBLE_EQ(to_seconds(2500ms), 2.5);
  EXPECT_EQ(from_seconds(0.0000004), Duration::zero());
}

TEST(ResultValue, CarriesEitherAValueOrAnError) {
  Result<int> good = 7;
  Result<int> bad = Status::NotFound("no such blob");
  ASSERT_TRUE(good.ok());
  EXPECT_EQ(*good, 7);
  EXPECT_FALSE(bad.ok());
  EXPECT_TRUE(bad.status().is_not_found());
  EXPECT_EQ(bad.status().to_string(), "NotFound: no such blob");
  EXPECT_EQ(bad.value_or(3), 3);
}

}  // namespace
}  // namespace drdrill
