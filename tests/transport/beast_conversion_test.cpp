// The Beast <-> value conversion, without sockets: the wire rules every response follows.

#include "transport/beast_conversion.h"

#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <boost/beast/http/write.hpp>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace drdrill::transport {
namespace {

namespace beast_http = boost::beast::http;

std::string wire(const BeastResponse& response) {
  std::ostringstream out;
  out << response;
  return out.str();
}

TEST(FromBeastRequest, KeepsMethodTargetHeaderOrderSpellingAndBody) {
  BeastRequest request{beast_http::verb::put, "/acct/c/b%20x?comp=block", 11};
  request.insert("x-ms-version", "2026-04-06");
  request.insert("Content-Type", "text/plain");
  request.insert("X-MS-Meta-A", "1");
  request.body() = "payload";
  const http::Request value = from_beast_request(std::move(request), true);
  EXPECT_EQ(value.method, http::Method::kPut);
  EXPECT_EQ(value.target, "/acct/c/b%20x?comp=block");
  ASSERT_EQ(value.headers.size(), 3u);
  EXPECT_EQ(value.headers.fields()[0].first, "x-ms-version");
  EXPECT_EQ(value.headers.fields()[2].first, "X-MS-Meta-A");
  EXPECT_EQ(value.body, "payload");
  EXPECT_TRUE(value.secure);
}

TEST(ToBeastResponse, ComputesContentLengthFromTheBody) {
  auto response = http::Response::text(201, "abc");
  response.headers.add("ETag", "\"1\"");
  EXPECT_EQ(wire(to_beast_response(response, {})),
            "HTTP/1.1 201 Created\r\nContent-Type: text/plain; charset=utf-8\r\nETag: \"1\"\r\nContent-Length: 3\r\n\r\nabc");
}

TEST(ToBeastResponse, OverridesAHandlerContentLengthThatDisagreesWithTheBodySent) {
  auto response = http::Response::text(200, "abc");
  response.headers.set("Content-Length", "99");
  EXPECT_EQ(to_beast_response(response, {})[beast_http::field::content_length], "3");
}

TEST(ToBeastResponse, SendsNoBodyForHeadButTheLengthOfTheBodyProduced) {
  ResponseFraming head;
  head.head_request = true;
  const auto response = to_beast_response(http::Response::text(200, "hello"), head);
  EXPECT_EQ(response[beast_http::field::content_length], "5");
  EXPECT_TRUE(response.body().empty());
  EXPECT_EQ(wire(response), "HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 5\r\n\r\n");
}

TEST(ToBeastResponse, KeepsTheHandlersContentLengthForHead) {
  ResponseFraming head;
  head.head_request = true;
  auto response = http::Response::empty(200);
  response.headers.set("content-length", "1048576");
  EXPECT_EQ(to_beast_response(response, head)[beast_http::field::content_length], "1048576");
}

TEST(ToBeastResponse, Sends204AndNotModifiedWithoutBody) {
  auto no_content = http::Response::text(204, "ignored");
  const auto wire_204 = wire(to_beast_response(no_content, {}));
  EXPECT_EQ(wire_204, "HTTP/1.1 204 No Content\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n");
  const auto not_modified = to_beast_response(http::Response::text(304, "ignored"), {});
  EXPECT_TRUE(not_modified.body().empty());
  EXPECT_EQ(not_modified.count(beast_http::field::content_length), 0u);
}

TEST(ToBeastResponse, ClosesOnCloseConnectionOrAConnectionCloseHeader) {
  auto flagged = http::Response::text(200, "x");
  flagged.close_connection = true;
  const auto a = to_beast_response(flagged, {});
  EXPECT_TRUE(closes_connection(a));
  EXPECT_EQ(a[beast_http::field::connection], "close");

  auto header = http::Response::text(200, "x");
  header.headers.set("Connection", "Close");
  EXPECT_TRUE(closes_connection(to_beast_response(header, {})));

  ResponseFraming stopping;
  stopping.keep_alive = false;
  EXPECT_TRUE(closes_connection(to_beast_response(http::Response::text(200, "x"), stopping)));
  EXPECT_FALSE(closes_connection(to_beast_response(http::Response::text(200, "x"), {})));
}

TEST(ToBeastResponse, DropsAHandlersTransferEncoding) {
  auto response = http::Response::text(200, "abc");
  response.headers.set("Transfer-Encoding", "chunked");
  const auto out = to_beast_response(response, {});
  EXPECT_EQ(out.count(beast_http::field::transfer_encoding), 0u);
  EXPECT_EQ(out[beast_http::field::content_length], "3");
}

TEST(ToBeastResponse, AnswersHttp10KeepAliveExplicitly) {
  ResponseFraming framing;
  framing.http_version = 10;
  const auto out = to_beast_response(http::Response::text(200, "x"), framing);
  EXPECT_EQ(out.version(), 10u);
  EXPECT_EQ(out[beast_http::field::connection], "keep-alive");
}

TEST(ToBeastResponse, TurnsAnImpossibleStatusInto500) {
  const auto out = to_beast_response(http::Response::empty(42), {});
  EXPECT_EQ(out.result_int(), 500u);
  EXPECT_THAT(out.body(), ::testing::HasSubstr("42"));
}

// The session writes to_wire_response's bytes; they must be exactly what Beast serializes for
// to_beast_response, whatever the response and framing.
TEST(ToWireResponse, WritesExactlyWhatBeastWouldSerialize) {
  std::vector<http::Response> responses;
  auto blob = http::Response::empty(200);
  for (const char* name : {"Last-Modified", "x-ms-creation-time", "Content-Type", "ETag", "Content-MD5", "Accept-Ranges",
                           "x-ms-blob-type", "x-ms-lease-status", "x-ms-lease-state", "x-ms-server-encrypted",
                           "x-ms-request-id", "x-ms-version", "Date"}) {
    blob.headers.add(name, std::string("value of ") + name);
  }
  blob.body = std::string(1024, 'x');
  responses.push_back(blob);
  responses.push_back(http::Response::text(201, "abc"));
  responses.push_back(http::Response::empty(202));
  auto repeated = http::Response::text(200, "r");  // Beast keeps fields of one name together
  repeated.headers.add("x-ms-meta-a", "1");
  repeated.headers.add("Other", "2");
  repeated.headers.add("X-MS-META-A", "3");
  repeated.headers.add("x-ms-meta-b", "4");
  repeated.headers.add("x-ms-meta-a", "5");
  responses.push_back(repeated);
  auto spaced = http::Response::text(200, "s");  // and trims values
  spaced.headers.add("x-padded", " \t value \t ");
  spaced.headers.add("x-empty", "   ");
  responses.push_back(spaced);
  auto lengths = http::Response::text(200, "abc");
  lengths.headers.add("Content-Length", " 99 ");
  lengths.headers.add("Transfer-Encoding", "chunked");
  responses.push_back(lengths);
  auto head_length = http::Response::empty(200);
  head_length.headers.add("Content-Length", "1048576");
  responses.push_back(head_length);
  for (int status : {204, 304, 404, 412, 500, 503, 42, 299}) responses.push_back(http::Response::text(status, "body"));
  auto closing = http::Response::text(200, "x");
  closing.close_connection = true;
  responses.push_back(closing);
  auto close_header = http::Response::text(200, "x");
  close_header.headers.add("Connection", "keep-alive, Close");
  responses.push_back(close_header);
  auto many = http::Response::text(200, "m");
  for (int i = 0; i < 40; ++i) many.headers.add("x-ms-meta-k" + std::to_string(i % 7), std::to_string(i));
  responses.push_back(many);

  int compared = 0;
  for (const http::Response& response : responses) {
    for (bool head : {false, true}) {
      for (unsigned version : {10u, 11u}) {
        for (bool keep_alive : {true, false}) {
          SCOPED_TRACE(::testing::Message() << "status " << response.status << (head ? " HEAD" : "") << " HTTP/" << version
                                            << (keep_alive ? " keep-alive" : " close"));
          ResponseFraming framing;
          framing.head_request = head;
          framing.http_version = version;
          framing.keep_alive = keep_alive;
          const BeastResponse beast = to_beast_response(response, framing);
          const WireResponse ours = to_wire_response(response, framing);
          EXPECT_EQ(ours.head + ours.body, wire(beast));
          EXPECT_EQ(ours.keep_alive, !closes_connection(beast));
          ++compared;
        }
      }
    }
  }
  EXPECT_EQ(compared, static_cast<int>(responses.size()) * 8);
}

TEST(ToWireResponse, HasTheInterimContinue) {
  EXPECT_EQ(continue_response().head, wire(BeastResponse{beast_http::status::continue_, 11}));
  EXPECT_TRUE(continue_response().body.empty());
}

TEST(InvokeHandler, TurnsExceptionsInto500) {
  const http::Handler throws = [](const http::Request&) -> http::Response { throw std::runtime_error("boom"); };
  const auto response = invoke_handler(throws, http::Request{});
  EXPECT_EQ(response.status, 500);
  EXPECT_THAT(response.body, ::testing::HasSubstr("boom"));
  const http::Handler throws_int = [](const http::Request&) -> http::Response { throw 7; };
  EXPECT_EQ(invoke_handler(throws_int, http::Request{}).status, 500);
}

TEST(TransportError, HasAReadableTextBody) {
  const auto response = transport_error(413, "the request body exceeds 10 bytes");
  EXPECT_EQ(response.status, 413);
  EXPECT_EQ(response.body, "Payload Too Large: the request body exceeds 10 bytes\n");
  EXPECT_EQ(response.headers.get_or("Content-Type", ""), "text/plain; charset=utf-8");
}

}  // namespace
}  // namespace drdrill::transport
