// The transport's request reading without a socket (transport/request_parsing.h): what the server
// does with the bytes of a connection, which the fuzz target tests/fuzz/http_request drives.

#include "transport/request_parsing.h"

#include <string>

#include <gtest/gtest.h>

namespace drdrill::transport {
namespace {

using Outcome = ParsedRequest::Outcome;

TEST(ParseRequest, ReadsACompleteRequestAndSaysWhereTheNextStarts) {
  const std::string first = "PUT /c/b HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\nabc";
  const std::string bytes = first + "GET / HTTP/1.1\r\nHost: h\r\n\r\n";
  const ParsedRequest parsed = parse_request(bytes, HttpServerOptions{}, true);
  ASSERT_EQ(parsed.outcome, Outcome::kRequest);
  EXPECT_EQ(parsed.consumed_bytes, first.size());
  EXPECT_EQ(parsed.request->method, http::Method::kPut);
  EXPECT_EQ(parsed.request->target, "/c/b");
  EXPECT_EQ(parsed.request->body, "abc");
  EXPECT_TRUE(parsed.request->secure);
  EXPECT_TRUE(parsed.keep_alive);
}

TEST(ParseRequest, ReadsAChunkedBody) {
  const ParsedRequest parsed =
      parse_request("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n", {}, false);
  ASSERT_EQ(parsed.outcome, Outcome::kRequest);
  EXPECT_EQ(parsed.request->body, "abc");
}

TEST(ParseRequest, AnswersAMalformedMessageWith400) {
  const ParsedRequest parsed = parse_request("GET / HTTP/1.1\r\nContent-Length: x\r\n\r\n", {}, false);
  ASSERT_EQ(parsed.outcome, Outcome::kError);
  EXPECT_EQ(parsed.error->status, 400);
  EXPECT_FALSE(parsed.keep_alive);
}

TEST(ParseRequest, AnswersABodyOverTheLimitWith413) {
  HttpServerOptions options;
  options.body_limit_bytes = 4;
  const ParsedRequest parsed = parse_request("PUT / HTTP/1.1\r\nContent-Length: 5\r\n\r\n12345", options, false);
  ASSERT_EQ(parsed.outcome, Outcome::kError);
  EXPECT_EQ(parsed.error->status, 413);
}

TEST(ParseRequest, AnswersAHeaderOverTheLimitWith431EvenBeforeItEnds) {
  HttpServerOptions options;
  options.header_limit_bytes = 64;
  const ParsedRequest parsed = parse_request("GET / HTTP/1.1\r\nX-Long: " + std::string(100, 'a'), options, false);
  ASSERT_EQ(parsed.outcome, Outcome::kError);
  EXPECT_EQ(parsed.error->status, 431);
}

TEST(ParseRequest, LeavesARequestCutShortUnanswered) {
  EXPECT_EQ(parse_request("GET / HTTP/1.1\r\nHost: h\r\n", {}, false).outcome, Outcome::kIncomplete);
  EXPECT_EQ(parse_request("PUT / HTTP/1.1\r\nContent-Length: 9\r\n\r\nabc", {}, false).outcome, Outcome::kIncomplete);
  EXPECT_EQ(parse_request("", {}, false).outcome, Outcome::kIncomplete);
}

TEST(ParseRequest, SaysWhenTheClientAsksToClose) {
  const ParsedRequest parsed = parse_request("GET / HTTP/1.1\r\nConnection: close\r\n\r\n", {}, false);
  ASSERT_EQ(parsed.outcome, Outcome::kRequest);
  EXPECT_FALSE(parsed.keep_alive);
}

}  // namespace
}  // namespace drdrill::transport
