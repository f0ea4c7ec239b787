#include "http/host_pattern.h"

#include <gtest/gtest.h>

#include <compare>

namespace drdrill::http {
namespace {

HostPattern pattern(std::string_view text) {
  auto p = HostPattern::parse(text);
  EXPECT_TRUE(p.ok()) << p.status().to_string();
  return std::move(p).value();
}

std::optional<RouteParams> match(std::string_view pattern_text, std::string_view host) {
  RouteParams params;
  if (!pattern(pattern_text).match(host, params)) return std::nullopt;
  return params;
}

TEST(HostPatternParse, RejectsMalformedPatterns) {
  for (const char* bad : {"", "a..b", ".a", "{account}-secondary.blob.localhost", "{}.x", "{1}.x", "{a}.{a}.x",
                          "localhost:10000", "[::1]"}) {
    const auto p = HostPattern::parse(bad);
    EXPECT_FALSE(p.ok()) << bad;
    EXPECT_TRUE(p.status().is_invalid_argument()) << bad;
  }
}

TEST(HostPatternMatch, CapturesWholeLabelsLeftToRight) {
  EXPECT_EQ(match("{account}.blob.localhost", "devstoreaccount1.blob.localhost"),
            (RouteParams{{"account", "devstoreaccount1"}}));
  EXPECT_EQ(match("{account}.{service}.core.windows.net", "acct.dfs.core.windows.net"),
            (RouteParams{{"account", "acct"}, {"service", "dfs"}}));
  EXPECT_EQ(match("{account}.blob.localhost", "acct-secondary.blob.localhost"),
            (RouteParams{{"account", "acct-secondary"}}));
}

TEST(HostPatternMatch, IgnoresCaseAndOneTrailingDot) {
  EXPECT_EQ(match("{account}.Blob.LocalHost", "ACCT.blob.localhost."), (RouteParams{{"account", "acct"}}));
  EXPECT_TRUE(match("localhost", "LOCALHOST"));
}

TEST(HostPatternMatch, NeedsTheSameNumberOfNonEmptyLabels) {
  EXPECT_FALSE(match("{account}.blob.localhost", "blob.localhost"));
  EXPECT_FALSE(match("{account}.blob.localhost", "a.b.blob.localhost"));
  EXPECT_FALSE(match("{account}.blob.localhost", ".blob.localhost"));
  EXPECT_FALSE(match("{account}.blob.localhost", "acct.queue.localhost"));
  EXPECT_FALSE(match("{account}.blob.localhost", ""));
  EXPECT_FALSE(match("{a}.{b}.{c}", "127.0.0.1"));
}

TEST(HostPatternMatch, LeavesTheParamsUntouchedWhenALaterLabelDiffers) {
  // The leftmost label would be captured, but the host differs further right: nothing is added.
  RouteParams params{{"bound", "x"}};
  EXPECT_FALSE(pattern("{account}.blob.localhost").match("acct.blob.localhostx", params));
  EXPECT_FALSE(pattern("{account}.{service}.localhost").match("acct.blob.example", params));
  EXPECT_EQ(params, (RouteParams{{"bound", "x"}}));
  EXPECT_TRUE(pattern("{account}.{service}.localhost").match("Acct.Blob.localhost", params));
  EXPECT_EQ(params, (RouteParams{{"bound", "x"}, {"account", "acct"}, {"service", "blob"}}));
}

TEST(HostPatternPrecedence, ExactNameBeatsPatternAndRightmostDifferenceDecides) {
  EXPECT_TRUE(std::is_lt(HostPattern::compare_precedence(pattern("special.blob.localhost"),
                                                         pattern("{account}.blob.localhost"))));
  EXPECT_TRUE(std::is_lt(HostPattern::compare_precedence(pattern("{a}.blob.localhost"), pattern("x.{b}.localhost"))));
  EXPECT_TRUE(std::is_eq(HostPattern::compare_precedence(pattern("{a}.blob.localhost"),
                                                         pattern("{account}.BLOB.localhost"))));
}

}  // namespace
}  // namespace drdrill::http
