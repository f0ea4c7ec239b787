// The time formats of the storage service: HTTP dates in conditions, SAS times, error times.

#include "storage/storage_time.h"

#include <gtest/gtest.h>

#include <array>
#include <string_view>
#include <vector>

#include "storage/byte_range.h"

namespace drdrill::storage {
namespace {

TEST(HttpDate, ParsesRfc1123AndRoundTripsWithTheFormatter) {
  const auto t = parse_http_date("Thu, 01 Jan 2026 13:14:15 GMT");
  ASSERT_TRUE(t.has_value());
  EXPECT_EQ(*t, kDefaultEpoch + 13h + 14min + 15s);
  EXPECT_EQ(format_rfc1123(*t), "Thu, 01 Jan 2026 13:14:15 GMT");
}

TEST(HttpDate, RejectsOtherFormsAndImpossibleDates) {
  EXPECT_FALSE(parse_http_date("2026-01-01T00:00:00Z").has_value());
  EXPECT_FALSE(parse_http_date("Thu, 01 Jan 2026 13:14:15 UTC").has_value());
  EXPECT_FALSE(parse_http_date("Thu, 31 Feb 2026 13:14:15 GMT").has_value());
  EXPECT_FALSE(parse_http_date("Thu, 01 Foo 2026 13:14:15 GMT").has_value());
}

TEST(HttpDate, AppendingSpellsEveryDateAsTheFormatterDoes) {
  // Every 7 hours 13 minutes 17.3 seconds from 1583 to 2300 (each weekday, month, leap and century
  // year), the edges of the four-digit years, and times before the epoch with a fraction.
  std::vector<TimePoint> times;
  const TimePoint first{std::chrono::sys_days{std::chrono::year{1583} / 1 / 1}};
  const TimePoint last{std::chrono::sys_days{std::chrono::year{2300} / 1 / 1}};
  for (TimePoint t = first; t < last; t += 7h + 13min + 17s + 300ms) times.push_back(t);
  for (int year : {0, 1, 1600, 1900, 1969, 1970, 2000, 2024, 2100, 9999}) {
    const TimePoint start{std::chrono::sys_days{std::chrono::year{year} / 1 / 1}};
    const TimePoint leap_or_not{std::chrono::sys_days{std::chrono::year{year} / 2 / 28}};
    for (TimePoint t : {start, start - 1us, start + 86399s + 999999us, leap_or_not + 24h, leap_or_not + 24h - 1us}) {
      times.push_back(t);
    }
  }
  times.push_back(TimePoint{} - 1us);
  times.push_back(TimePoint{} - 86400s);
  for (TimePoint t : times) {
    std::string out = "x";
    append_rfc1123(out, t);
    ASSERT_EQ(out, "x" + format_rfc1123(t)) << t.time_since_epoch().count();
  }
  EXPECT_GT(times.size(), 800'000u);
}

TEST(HttpDate, ARunOfDatesWritesWhatEachDateAloneWrites) {
  // Within a day, across midnight, back to an earlier day, before the epoch, and a year four
  // digits do not hold (refused, as write_rfc1123 refuses it, without forgetting the day held).
  const TimePoint noon{std::chrono::sys_days{std::chrono::year{2026} / 11 / 26} + 12h};
  std::vector<TimePoint> times = {noon, noon + 1s, noon + 11h + 59min + 59s + 999999us, noon + 12h, noon - 12h - 1us,
                                  noon + 1s, TimePoint{} - 1us, TimePoint{}, noon + 5min};
  for (int k = 0; k < 2000; ++k) times.push_back(noon + std::chrono::seconds{k * 97});  // ~54 hours
  times.push_back(TimePoint{std::chrono::sys_days{std::chrono::year{10000} / 1 / 1}});
  times.push_back(noon + 7s);
  Rfc1123Run run;
  for (TimePoint t : times) {
    std::array<char, kRfc1123Bytes> alone{};
    std::array<char, kRfc1123Bytes> in_run{};
    const bool written = write_rfc1123(alone.data(), t);
    ASSERT_EQ(run.write(in_run.data(), t), written) << t.time_since_epoch().count();
    if (written) {
      ASSERT_EQ(std::string_view(in_run.data(), in_run.size()), std::string_view(alone.data(), alone.size()))
          << t.time_since_epoch().count();
    }
  }
}

TEST(SasTime, AcceptsTheIsoFormsTheServiceDocuments) {
  EXPECT_EQ(parse_sas_time("2026-01-02"), kDefaultEpoch + 24h);
  EXPECT_EQ(parse_sas_time("2026-01-01T10:30Z"), kDefaultEpoch + 10h + 30min);
  EXPECT_EQ(parse_sas_time("2026-01-01T10:30:05Z"), kDefaultEpoch + 10h + 30min + 5s);
  EXPECT_EQ(parse_sas_time("2026-01-01T00:00:00.1234567Z"), kDefaultEpoch + 123456us);
  EXPECT_EQ(parse_sas_time("2026-01-01T00:00:00.5Z"), kDefaultEpoch + 500ms);
  EXPECT_FALSE(parse_sas_time("2026-01-01T10:30:05").has_value());
  EXPECT_FALSE(parse_sas_time("2026-13-01").has_value());
  EXPECT_FALSE(parse_sas_time("2026-01-01T00:00:00.Z").has_value());
}

TEST(ErrorTime, HasSevenFractionDigitsLikeTheService) {
  EXPECT_EQ(format_error_time(kDefaultEpoch), "2026-01-01T00:00:00.0000000Z");
  EXPECT_EQ(format_error_time(kDefaultEpoch + 1s + 250ms), "2026-01-01T00:00:01.2500000Z");
}

TEST(ByteRangeHeader, ParsesClosedAndOpenRangesOnly) {
  EXPECT_EQ(parse_byte_range("bytes=0-99"), (ByteRange{0, 99}));
  EXPECT_EQ(parse_byte_range("bytes=100-"), (ByteRange{100, std::nullopt}));
  EXPECT_FALSE(parse_byte_range("bytes=-100").has_value());
  EXPECT_FALSE(parse_byte_range("bytes=5-1").has_value());
  EXPECT_FALSE(parse_byte_range("bytes=0-1,5-6").has_value());
  EXPECT_FALSE(parse_byte_range("items=0-1").has_value());
}

TEST(ByteRangeHeader, ResolvesAgainstTheBlobSize) {
  const auto r = resolve_range({5, std::nullopt}, 10);
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->first, 5u);
  EXPECT_EQ(r->last, 9u);
  EXPECT_EQ(r->length(), 5u);
  EXPECT_FALSE(resolve_range({10, 12}, 10).has_value());
  EXPECT_FALSE(resolve_range({0, 0}, 0).has_value());
}

}  // namespace
}  // namespace drdrill::storage
