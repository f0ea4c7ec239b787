// HttpServer over real sockets on 127.0.0.1. Every wait is bounded (test_client.h).

#include "transport/http_server.h"

#include <atomic>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "test_client.h"
#include "transport/event_loop.h"

namespace drdrill::transport {
namespace {

namespace beast_http = boost::beast::http;
namespace net = boost::asio;
using testing::TestClient;
using ::testing::HasSubstr;
using ::testing::StartsWith;
using beast_http::status;
using beast_http::verb;

// Echoes what it saw: "<METHOD> <target> <body>", with x-seen-headers listing header names.
http::Response echo(const http::Request& request) {
  std::string names;
  for (const auto& [name, value] : request.headers) names += (names.empty() ? "" : ",") + name;
  auto response = http::Response::text(200, std::string(http::to_string(request.method)) + " " + request.target + " " + request.body);
  response.headers.add("x-seen-headers", names);
  return response;
}

class HttpServerTest : public ::testing::Test {
 protected:
  void start(http::Handler handler, HttpServerOptions options = {}) {
    server_ = std::make_unique<HttpServer>(loop_.context(), std::move(handler), std::move(options));
    ASSERT_TRUE(server_->start().ok());
    ASSERT_NE(server_->port(), 0);
    loop_.start_thread();
  }

  void TearDown() override {
    if (server_) {
      EXPECT_TRUE(testing::stop_and_wait(*server_));
    }
    loop_.stop();
    loop_.join();
  }

  std::uint16_t port() const { return server_->port(); }

  EventLoop loop_;
  std::unique_ptr<HttpServer> server_;
};

TEST_F(HttpServerTest, ServesTwoRequestsOnOneKeptAliveConnection) {
  start(echo);
  TestClient client(port());
  ASSERT_FALSE(client.connect());
  auto first = client.request(verb::get, "/a");
  ASSERT_FALSE(first.ec) << first.ec.message();
  EXPECT_EQ(first.response.body(), "GET /a ");
  EXPECT_TRUE(first.response.keep_alive());
  auto second = client.request(verb::put, "/b", "data");
  ASSERT_FALSE(second.ec) << second.ec.message();
  EXPECT_EQ(second.response.body(), "PUT /b data");
  EXPECT_EQ(server_->connections_accepted(), 1u);
  EXPECT_EQ(server_->requests_handled(), 2u);
}

TEST_F(HttpServerTest, GivesTheHandlerHeadersInArrivalOrderWithTheSendersSpelling) {
  start(echo);
  TestClient client(port());
  ASSERT_FALSE(client.connect());
  ASSERT_FALSE(client.write("GET / HTTP/1.1\r\nHost: h\r\nx-ms-Version: 2021-06-08\r\nX-MS-DATE: d\r\n\r\n"));
  auto read = client.read_response();
  ASSERT_FALSE(read.ec);
  EXPECT_EQ(read.response["x-seen-headers"], "Host,x-ms-Version,X-MS-DATE");
}

TEST_F(HttpServerTest, AnswersPipelinedRequestsInOrder) {
  start(echo);
  TestClient client(port());
  ASSERT_FALSE(client.connect());
  std::string burst;
  for (int i = 0; i < 8; ++i) burst += "GET /r" + std::to_string(i) + " HTTP/1.1\r\nHost: h\r\n\r\n";
  ASSERT_FALSE(client.write(burst));
  for (int i = 0; i < 8; ++i) {
    auto read = client.read_response();
    ASSERT_FALSE(read.ec) << i << ": " << read.ec.message();
    EXPECT_EQ(read.response.body(), "GET /r" + std::to_string(i) + " ");
  }
}

TEST_F(HttpServerTest, StopsReadingPipelinedRequestsWhileTheResponseQueueIsFull) {
  // The first response is far larger than loopback socket buffers (a few MiB while the receiver
  // does not read), so its write cannot finish and the queue stays full.
  const std::string big(32 * 1024 * 1024, 'x');
  std::atomic<int> handled{0};
  HttpServerOptions options;
  options.max_pipelined_requests = 2;
  start([&](const http::Request& r) {
    ++handled;
    return http::Response::text(200, r.target == "/big" ? big : r.target);
  }, options);
  TestClient client(port());
  ASSERT_FALSE(client.connect());
  std::string burst = "GET /big HTTP/1.1\r\nHost: h\r\n\r\n";
  for (int i = 1; i < 8; ++i) burst += "GET /s" + std::to_string(i) + " HTTP/1.1\r\nHost: h\r\n\r\n";
  ASSERT_FALSE(client.write(burst));

  // Give a server that ignores the bound every chance to read the whole burst.
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // wall-clock ok: let a broken server overrun
  EXPECT_LE(handled.load(), 2);

  auto first = client.read_response();
  ASSERT_FALSE(first.ec) << first.ec.message();
  EXPECT_EQ(first.response.body().size(), big.size());
  for (int i = 1; i < 8; ++i) {
    auto read = client.read_response();
    ASSERT_FALSE(read.ec) << i << ": " << read.ec.message();
    EXPECT_EQ(read.response.body(), "/s" + std::to_string(i));
  }
  EXPECT_EQ(handled.load(), 8);
}

TEST_F(HttpServerTest, RefusesADeclaredOversizeBodyWith413AndABodyThenCloses) {
  HttpServerOptions options;
  options.body_limit_bytes = 1024;
  std::atomic<int> handled{0};
  start([&](const http::Request& r) { ++handled; return echo(r); }, options);
  TestClient client(port());
  ASSERT_FALSE(client.connect());
  ASSERT_FALSE(client.write("PUT /big HTTP/1.1\r\nHost: h\r\nContent-Length: 5000\r\n\r\n" + std::string(100, 'a')));
  auto read = client.read_response();
  ASSERT_FALSE(read.ec) << read.ec.message();
  EXPECT_EQ(read.response.result(), status::payload_too_large);
  EXPECT_THAT(read.response.body(), HasSubstr("1024 bytes"));
  EXPECT_FALSE(read.response.keep_alive());
  EXPECT_TRUE(client.server_closed());
  EXPECT_EQ(handled.load(), 0);
}

TEST_F(HttpServerTest, Answers413EvenWhileTheClientKeepsSendingTheBody) {
  // A chunked body has no declared size: the limit trips mid-body, with much still unsent.
  HttpServerOptions options;
  options.body_limit_bytes = 1024;
  start(echo, options);
  TestClient client(port());
  ASSERT_FALSE(client.connect());
  std::string request = "PUT /big HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n";
  for (int i = 0; i < 64; ++i) request += "400\r\n" + std::string(1024, 'b') + "\r\n";
  request += "0\r\n\r\n";
  ASSERT_FALSE(client.write(request));
  auto read = client.read_response();
  ASSERT_FALSE(read.ec) << read.ec.message();
  EXPECT_EQ(read.response.result(), status::payload_too_large);
  EXPECT_THAT(read.response.body(), StartsWith("Payload Too Large"));
}

TEST_F(HttpServerTest, RefusesAnOversizeHeaderWith431) {
  HttpServerOptions options;
  options.header_limit_bytes = 1024;
  start(echo, options);
  TestClient client(port());
  ASSERT_FALSE(client.connect());
  ASSERT_FALSE(client.write("GET / HTTP/1.1\r\nHost: h\r\nx-big: " + std::string(4096, 'h') + "\r\n\r\n"));
  auto read = client.read_response();
  ASSERT_FALSE(read.ec) << read.ec.message();
  EXPECT_EQ(read.response.result(), status::request_header_fields_too_large);
  EXPECT_FALSE(read.response.body().empty());
  EXPECT_TRUE(client.server_closed());
}

class MalformedRequestTest : public HttpServerTest, public ::testing::WithParamInterface<const char*> {};

TEST_P(MalformedRequestTest, IsAnsweredWith400AndABodyThenClosed) {
  std::atomic<int> handled{0};
  start([&](const http::Request& r) { ++handled; return echo(r); });
  TestClient client(port());
  ASSERT_FALSE(client.connect());
  ASSERT_FALSE(client.write(GetParam()));
  auto read = client.read_response();
  ASSERT_FALSE(read.ec) << read.ec.message();
  EXPECT_EQ(read.response.result(), status::bad_request);
  EXPECT_THAT(read.response.body(), StartsWith("Bad Request: malformed request"));
  EXPECT_EQ(read.response[beast_http::field::content_length], std::to_string(read.response.body().size()));
  EXPECT_TRUE(client.server_closed());
  EXPECT_EQ(handled.load(), 0);
}

INSTANTIATE_TEST_SUITE_P(
    HttpServer, MalformedRequestTest,
    ::testing::Values("GARBAGE\r\n\r\n",                                                   // bad request line
                      "GET / HTTP/9.9\r\nHost: h\r\n\r\n",                                 // bad version
                      "GET / HTTP/1.1\r\nHost: h\r\nNo colon here\r\n\r\n",                // bad header
                      "GET / HTTP/1.1\r\nHost: h\r\nContent-Length: 12x\r\n\r\n",          // bad length
                      "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\nZZ\r\nab\r\n0\r\n\r\n"));  // bad chunk

TEST_F(HttpServerTest, SendsNoBodyForHeadYetKeepsTheBodysLengthSoTheNextResponseIsIntact) {
  // What @azure/storage-blob's downloadToBuffer does: HEAD then GET on one connection.
  start([](const http::Request&) {
    auto r = http::Response::text(200, "hello", "application/octet-stream");
    r.headers.add("ETag", "\"0x1\"");
    return r;
  });
  TestClient client(port());
  ASSERT_FALSE(client.connect());
  ASSERT_FALSE(client.write("HEAD /c/b HTTP/1.1\r\nHost: h\r\n\r\nGET /c/b HTTP/1.1\r\nHost: h\r\n\r\n"));
  const std::string head_response =
      "HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nETag: \"0x1\"\r\nContent-Length: 5\r\n\r\n";
  const std::string expected = head_response + head_response + "hello";
  EXPECT_EQ(client.read_exactly(expected.size()), expected);
  // And the connection is still in step: a third request gets a clean response.
  auto third = client.request(verb::get, "/c/b");
  ASSERT_FALSE(third.ec) << third.ec.message();
  EXPECT_EQ(third.response.body(), "hello");
}

TEST_F(HttpServerTest, KeepsAContentLengthTheHandlerSetForHead) {
  start([](const http::Request&) {
    auto r = http::Response::empty(200);
    r.headers.set("Content-Length", "1048576");
    return r;
  });
  TestClient client(port());
  ASSERT_FALSE(client.connect());
  auto read = client.request(verb::head, "/blob");
  ASSERT_FALSE(read.ec) << read.ec.message();
  EXPECT_EQ(read.response[beast_http::field::content_length], "1048576");
  EXPECT_TRUE(read.response.body().empty());
}

TEST_F(HttpServerTest, DisconnectsAClientThatStallsMidHeader) {
  HttpServerOptions options;
  options.header_timeout = std::chrono::milliseconds(200);
  start(echo, options);
  TestClient client(port());
  ASSERT_FALSE(client.connect());
  ASSERT_FALSE(client.write("GET / HTTP/1.1\r\nHo"));
  bool closed = false;
  const std::string got = client.read_until_close(&closed);
  EXPECT_TRUE(closed);
  EXPECT_EQ(got, "");  // dropped without a response
}

TEST_F(HttpServerTest, ClosesAKeptAliveConnectionLeftIdle) {
  HttpServerOptions options;
  options.idle_timeout = std::chrono::milliseconds(200);
  start(echo, options);
  TestClient client(port());
  ASSERT_FALSE(client.connect());
  ASSERT_FALSE(client.request(verb::get, "/").ec);
  EXPECT_TRUE(client.server_closed());
}

TEST_F(HttpServerTest, DoesNotCountALongDownloadAsIdleTime) {
  // The idle timeout is for waiting on the next request, not for a client slowly reading a large
  // response (a blob download).
  HttpServerOptions options;
  options.idle_timeout = std::chrono::milliseconds(200);
  const std::string big(32 * 1024 * 1024, 'd');
  start([&](const http::Request&) { return http::Response::text(200, big); }, options);
  TestClient client(port());
  ASSERT_FALSE(client.connect());
  ASSERT_FALSE(client.write("GET /blob HTTP/1.1\r\nHost: h\r\n\r\n"));
  std::this_thread::sleep_for(std::chrono::milliseconds(600));  // wall-clock ok: a slow reader
  auto read = client.read_response();
  ASSERT_FALSE(read.ec) << read.ec.message();
  EXPECT_EQ(read.response.body().size(), big.size());
}

TEST_F(HttpServerTest, DisconnectsAClientThatStallsMidBody) {
  HttpServerOptions options;
  options.body_timeout = std::chrono::milliseconds(200);
  start(echo, options);
  TestClient client(port());
  ASSERT_FALSE(client.connect());
  ASSERT_FALSE(client.write("PUT / HTTP/1.1\r\nHost: h\r\nContent-Length: 10\r\n\r\nabc"));
  EXPECT_TRUE(client.server_closed());
}

TEST_F(HttpServerTest, TurnsAHandlerExceptionInto500AndKeepsServing) {
  start([](const http::Request& r) -> http::Response {
    if (r.target == "/throw") throw std::runtime_error("boom");
    return http::Response::text(200, "fine");
  });
  TestClient client(port());
  ASSERT_FALSE(client.connect());
  auto failed = client.request(verb::get, "/throw");
  ASSERT_FALSE(failed.ec) << failed.ec.message();
  EXPECT_EQ(failed.response.result(), status::internal_server_error);
  EXPECT_THAT(failed.response.body(), HasSubstr("boom"));
  auto next = client.request(verb::get, "/ok");
  ASSERT_FALSE(next.ec) << next.ec.message();
  EXPECT_EQ(next.response.body(), "fine");
}

TEST_F(HttpServerTest, HonoursConnectionCloseFromTheClient) {
  start(echo);
  TestClient client(port());
  ASSERT_FALSE(client.connect());
  auto read = client.request(verb::get, "/", {}, [](auto& req) { req.set(beast_http::field::connection, "close"); });
  ASSERT_FALSE(read.ec) << read.ec.message();
  EXPECT_EQ(read.response[beast_http::field::connection], "close");
  EXPECT_TRUE(client.server_closed());
}

TEST_F(HttpServerTest, HonoursCloseConnectionFromTheHandler) {
  start([](const http::Request&) {
    auto r = http::Response::text(503, "going away");
    r.close_connection = true;
    return r;
  });
  TestClient client(port());
  ASSERT_FALSE(client.connect());
  auto read = client.request(verb::get, "/");
  ASSERT_FALSE(read.ec) << read.ec.message();
  EXPECT_EQ(read.response.result(), status::service_unavailable);
  EXPECT_EQ(read.response.body(), "going away");
  EXPECT_EQ(read.response[beast_http::field::connection], "close");
  EXPECT_TRUE(client.server_closed());
}

TEST_F(HttpServerTest, ClosesAnHttp10ConnectionUnlessAskedToKeepItAlive) {
  start(echo);
  TestClient kept(port());
  ASSERT_FALSE(kept.connect());
  ASSERT_FALSE(kept.write("GET /a HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"));
  auto first = kept.read_response();
  ASSERT_FALSE(first.ec);
  EXPECT_EQ(first.response.version(), 10u);
  EXPECT_EQ(first.response[beast_http::field::connection], "keep-alive");
  ASSERT_FALSE(kept.request(verb::get, "/b").ec);

  TestClient closed(port());
  ASSERT_FALSE(closed.connect());
  ASSERT_FALSE(closed.write("GET /a HTTP/1.0\r\n\r\n"));
  auto read = closed.read_response();
  ASSERT_FALSE(read.ec);
  EXPECT_EQ(read.response.body(), "GET /a ");
  EXPECT_TRUE(closed.server_closed());
}

TEST_F(HttpServerTest, Sends100ContinueBeforeTheBodyIsSent) {
  start(echo);
  TestClient client(port());
  ASSERT_FALSE(client.connect());
  ASSERT_FALSE(client.write("PUT /x HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n"));
  const std::string interim = "HTTP/1.1 100 Continue\r\n\r\n";
  EXPECT_EQ(client.read_exactly(interim.size()), interim);
  ASSERT_FALSE(client.write("data"));
  auto read = client.read_response();
  ASSERT_FALSE(read.ec) << read.ec.message();
  EXPECT_EQ(read.response.body(), "PUT /x data");
}

TEST_F(HttpServerTest, DecodesAChunkedRequestBody) {
  start(echo);
  TestClient client(port());
  ASSERT_FALSE(client.connect());
  ASSERT_FALSE(client.write("PUT /x HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n"));
  auto read = client.read_response();
  ASSERT_FALSE(read.ec) << read.ec.message();
  EXPECT_EQ(read.response.body(), "PUT /x abcde");
}

TEST_F(HttpServerTest, StopCompletesWhileClientsHoldIdleConnections) {
  start(echo);
  TestClient silent(port());  // connected, never sent a byte
  ASSERT_FALSE(silent.connect());
  TestClient kept(port());  // finished a request, holds the connection open
  ASSERT_FALSE(kept.connect());
  ASSERT_FALSE(kept.request(verb::get, "/").ec);

  EXPECT_TRUE(testing::stop_and_wait(*server_));
  EXPECT_TRUE(silent.server_closed());
  EXPECT_TRUE(kept.server_closed());
  TestClient late(port());
  EXPECT_TRUE(late.connect());  // no longer accepting
}

TEST_F(HttpServerTest, StopFinishesAResponseAlreadyInFlight) {
  const std::string big(16 * 1024 * 1024, 'z');
  start([&](const http::Request&) { return http::Response::text(200, big); });
  TestClient client(port());
  ASSERT_FALSE(client.connect());
  ASSERT_FALSE(client.write("GET / HTTP/1.1\r\nHost: h\r\n\r\n"));
  // Wait until the server has the request (its response cannot fit in the socket buffers).
  for (int i = 0; i < 1000 && server_->requests_handled() == 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));  // wall-clock ok: bounded poll
  }
  ASSERT_EQ(server_->requests_handled(), 1u);

  auto stopped = std::make_shared<std::promise<void>>();
  auto done = stopped->get_future();
  server_->stop([stopped] { stopped->set_value(); });
  auto read = client.read_response();
  ASSERT_FALSE(read.ec) << read.ec.message();
  EXPECT_EQ(read.response.body().size(), big.size());
  EXPECT_TRUE(client.server_closed());
  EXPECT_EQ(done.wait_for(testing::kWait), std::future_status::ready);  // wall-clock ok: bounded wait
}

TEST(HttpServers, TwoServersShareOneEventLoop) {
  EventLoop loop;
  HttpServer blob(loop.context(), [](const http::Request&) { return http::Response::text(200, "blob"); });
  HttpServer sql(loop.context(), [](const http::Request&) { return http::Response::text(200, "sql"); });
  ASSERT_TRUE(blob.start().ok());
  ASSERT_TRUE(sql.start().ok());
  ASSERT_NE(blob.port(), sql.port());
  loop.start_thread();

  TestClient to_blob(blob.port());
  TestClient to_sql(sql.port());
  ASSERT_FALSE(to_blob.connect());
  ASSERT_FALSE(to_sql.connect());
  EXPECT_EQ(to_sql.request(verb::get, "/").response.body(), "sql");
  EXPECT_EQ(to_blob.request(verb::get, "/").response.body(), "blob");

  EXPECT_TRUE(testing::stop_and_wait(blob));
  EXPECT_TRUE(testing::stop_and_wait(sql));
  loop.stop();
  loop.join();
}

TEST(HttpServers, ReportsAPortAlreadyInUse) {
  EventLoop loop;
  HttpServer first(loop.context(), echo);
  ASSERT_TRUE(first.start().ok());
  HttpServerOptions options;
  options.port = first.port();
  HttpServer second(loop.context(), echo, options);
  const Status status = second.start();
  EXPECT_TRUE(status.is_unavailable()) << status.to_string();
}

}  // namespace
}  // namespace drdrill::transport
