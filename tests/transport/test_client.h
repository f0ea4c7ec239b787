#pragma once
// A small synchronous HTTP client for transport tests, plain or TLS. Every call is bounded: each
// operation runs on the client's own io_context under a Beast stream timeout (kWait), so a broken
// server makes a test fail, never hang.

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <future>
#include <string>
#include <string_view>
#include <type_traits>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>

#include "transport/beast_conversion.h"
#include "transport/http_server.h"

namespace drdrill::transport::testing {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace beast_http = boost::beast::http;

// The bound on every wait in these tests. Generous: it only matters when something is broken.
inline constexpr std::chrono::seconds kWait{10};  // wall-clock ok: bounds test waits

template <class Stream>
class BasicTestClient {
  static constexpr bool kTls = std::is_same_v<Stream, beast::ssl_stream<beast::tcp_stream>>;

 public:
  explicit BasicTestClient(std::uint16_t port) requires(!kTls) : port_(port), stream_(io_) {}
  BasicTestClient(std::uint16_t port, net::ssl::context& tls) requires(kTls) : port_(port), stream_(io_, tls) {}

  beast::tcp_stream& tcp() { return beast::get_lowest_layer(stream_); }
  Stream& stream() { return stream_; }

  // Connects to 127.0.0.1:port (for TLS also handshakes, sending `server_name` as SNI when it is
  // a DNS name and verifying the certificate against it).
  beast::error_code connect(const std::string& server_name = "127.0.0.1") {
    beast::error_code ec;
    tcp().expires_after(kWait);  // wall-clock ok: bounded wait
    tcp().async_connect(net::ip::tcp::endpoint(net::ip::make_address("127.0.0.1"), port_),
                        [&](beast::error_code e) { ec = e; });
    run();
    if (ec) return ec;
    if constexpr (kTls) {
      if (server_name.find_first_not_of("0123456789.:") != std::string::npos) {
        // SSL_set_tlsext_host_name, without the macro's C-style cast.
        SSL_ctrl(stream_.native_handle(), SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name,
                 const_cast<char*>(server_name.c_str()));
      }
      stream_.set_verify_callback(net::ssl::host_name_verification(server_name));
      tcp().expires_after(kWait);  // wall-clock ok: bounded wait
      stream_.async_handshake(net::ssl::stream_base::client, [&](beast::error_code e) { ec = e; });
      run();
    }
    return ec;
  }

  beast::error_code write(std::string_view bytes) {
    beast::error_code ec;
    tcp().expires_after(kWait);  // wall-clock ok: bounded wait
    net::async_write(stream_, net::buffer(bytes.data(), bytes.size()), [&](beast::error_code e, std::size_t) { ec = e; });
    run();
    return ec;
  }

  struct Read {
    beast::error_code ec;
    BeastResponse response;
  };

  // Reads one response; `head` tells the parser the request was HEAD (no body follows).
  Read read_response(bool head = false) {
    Read out;
    beast_http::response_parser<beast_http::string_body> parser;
    parser.body_limit(1024ull * 1024 * 1024);
    parser.skip(head);
    tcp().expires_after(kWait);  // wall-clock ok: bounded wait
    beast_http::async_read(stream_, buffer_, parser, [&](beast::error_code e, std::size_t) { out.ec = e; });
    run();
    if (!out.ec) out.response = parser.release();
    return out;
  }

  // Sends a request built from its parts and reads the response.
  Read request(beast_http::verb method, std::string target, std::string body = {},
               std::function<void(beast_http::request<beast_http::string_body>&)> customise = {}) {
    beast_http::request<beast_http::string_body> req{method, target, 11};
    req.set(beast_http::field::host, "127.0.0.1");
    req.body() = std::move(body);
    if (method != beast_http::verb::get && method != beast_http::verb::head) req.prepare_payload();
    if (customise) customise(req);
    beast::error_code ec;
    tcp().expires_after(kWait);  // wall-clock ok: bounded wait
    beast_http::async_write(stream_, req, [&](beast::error_code e, std::size_t) { ec = e; });
    run();
    if (ec) return Read{ec, {}};
    return read_response(method == beast_http::verb::head);
  }

  // Reads exactly `n` bytes (less if the connection ends or kWait passes).
  std::string read_exactly(std::size_t n) {
    while (buffer_.size() < n) {
      beast::error_code ec;
      std::size_t got = 0;
      tcp().expires_after(kWait);  // wall-clock ok: bounded wait
      stream_.async_read_some(buffer_.prepare(n - buffer_.size()), [&](beast::error_code e, std::size_t k) {
        ec = e;
        got = k;
      });
      run();
      buffer_.commit(got);
      if (ec) break;
    }
    const std::size_t take = std::min(n, buffer_.size());
    std::string out(static_cast<const char*>(buffer_.data().data()), take);
    buffer_.consume(take);
    return out;
  }

  // Reads until the server ends the connection and returns what arrived; `closed` says whether
  // it did end (EOF or reset) rather than kWait running out.
  std::string read_until_close(bool* closed = nullptr) {
    for (;;) {
      beast::error_code ec;
      std::size_t got = 0;
      tcp().expires_after(kWait);  // wall-clock ok: bounded wait
      stream_.async_read_some(buffer_.prepare(64 * 1024), [&](beast::error_code e, std::size_t k) {
        ec = e;
        got = k;
      });
      run();
      buffer_.commit(got);
      if (ec) {
        if (closed) *closed = ec != beast::error::timeout;
        break;
      }
    }
    std::string out(static_cast<const char*>(buffer_.data().data()), buffer_.size());
    buffer_.consume(buffer_.size());
    return out;
  }

  bool server_closed() {
    bool closed = false;
    read_until_close(&closed);
    return closed;
  }

 private:
  void run() {
    io_.restart();
    io_.run();
  }

  std::uint16_t port_;
  net::io_context io_;
  Stream stream_;
  beast::flat_buffer buffer_;
};

using TestClient = BasicTestClient<beast::tcp_stream>;
using TlsTestClient = BasicTestClient<beast::ssl_stream<beast::tcp_stream>>;

// Stops `server` and waits (bounded) for its completion callback.
inline bool stop_and_wait(HttpServer& server) {
  auto stopped = std::make_shared<std::promise<void>>();  // outlives a wait that gives up
  auto done = stopped->get_future();
  server.stop([stopped] { stopped->set_value(); });
  return done.wait_for(kWait) == std::future_status::ready;  // wall-clock ok: bounded test wait
}

}  // namespace drdrill::transport::testing
