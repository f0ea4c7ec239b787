#include "http/query.h"

#include <gtest/gtest.h>

namespace drdrill::http {
namespace {

QueryParams parsed(std::string_view raw, PlusSign plus = PlusSign::kLiteral) {
  auto r = QueryParams::parse(raw, plus);
  EXPECT_TRUE(r.ok()) << r.status().to_string();
  return r.ok() ? *r : QueryParams{};
}

using Param = QueryParams::Param;

TEST(QueryParse, EmptyQueryHasNoParameters) {
  EXPECT_TRUE(parsed("").empty());
  EXPECT_TRUE(parsed("&&").empty());
}

TEST(QueryParse, KeepsRepeatedNamesInTheOrderSent) {
  const auto q = parsed("include=metadata&comp=list&include=snapshots&include=");
  EXPECT_EQ(q.get_all("include"), (std::vector<std::string_view>{"metadata", "snapshots", ""}));
  EXPECT_EQ(q.get("include"), "metadata");
  ASSERT_EQ(q.size(), 4u);
  EXPECT_EQ(q.params()[1], (Param{"comp", "list"}));
}

TEST(QueryParse, TellsNoEqualsSignFromEmptyValue) {
  const auto q = parsed("restype&prefix=&marker=m");
  ASSERT_NE(q.find("restype"), nullptr);
  EXPECT_FALSE(q.find("restype")->value.has_value());
  ASSERT_NE(q.find("prefix"), nullptr);
  ASSERT_TRUE(q.find("prefix")->value.has_value());
  EXPECT_EQ(*q.find("prefix")->value, "");
  // get() answers "present, empty" for both; find() is what tells them apart.
  EXPECT_EQ(q.get("restype"), "");
  EXPECT_EQ(q.get("prefix"), "");
  EXPECT_EQ(q.get("absent"), std::nullopt);
}

TEST(QueryParse, DecodesNamesAndValues) {
  const auto q = parsed("%24expand=geoReplicationStats&api-version=2023-01-01&blockid=YWJj%3D%3D");
  EXPECT_EQ(q.get("$expand"), "geoReplicationStats");
  EXPECT_EQ(q.get("%24expand"), std::nullopt);  // lookups take decoded names
  EXPECT_EQ(q.get("blockid"), "YWJj==");
}

TEST(QueryParse, SplitsOnlyOnTheFirstEqualsSign) {
  const auto q = parsed("sig=ab==&x==");
  EXPECT_EQ(q.get("sig"), "ab==");
  EXPECT_EQ(q.get("x"), "=");
}

TEST(QueryParse, KeepsAnEmptyName) {
  const auto q = parsed("=v&a=1");
  ASSERT_EQ(q.size(), 2u);
  EXPECT_EQ(q.params()[0], (Param{"", "v"}));
}

TEST(QueryParse, PlusIsLiteralByDefaultAndSpaceWhenAsked) {
  EXPECT_EQ(parsed("name=my+job").get("name"), "my+job");
  EXPECT_EQ(parsed("name=my+job%2B1", PlusSign::kSpace).get("name"), "my job+1");
  EXPECT_EQ(parsed("prefix=a%20b").get("prefix"), "a b");
}

TEST(QueryParse, RejectsMalformedEncodingWithoutEchoingTheValue) {
  const auto bad_value = QueryParams::parse("comp=list&sig=secret%zz");
  ASSERT_FALSE(bad_value.ok());
  EXPECT_TRUE(bad_value.status().is_invalid_argument());
  EXPECT_NE(bad_value.status().message().find("'sig'"), std::string::npos) << bad_value.status().message();
  EXPECT_EQ(bad_value.status().message().find("secret"), std::string::npos) << bad_value.status().message();

  EXPECT_FALSE(QueryParams::parse("a%4=1").ok());
  EXPECT_FALSE(QueryParams::parse("flag%").ok());
}

TEST(QueryLookup, IsCaseSensitiveUnlessAskedOtherwise) {
  const auto q = parsed("RESTYPE=container&Comp=list");
  EXPECT_EQ(q.get("restype"), std::nullopt);
  EXPECT_FALSE(q.has("comp"));
  EXPECT_EQ(q.iget("restype"), "container");
  EXPECT_EQ(q.iget("COMP"), "list");
  EXPECT_TRUE(q.ihas("comp"));
  ASSERT_NE(q.ifind("comp"), nullptr);
  EXPECT_EQ(q.ifind("comp")->name, "Comp");  // the sender's spelling is kept (SharedKey lower-cases it itself)
}

}  // namespace
}  // namespace drdrill::http
