#include "http/url.h"

#include <gtest/gtest.h>

namespace drdrill::http {
namespace {

std::string decoded(std::string_view s, PlusSign plus = PlusSign::kLiteral) {
  auto r = percent_decode(s, plus);
  EXPECT_TRUE(r.ok()) << r.status().to_string();
  return r.ok() ? *r : std::string("<error>");
}

TEST(PercentDecode, DecodesEscapesInEitherHexCase) {
  EXPECT_EQ(decoded("a%20b"), "a b");
  EXPECT_EQ(decoded("%2f%2F"), "//");
  EXPECT_EQ(decoded("%24expand"), "$expand");
  EXPECT_EQ(decoded(""), "");
  EXPECT_EQ(decoded("plain-._~"), "plain-._~");
}

TEST(PercentDecode, KeepsPlusLiteralUnlessAskedForFormStyle) {
  EXPECT_EQ(decoded("a+b%2Bc"), "a+b+c");
  EXPECT_EQ(decoded("a+b%2Bc", PlusSign::kSpace), "a b+c");
}

TEST(PercentDecode, ProducesMultibyteUtf8Bytes) {
  EXPECT_EQ(decoded("caf%C3%A9"), "caf\xC3\xA9");            // é
  EXPECT_EQ(decoded("%E2%82%AC"), "\xE2\x82\xAC");           // €
  EXPECT_EQ(decoded("%F0%9F%98%80"), "\xF0\x9F\x98\x80");    // U+1F600, four bytes
  EXPECT_EQ(decoded("%00"), std::string(1, '\0'));           // a NUL is a byte like any other
}

TEST(PercentDecode, RejectsMalformedEscapesInsteadOfPassingThemThrough) {
  for (const char* bad : {"%zz", "%4", "abc%", "%%", "%g0", "%0g", "a%2", "%-1", "100%"}) {
    const auto r = percent_decode(bad);
    EXPECT_FALSE(r.ok()) << bad;
    EXPECT_TRUE(r.status().is_invalid_argument()) << bad;
  }
}

TEST(PercentDecode, NamesTheOffendingEscapeInTheError) {
  const auto r = percent_decode("ok%zzok");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("'%zz'"), std::string::npos) << r.status().message();
  EXPECT_NE(r.status().message().find("offset 2"), std::string::npos) << r.status().message();
}

TEST(PercentEncode, KeepsOnlyUnreservedCharactersAndUsesUpperCaseHex) {
  EXPECT_EQ(percent_encode("AZaz09-._~"), "AZaz09-._~");
  EXPECT_EQ(percent_encode("a b/c+d?e&f=g%"), "a%20b%2Fc%2Bd%3Fe%26f%3Dg%25");
  EXPECT_EQ(percent_encode("$expand"), "%24expand");
  EXPECT_EQ(percent_encode("caf\xC3\xA9"), "caf%C3%A9");
  EXPECT_EQ(percent_encode(std::string(1, '\0')), "%00");
}

TEST(PercentEncode, PathVariantKeepsSlashes) {
  EXPECT_EQ(percent_encode_path("dir/file name.parquet"), "dir/file%20name.parquet");
  EXPECT_EQ(percent_encode_path("/a?b"), "/a%3Fb");
}

TEST(PercentEncode, RoundTripsEveryByte) {
  std::string all;
  for (int b = 0; b < 256; ++b) all += static_cast<char>(b);
  EXPECT_EQ(decoded(percent_encode(all)), all);
  EXPECT_EQ(decoded(percent_encode_path(all)), all);
}

TEST(SplitPath, RootHasNoSegments) {
  const auto r = split_path("/");
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->empty());
}

TEST(SplitPath, KeepsEmptySegmentsAndTrailingSlash) {
  EXPECT_EQ(*split_path("/a/b"), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(*split_path("/a/"), (std::vector<std::string>{"a", ""}));
  EXPECT_EQ(*split_path("/a//b"), (std::vector<std::string>{"a", "", "b"}));
  EXPECT_EQ(*split_path("//"), (std::vector<std::string>{"", ""}));
}

TEST(SplitPath, EncodedSlashStaysInsideItsSegment) {
  EXPECT_EQ(*split_path("/acct/c/dir%2Ffile"), (std::vector<std::string>{"acct", "c", "dir/file"}));
}

TEST(SplitPath, DecodesEachSegmentButNeverPlus) {
  EXPECT_EQ(*split_path("/a%20b/c+d/caf%C3%A9"), (std::vector<std::string>{"a b", "c+d", "caf\xC3\xA9"}));
}

TEST(SplitPath, DoesNotResolveDotSegments) {
  EXPECT_EQ(*split_path("/a/../b/."), (std::vector<std::string>{"a", "..", "b", "."}));
}

TEST(SplitPath, RejectsRelativePathsAndMalformedEscapes) {
  EXPECT_TRUE(split_path("").status().is_invalid_argument());
  EXPECT_TRUE(split_path("a/b").status().is_invalid_argument());
  EXPECT_TRUE(split_path("http://host/a").status().is_invalid_argument());
  EXPECT_TRUE(split_path("/a/%zz/b").status().is_invalid_argument());
  EXPECT_TRUE(split_path("/a/b%4").status().is_invalid_argument());
}

}  // namespace
}  // namespace drdrill::http
