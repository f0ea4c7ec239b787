#include "sim/duration_text.h"

#include <gtest/gtest.h>

namespace drdrill::sim {
namespace {

TEST(DurationText, ParsesEveryUnit) {
  EXPECT_EQ(parse_duration_text("250ms"), std::chrono::milliseconds(250));
  EXPECT_EQ(parse_duration_text("90s"), 90s);
  EXPECT_EQ(parse_duration_text("15min"), 15min);
  EXPECT_EQ(parse_duration_text("6h"), 6h);
  EXPECT_EQ(parse_duration_text("2d"), 48h);
  EXPECT_EQ(parse_duration_text("0s"), Duration{0});
}

TEST(DurationText, AcceptsDecimalFractions) {
  EXPECT_EQ(parse_duration_text("1.5min"), 90s);
  EXPECT_EQ(parse_duration_text("0.5s"), std::chrono::milliseconds(500));
  EXPECT_EQ(parse_duration_text("1.25h"), 75min);
}

TEST(DurationText, RoundsFractionsToTheNearestMicrosecond) {
  EXPECT_EQ(parse_duration_text("0.0000015s"), Duration{2});
  EXPECT_EQ(parse_duration_text("0.0000014s"), Duration{1});
  EXPECT_EQ(parse_duration_text("1.0000001s"), 1s);
}

TEST(DurationText, RejectsSignsSpacesCompoundsAndUnknownUnits) {
  for (const char* bad : {"", "s", "5", "-5s", "+5s", "5 s", " 5s", "5s ", "1h30min", "5m", "5sec", "5mins", "5H",
                          "1.s", ".5s", "1e3s", "0x10s", "5ss", "min", "1,5s", "∞s"}) {
    EXPECT_EQ(parse_duration_text(bad), std::nullopt) << bad;
  }
}

TEST(DurationText, RejectsMoreThanTenYears) {
  EXPECT_EQ(parse_duration_text("3650d"), kMaxDurationText);
  EXPECT_EQ(parse_duration_text("3651d"), std::nullopt);
  EXPECT_EQ(parse_duration_text("999999999999999h"), std::nullopt);
}

TEST(DurationText, FormatsTheShortestExactSpelling) {
  EXPECT_EQ(format_duration_text(Duration{0}), "0s");
  EXPECT_EQ(format_duration_text(90s), "90s");
  EXPECT_EQ(format_duration_text(15min), "15min");
  EXPECT_EQ(format_duration_text(6h), "6h");
  EXPECT_EQ(format_duration_text(48h), "2d");
  EXPECT_EQ(format_duration_text(std::chrono::milliseconds(1500)), "1500ms");
  EXPECT_EQ(format_duration_text(Duration{1500}), "0.0015s");
}

TEST(DurationText, FormattedDurationsParseBackToThemselves) {
  for (Duration d : {Duration{1}, Duration{999'999}, Duration{1'000'001}, Duration{60'000'000}, Duration{86'400'000'000},
                     Duration{123'456'789}}) {
    EXPECT_EQ(parse_duration_text(format_duration_text(d)), d) << format_duration_text(d);
  }
}

TEST(TimestampText, ParsesUtcInstantsWithOptionalFraction) {
  EXPECT_EQ(parse_timestamp_text("2026-01-01T00:00:00Z"), kDefaultEpoch);
  EXPECT_EQ(parse_timestamp_text("2026-01-01T00:00:00.25Z"), kDefaultEpoch + std::chrono::milliseconds(250));
  EXPECT_EQ(parse_timestamp_text("2026-01-02T03:04:05.000006Z"), kDefaultEpoch + 27h + 4min + 5s + Duration{6});
}

TEST(TimestampText, RejectsInvalidDatesOffsetsAndOtherShapes) {
  for (const char* bad : {"2026-02-30T00:00:00Z", "2026-13-01T00:00:00Z", "2026-01-01T24:00:00Z",
                          "2026-01-01T00:60:00Z", "2026-01-01T00:00:00", "2026-01-01T00:00:00+01:00",
                          "2026-01-01t00:00:00Z", "2026-01-01 00:00:00Z", "2026-1-01T00:00:00Z",
                          "2026-01-01T00:00:00.Z", "2026-01-01T00:00:00.1234567Z", ""}) {
    EXPECT_EQ(parse_timestamp_text(bad), std::nullopt) << bad;
  }
}

}  // namespace
}  // namespace drdrill::sim
