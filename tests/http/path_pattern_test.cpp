#include "http/path_pattern.h"

#include <gtest/gtest.h>

#include <compare>

#include "http/url.h"

namespace drdrill::http {
namespace {

PathPattern pattern(std::string_view text) {
  auto p = PathPattern::parse(text);
  EXPECT_TRUE(p.ok()) << p.status().to_string();
  return std::move(p).value();
}

// Matches a raw path; returns the captures, or nullopt on a mismatch.
std::optional<RouteParams> match(std::string_view pattern_text, std::string_view raw_path) {
  auto segments = split_path(raw_path);
  EXPECT_TRUE(segments.ok()) << raw_path;
  RouteParams params;
  if (!pattern(pattern_text).match(*segments, params)) return std::nullopt;
  return params;
}

TEST(PathPatternParse, RejectsMalformedPatterns) {
  for (const char* bad : {"", "api/2.0", "/{}", "/{1x}", "/{a-b}", "/x{a}", "/{a}x", "/{a", "/a}", "/{rest...}/x",
                          "/{a}/{a}", "/{a}/{a...}", "/a//b", "/{...}"}) {
    const auto p = PathPattern::parse(bad);
    EXPECT_FALSE(p.ok()) << bad;
    EXPECT_TRUE(p.status().is_invalid_argument()) << bad;
  }
}

TEST(PathPatternParse, AcceptsRootTrailingSlashAndCatchAll) {
  EXPECT_TRUE(pattern("/").segments().empty());
  EXPECT_EQ(pattern("/{account}/").segments().size(), 2u);
  EXPECT_TRUE(pattern("/{account}/{container}/{blob...}").ends_with_rest());
  EXPECT_FALSE(pattern("/api/2.0/jobs/get").ends_with_rest());
}

TEST(PathPatternMatch, LiteralsCompareWithDecodedSegmentsCaseSensitively) {
  EXPECT_TRUE(match("/api/2.0/jobs/get", "/api/2.0/jobs/get"));
  EXPECT_FALSE(match("/api/2.0/jobs/get", "/api/2.0/Jobs/get"));
  EXPECT_FALSE(match("/api/2.0/jobs/get", "/api/2.0/jobs/get/"));
  EXPECT_FALSE(match("/api/2.0/jobs/get", "/api/2.0/jobs"));
  EXPECT_TRUE(match("/a b", "/a%20b"));
}

TEST(PathPatternMatch, ParameterCapturesOneDecodedNonEmptySegment) {
  EXPECT_EQ(match("/{account}/{container}", "/acct/my%20container"),
            (RouteParams{{"account", "acct"}, {"container", "my container"}}));
  EXPECT_EQ(match("/{account}/{container}", "/acct/a%2Fb"), (RouteParams{{"account", "acct"}, {"container", "a/b"}}));
  EXPECT_FALSE(match("/{account}/{container}", "/acct/a/b"));
  EXPECT_FALSE(match("/{account}/{container}", "/acct/"));
  EXPECT_FALSE(match("/{account}", "/"));
}

TEST(PathPatternMatch, TrailingSlashIsPartOfThePattern) {
  EXPECT_TRUE(match("/{account}/", "/acct/"));
  EXPECT_FALSE(match("/{account}/", "/acct"));
  EXPECT_FALSE(match("/{account}", "/acct/"));
  EXPECT_TRUE(match("/", "/"));
}

TEST(PathPatternMatch, CatchAllTakesTheRestSlashesIncluded) {
  EXPECT_EQ(match("/{account}/{container}/{blob...}", "/acct/c/dir/sub/file%20name.parquet"),
            (RouteParams{{"account", "acct"}, {"container", "c"}, {"blob", "dir/sub/file name.parquet"}}));
  EXPECT_EQ(match("/{account}/{container}/{blob...}", "/acct/c/x"),
            (RouteParams{{"account", "acct"}, {"container", "c"}, {"blob", "x"}}));
  EXPECT_EQ(match("/{c}/{blob...}", "/c/a%2Fb/c"), (RouteParams{{"c", "c"}, {"blob", "a/b/c"}}));
  // Empty segments inside the rest are kept: "a//b" and "/x" are legal blob names.
  EXPECT_EQ(match("/{c}/{blob...}", "/c/a//b"), (RouteParams{{"c", "c"}, {"blob", "a//b"}}));
  EXPECT_EQ(match("/{c}/{blob...}", "/c//x"), (RouteParams{{"c", "c"}, {"blob", "/x"}}));
  EXPECT_EQ(match("/{c}/{blob...}", "/c/x/"), (RouteParams{{"c", "c"}, {"blob", "x/"}}));
}

TEST(PathPatternMatch, CatchAllNeedsAtLeastOneCharacter) {
  EXPECT_FALSE(match("/{account}/{container}/{blob...}", "/acct/c/"));
  EXPECT_FALSE(match("/{account}/{container}/{blob...}", "/acct/c"));
  EXPECT_TRUE(match("/{rest...}", "/x"));
  EXPECT_FALSE(match("/{rest...}", "/"));
  // Two empty segments join into "/", which is one character.
  EXPECT_EQ(match("/{c}/{blob...}", "/c//"), (RouteParams{{"c", "c"}, {"blob", "/"}}));
  EXPECT_TRUE(pattern("/{c}/{blob...}").matches(*split_path("/c//")));
  EXPECT_FALSE(pattern("/{c}/{blob...}").matches(*split_path("/c/")));
}

TEST(PathPatternMatch, PrefixMatchLeavesTheRestToAMountedRouter) {
  auto segments = split_path("/acct/c/b");
  RouteParams params;
  EXPECT_TRUE(pattern("/{account}").match_prefix(*segments, params));
  EXPECT_EQ(params, (RouteParams{{"account", "acct"}}));
  RouteParams untouched;
  EXPECT_FALSE(pattern("/other").match_prefix(*segments, untouched));
  EXPECT_TRUE(untouched.empty());
}

TEST(PathPatternPrecedence, LiteralBeatsParameterBeatsCatchAll) {
  EXPECT_TRUE(std::is_lt(PathPattern::compare_precedence(pattern("/{a}/x"), pattern("/{a}/{b}"))));
  EXPECT_TRUE(std::is_lt(PathPattern::compare_precedence(pattern("/{a}/{b}"), pattern("/{a}/{b...}"))));
  EXPECT_TRUE(std::is_lt(PathPattern::compare_precedence(pattern("/{a}/x"), pattern("/{a}/{b...}"))));
  EXPECT_TRUE(std::is_gt(PathPattern::compare_precedence(pattern("/{a}/{b...}"), pattern("/{a}/x"))));
}

TEST(PathPatternPrecedence, LeftmostDifferenceDecides) {
  EXPECT_TRUE(std::is_lt(PathPattern::compare_precedence(pattern("/x/{b}/{c}"), pattern("/{a}/y/z"))));
}

TEST(PathPatternPrecedence, SameShapeIsEquivalentWhateverTheNames) {
  EXPECT_TRUE(std::is_eq(PathPattern::compare_precedence(pattern("/{account}/{container}"), pattern("/{a}/{b}"))));
  EXPECT_TRUE(std::is_neq(PathPattern::compare_precedence(pattern("/a/{x}"), pattern("/b/{x}"))));
}

}  // namespace
}  // namespace drdrill::http
