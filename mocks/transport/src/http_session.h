#pragma once
// Internal: one HTTP/1.1 connection, plain or TLS — the same code for both, templated on the stream
// (beast::tcp_stream or beast::ssl_stream<beast::tcp_stream>).
//
// Reading: wait for the first byte of a request (idle timeout), read its header (header timeout,
// header limit), answer "Expect: 100-continue", read its body (body timeout, body limit), call the
// handler, queue the response, read the next request. Writing: one response at a time, in request
// order. At most options.max_pipelined_requests responses wait in the queue; when it is full the
// session stops reading until a write completes (back-pressure on a pipelining client). Requests
// already buffered are parsed while responses are written; waiting for a new one starts only once
// the queue is empty, so the idle timeout never runs during a long download.
//
// A handler may ask for a network failure instead of a response (http::Disposition): once the
// responses before it are written, the connection is reset (kCloseWithoutResponse), or held open
// unanswered until the client leaves or options.hold_limit passes (kHold). Requests pipelined
// behind it are not answered.
//
// Everything runs on the connection's strand; every asynchronous operation holds a shared_ptr to
// the session, which dies when the last one completes.

#include <array>
#include <chrono>
#include <cstddef>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/socket_base.hpp>
#include <boost/asio/write.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/stream_traits.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/field.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>

#include "server_state.h"
#include "transport/beast_conversion.h"
#include "transport/request_parsing.h"

namespace drdrill::transport {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace beast_http = boost::beast::http;

using PlainStream = beast::tcp_stream;
using TlsStream = beast::ssl_stream<beast::tcp_stream>;

template <class Stream>
class HttpSession final : public SessionBase, public std::enable_shared_from_this<HttpSession<Stream>> {
  static constexpr bool kTls = std::is_same_v<Stream, TlsStream>;
  static constexpr std::size_t kReadChunkBytes = 16 * 1024;

 public:
  // For TlsStream, `stream_args` is the ssl::context.
  template <class... StreamArgs>
  HttpSession(std::shared_ptr<HttpServer::State> server, net::ip::tcp::socket&& socket, StreamArgs&... stream_args)
      : server_(std::move(server)), options_(server_->options), stream_(std::move(socket), stream_args...) {}

  ~HttpSession() override {
    if (id_ != 0) server_->unregister_session(id_);
  }

  void set_id(std::uint64_t id) { id_ = id; }

  void run() {
    net::dispatch(stream_.get_executor(), [self = this->shared_from_this()] { self->start(); });
  }

  void begin_stop() override {
    net::post(stream_.get_executor(), [self = this->shared_from_this()] { self->on_server_stop(); });
  }

  void force_close() override {
    net::post(stream_.get_executor(), [self = this->shared_from_this()] { self->close_now(); });
  }

 private:
  // Where the read side is. Only kInRequest holds a partially received request that a graceful
  // stop lets finish.
  enum class Phase { kHandshake, kIdle, kInRequest };

  struct Outgoing {
    WireResponse message;
    bool close_after = false;
    http::Disposition disposition = http::Disposition::kSend;  // kSend: write `message`
  };

  PlainStream& tcp() { return beast::get_lowest_layer(stream_); }
  bool server_stopping() const { return stopping_ || server_->stopping.load(std::memory_order_relaxed); }

  void start() {
    if constexpr (kTls) {
      phase_ = Phase::kHandshake;
      tcp().expires_after(options_.header_timeout);  // wall-clock ok: transport timeout
      stream_.async_handshake(net::ssl::stream_base::server,
                              [self = this->shared_from_this()](beast::error_code ec) {
                                if (ec) return self->close_now();
                                self->phase_ = Phase::kIdle;
                                self->do_read();
                              });
    } else {
      do_read();
    }
  }

  // ---- reading ---------------------------------------------------------------------------------

  void do_read() {
    if (closed_ || reading_done_) return;
    if (server_stopping()) {
      // No new requests once the server stops; what is queued is still written.
      reading_done_ = true;
      return maybe_close();
    }
    // Pause while the queue is full (back-pressure), and also while responses are still being
    // written if no further request is buffered: waiting for the next request is idle time, and
    // the idle timeout must not cut a client that is still reading a large response.
    if (queue_.size() >= options_.max_pipelined_requests || (buffer_.size() == 0 && !queue_.empty())) {
      read_paused_ = true;  // on_write resumes
      return;
    }
    parser_.emplace();
    configure_request_parser(*parser_, options_);
    if (buffer_.size() == 0) {
      phase_ = Phase::kIdle;
      tcp().expires_after(options_.idle_timeout);  // wall-clock ok: transport timeout
      stream_.async_read_some(buffer_.prepare(kReadChunkBytes),
                              [self = this->shared_from_this()](beast::error_code ec, std::size_t n) {
                                self->on_first_bytes(ec, n);
                              });
    } else {
      read_header();  // a pipelined request is already buffered
    }
  }

  void on_first_bytes(beast::error_code ec, std::size_t bytes) {
    if (ec) return on_read_error(ec);
    buffer_.commit(bytes);
    if (server_stopping()) {
      reading_done_ = true;
      return maybe_close();
    }
    read_header();
  }

  void read_header() {
    phase_ = Phase::kInRequest;
    tcp().expires_after(options_.header_timeout);  // wall-clock ok: transport timeout
    beast_http::async_read_header(stream_, buffer_, *parser_,
                                  [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
                                    self->on_header(ec);
                                  });
  }

  void on_header(beast::error_code ec) {
    if (ec) return on_read_error(ec);
    if (parser_->is_done()) return handle_request();
    const auto& header = parser_->get();
    if (header.version() == 11 && http::iequals(header[beast_http::field::expect], "100-continue")) {
      // The client waits for this before sending the body (az CLI, some SDKs). Queued, so it goes
      // out after the responses to earlier pipelined requests.
      enqueue(continue_response(), false);
    }
    tcp().expires_after(options_.body_timeout);  // wall-clock ok: transport timeout
    beast_http::async_read(stream_, buffer_, *parser_,
                           [self = this->shared_from_this()](beast::error_code read_ec, std::size_t) {
                             if (read_ec) return self->on_read_error(read_ec);
                             self->handle_request();
                           });
  }

  void handle_request() {
    phase_ = Phase::kIdle;
    BeastRequest request = parser_->release();
    ResponseFraming framing;
    framing.head_request = request.method() == beast_http::verb::head;
    framing.http_version = request.version() == 10 ? 10 : 11;
    framing.keep_alive = request.keep_alive() && !server_stopping();

    const http::Request value = from_beast_request(std::move(request), kTls);
    http::Response handled = invoke_handler(server_->handler, value);
    server_->requests_handled.fetch_add(1, std::memory_order_relaxed);
    if (handled.disposition != http::Disposition::kSend) {
      reading_done_ = true;  // requests pipelined behind this one are not answered
      queue_.push_back(Outgoing{WireResponse{}, true, handled.disposition});
      return do_write();
    }
    WireResponse response = to_wire_response(std::move(handled), framing);

    const bool close = !response.keep_alive;
    if (close) reading_done_ = true;  // requests pipelined behind this one are not answered
    enqueue(std::move(response), close);
    do_read();
  }

  void on_read_error(beast::error_code ec) {
    const bool in_request = phase_ == Phase::kInRequest;
    phase_ = Phase::kIdle;
    if (closed_) return;
    if (ec == beast::error::timeout) {
      // Beast has already closed the socket: a slow or idle client gets no response.
      return close_now();
    }
    if (ec == net::error::eof || ec == beast_http::error::end_of_stream || ec == net::ssl::error::stream_truncated ||
        ec == net::error::operation_aborted) {
      // The client finished sending (it may still read what is queued), or we cancelled.
      if (ec != net::error::operation_aborted && in_request) return close_now();  // cut mid-request
      reading_done_ = true;
      return maybe_close();
    }
    if (auto answer = parse_error_response(ec, options_)) return fail_request(std::move(*answer));
    close_now();  // reset, TLS failure, client vanished mid-request: nobody to answer
  }

  // Answers a request that cannot be served with a transport error, then closes: after a framing
  // error the rest of the byte stream cannot be trusted.
  void fail_request(http::Response answer) {
    reading_done_ = true;
    ResponseFraming framing;
    framing.keep_alive = false;
    framing.head_request = parser_ && parser_->is_header_done() && parser_->get().method() == beast_http::verb::head;
    enqueue(to_wire_response(std::move(answer), framing), true);
  }

  // ---- writing ---------------------------------------------------------------------------------

  void enqueue(WireResponse message, bool close_after) {
    queue_.push_back(Outgoing{std::move(message), close_after});
    do_write();
  }

  void do_write() {
    if (writing_ || queue_.empty() || closed_) return;
    if (queue_.front().disposition != http::Disposition::kSend) return fail_connection(queue_.front().disposition);
    writing_ = true;
    tcp().expires_after(options_.write_timeout);  // wall-clock ok: transport timeout
    // deque::push_back keeps references valid, so front() stays put while it is written. Head and
    // body go out as two buffers of one gathered write (TLS: Beast's ssl_stream coalesces them).
    const WireResponse& message = queue_.front().message;
    const std::array<net::const_buffer, 2> buffers{net::buffer(message.head), net::buffer(message.body)};
    net::async_write(stream_, buffers, [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
      self->on_write(ec);
    });
  }

  void on_write(beast::error_code ec) {
    writing_ = false;
    if (ec) return close_now();
    const bool close = queue_.front().close_after;
    queue_.pop_front();
    if (close) return close_gracefully();
    if (!queue_.empty()) {
      do_write();
    } else {
      maybe_close();
    }
    if (read_paused_) {
      read_paused_ = false;
      do_read();  // pauses again if it still must wait
    }
  }

  // ---- closing ---------------------------------------------------------------------------------

  // Delivers a handler's network failure; the responses before it have been written.
  void fail_connection(http::Disposition disposition) {
    queue_.clear();
    if (disposition == http::Disposition::kCloseWithoutResponse) return reset_now();
    // kHold: read and discard whatever the client still sends; close when it leaves, when the hold
    // limit passes, or when the server stops.
    holding_ = true;
    tcp().expires_after(options_.hold_limit);  // wall-clock ok: transport timeout
    discard_input();
  }

  void on_server_stop() {
    stopping_ = true;
    if (lingering_ || holding_) return close_now();
    maybe_close();
  }

  // Closes once nothing is left to write and no request is half received.
  void maybe_close() {
    if (closed_ || holding_ || writing_ || !queue_.empty()) return;
    if (reading_done_ || (stopping_ && phase_ != Phase::kInRequest)) {
      // An idle connection (or one whose client finished sending): nothing to answer, just close.
      close_now();
    }
  }

  // After a response that closes the connection: send our FIN (TLS: close_notify) but keep reading
  // and discarding for a moment, so unread request bytes do not make the kernel answer with a reset
  // that destroys the response in the client's receive buffer.
  void close_gracefully() {
    if (closed_) return;
    if constexpr (kTls) {
      tcp().expires_after(options_.linger_timeout);  // wall-clock ok: transport timeout
      stream_.async_shutdown([self = this->shared_from_this()](beast::error_code) { self->close_now(); });
    } else {
      if (stopping_) return close_now();
      beast::error_code ignored;
      tcp().socket().shutdown(net::ip::tcp::socket::shutdown_send, ignored);
      lingering_ = true;
      tcp().expires_after(options_.linger_timeout);  // one deadline for the whole drain  // wall-clock ok: transport timeout
      discard_input();
    }
  }

  // Reads and drops bytes until the client closes, the stream's deadline passes or a reset.
  void discard_input() {
    buffer_.clear();
    tcp().async_read_some(buffer_.prepare(kReadChunkBytes), [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
      if (ec) return self->close_now();  // EOF from the client, the deadline, or a reset
      self->discard_input();
    });
  }

  // Closes with a TCP reset (SO_LINGER 0), as a refused or broken connection looks to a client.
  void reset_now() {
    if (closed_) return;
    beast::error_code ignored;
    tcp().socket().set_option(net::socket_base::linger(true, 0), ignored);
    closed_ = true;
    tcp().close();
  }

  void close_now() {
    if (closed_) return;
    closed_ = true;
    beast::error_code ignored;
    tcp().socket().shutdown(net::ip::tcp::socket::shutdown_both, ignored);
    tcp().close();
  }

  const std::shared_ptr<HttpServer::State> server_;
  const HttpServerOptions& options_;  // owned by server_
  Stream stream_;
  beast::flat_buffer buffer_;
  std::optional<RequestParser> parser_;
  std::deque<Outgoing> queue_;
  std::uint64_t id_ = 0;
  Phase phase_ = Phase::kIdle;
  bool writing_ = false;
  bool read_paused_ = false;
  bool reading_done_ = false;  // no further request will be read
  bool stopping_ = false;      // the server asked this session to stop
  bool lingering_ = false;
  bool holding_ = false;       // answering a kHold: nothing more will be written
  bool closed_ = false;
};

}  // namespace drdrill::transport
