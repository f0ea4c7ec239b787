#pragma once
// Internal: what the listener and the sessions of one HttpServer share.

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>

#include "transport/http_server.h"

namespace drdrill::transport {

// What the server needs from a session, whatever its stream type. Both calls may come from any
// thread; the session moves them onto its own strand.
class SessionBase {
 public:
  virtual ~SessionBase() = default;
  // The server is stopping: finish the request being received, write what is queued, then close;
  // close at once if idle.
  virtual void begin_stop() = 0;
  // The shutdown grace period is over: close now.
  virtual void force_close() = 0;
};

class HttpServer::State : public std::enable_shared_from_this<HttpServer::State> {
 public:
  State(boost::asio::io_context& io_context, http::Handler handler, HttpServerOptions options);

  Status start();
  void stop(std::function<void()> on_stopped);

  // Sessions register when created and unregister from their destructor (any thread).
  std::uint64_t register_session(std::weak_ptr<SessionBase> session);
  void unregister_session(std::uint64_t id);

  boost::asio::io_context& io_context;
  const http::Handler handler;
  const HttpServerOptions options;
  std::optional<boost::asio::ssl::context> ssl_context;  // set by start() when options.tls is

  std::atomic<bool> stopping{false};
  std::atomic<std::uint16_t> port{0};
  std::atomic<std::uint64_t> connections_accepted{0};
  std::atomic<std::uint64_t> requests_handled{0};

 private:
  void do_accept();
  void on_accept(boost::system::error_code ec, boost::asio::ip::tcp::socket socket);
  void on_stop(std::function<void()> on_stopped);
  void on_grace_expired(boost::system::error_code ec);
  // With mutex_ held: if the stop is complete, hands the callbacks to the io_context.
  void finish_stop_if_done_locked();

  // The acceptor and the grace timer live on one strand; so do on_accept and on_stop.
  boost::asio::ip::tcp::acceptor acceptor_;
  boost::asio::steady_timer grace_timer_;
  bool started_ = false;  // touched by start() only, before accepting

  // Sessions live on their own strands (possibly other threads) and unregister from their
  // destructors, so the registry needs a lock; it is taken once per connection, not per request.
  std::mutex mutex_;  // wall-clock ok: guards the session registry across strands
  std::map<std::uint64_t, std::weak_ptr<SessionBase>> sessions_;
  std::uint64_t next_session_id_ = 1;
  bool stop_requested_ = false;
  std::vector<std::function<void()>> stop_callbacks_;
};

}  // namespace drdrill::transport
