// Network failures a handler asks for (http::Disposition): how a region outage looks on the wire
// when it refuses connections or hangs. Real sockets on 127.0.0.1; every wait is bounded.

#include <chrono>
#include <future>
#include <memory>
#include <string>
#include <thread>

#include <gtest/gtest.h>

#include "test_client.h"
#include "transport/event_loop.h"
#include "transport/http_server.h"

namespace drdrill::transport {
namespace {

using testing::TestClient;
using boost::beast::http::verb;

// "/drop" closes without a response, "/hold" hangs, anything else answers 200 with its path.
http::Response faulty(const http::Request& request) {
  http::Response response = http::Response::text(200, std::string(request.path()));
  if (request.path() == "/drop") response.disposition = http::Disposition::kCloseWithoutResponse;
  if (request.path() == "/hold") response.disposition = http::Disposition::kHold;
  return response;
}

class ConnectionFaultsTest : public ::testing::Test {
 protected:
  void start(HttpServerOptions options = {}) {
    server_ = std::make_unique<HttpServer>(loop_.context(), faulty, std::move(options));
    ASSERT_TRUE(server_->start().ok());
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

TEST_F(ConnectionFaultsTest, CloseWithoutResponseResetsTheConnectionAndSendsNothing) {
  start();
  TestClient client(port());
  ASSERT_FALSE(client.connect());
  ASSERT_FALSE(client.write("GET /drop HTTP/1.1\r\nHost: h\r\n\r\n"));
  bool closed = false;
  EXPECT_EQ(client.read_until_close(&closed), "");
  EXPECT_TRUE(closed);
  EXPECT_EQ(server_->requests_handled(), 1u);
}

TEST_F(ConnectionFaultsTest, WritesTheResponsesPipelinedBeforeADropThenAnswersNothingAfterIt) {
  start();
  TestClient client(port());
  ASSERT_FALSE(client.connect());
  ASSERT_FALSE(client.write("GET /first HTTP/1.1\r\nHost: h\r\n\r\n"
                            "GET /drop HTTP/1.1\r\nHost: h\r\n\r\n"
                            "GET /never HTTP/1.1\r\nHost: h\r\n\r\n"));
  auto first = client.read_response();
  ASSERT_FALSE(first.ec) << first.ec.message();
  EXPECT_EQ(first.response.body(), "/first");
  bool closed = false;
  EXPECT_EQ(client.read_until_close(&closed), "");
  EXPECT_TRUE(closed);
}

TEST_F(ConnectionFaultsTest, HoldKeepsTheConnectionUnansweredThenClosesItAtTheHoldLimit) {
  HttpServerOptions options;
  options.hold_limit = std::chrono::milliseconds(200);  // far below the client's own bound (kWait)
  start(options);
  TestClient client(port());
  ASSERT_FALSE(client.connect());
  ASSERT_FALSE(client.write("GET /hold HTTP/1.1\r\nHost: h\r\n\r\n"));
  bool closed = false;
  EXPECT_EQ(client.read_until_close(&closed), "");
  EXPECT_TRUE(closed) << "the server should close a held connection at its hold limit";
}

TEST_F(ConnectionFaultsTest, StoppingTheServerReleasesAHeldConnectionAtOnce) {
  HttpServerOptions options;
  options.hold_limit = std::chrono::hours(1);
  options.shutdown_grace = std::chrono::hours(1);  // so only the hold's own release can end the stop
  start(options);
  TestClient client(port());
  ASSERT_FALSE(client.connect());
  ASSERT_FALSE(client.write("GET /hold HTTP/1.1\r\nHost: h\r\n\r\n"));
  for (int i = 0; i < 1000 && server_->requests_handled() == 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));  // wall-clock ok: bounded poll
  }
  ASSERT_EQ(server_->requests_handled(), 1u);
  EXPECT_TRUE(testing::stop_and_wait(*server_));
  EXPECT_TRUE(client.server_closed());
  server_.reset();
}

TEST_F(ConnectionFaultsTest, OtherConnectionsKeepBeingServedWhileOneIsHeld) {
  start();
  TestClient held(port());
  ASSERT_FALSE(held.connect());
  ASSERT_FALSE(held.write("GET /hold HTTP/1.1\r\nHost: h\r\n\r\n"));
  TestClient other(port());
  ASSERT_FALSE(other.connect());
  auto read = other.request(verb::get, "/ok");
  ASSERT_FALSE(read.ec) << read.ec.message();
  EXPECT_EQ(read.response.body(), "/ok");
}

}  // namespace
}  // namespace drdrill::transport
