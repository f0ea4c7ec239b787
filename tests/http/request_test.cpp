#include "http/request.h"

#include <gtest/gtest.h>

#include "http/response.h"

namespace drdrill::http {
namespace {

TEST(RequestTarget, SplitsPathAndQueryKeepingPercentEncoding) {
  Request r;
  r.target = "/acct/c/a%20b?comp=list&prefix=x%2Fy";
  EXPECT_EQ(r.path(), "/acct/c/a%20b");
  EXPECT_EQ(r.query(), "comp=list&prefix=x%2Fy");
}

TEST(RequestTarget, NoQueryMeansEmptyQuery) {
  Request r;
  r.target = "/";
  EXPECT_EQ(r.path(), "/");
  EXPECT_EQ(r.query(), "");
}

TEST(RequestHost, DropsPortAndLowercases) {
  Request r;
  r.headers.add("HOST", "Acct-Secondary.Blob.LOCALHOST:10000");
  EXPECT_EQ(r.host(), "acct-secondary.blob.localhost");
  r.headers.set("Host", "[::1]");
  EXPECT_EQ(r.host(), "[::1]");
}

TEST(RequestHost, WithoutPortKeepsTheSpellingAndIPv6Brackets) {
  Request r;
  EXPECT_EQ(r.host_without_port(), "");
  r.headers.add("Host", "Acct.Blob.Core.Windows.Net:443");
  EXPECT_EQ(r.host_without_port(), "Acct.Blob.Core.Windows.Net");
  r.headers.set("Host", "[::1]:10000");
  EXPECT_EQ(r.host_without_port(), "[::1]");
  r.headers.set("Host", "[::1]");
  EXPECT_EQ(r.host_without_port(), "[::1]");
}

TEST(HeaderLookup, IsCaseInsensitiveAndKeepsOrder) {
  Headers h;
  h.add("x-ms-version", "2021-06-08");
  h.add("X-MS-Date", "now");
  h.add("x-ms-meta-a", "1");
  h.add("x-ms-meta-a", "2");
  EXPECT_EQ(h.get("X-Ms-Version"), "2021-06-08");
  EXPECT_EQ(h.get("x-ms-meta-a"), "1");
  h.set("X-MS-META-A", "3");
  ASSERT_EQ(h.size(), 3u);
  EXPECT_EQ(h.fields().back().second, "3");
  EXPECT_FALSE(h.has("content-type"));
}

TEST(ResponseFactories, SetContentType) {
  const auto r = Response::json(404, R"({"error_code":"RESOURCE_DOES_NOT_EXIST"})");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.headers.get("Content-Type"), "application/json");
  EXPECT_EQ(reason_phrase(413), "Payload Too Large");
}

}  // namespace
}  // namespace drdrill::http
