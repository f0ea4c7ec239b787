// The time formats of the storage service: HTTP dates in conditions, SAS times, error times.

#include "storage/storage_time.h"

#include <gtest/gtest.h>

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
