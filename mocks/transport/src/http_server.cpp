#include "transport/http_server.h"

#include <utility>

#include <boost/asio/ip/address.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/socket_base.hpp>
#include <boost/asio/strand.hpp>

#include "core/result.h"
#include "http_session.h"
#include "server_state.h"

namespace drdrill::transport {

namespace {

Status make_tls_context(const TlsIdentity& identity, std::optional<net::ssl::context>& out) {
  net::ssl::context context(net::ssl::context::tls_server);
  beast::error_code ec;
  context.set_options(net::ssl::context::default_workarounds | net::ssl::context::no_sslv2 |
                          net::ssl::context::no_sslv3 | net::ssl::context::no_tlsv1 | net::ssl::context::no_tlsv1_1,
                      ec);
  if (!ec) context.use_certificate_chain(net::buffer(identity.certificate_chain_pem), ec);
  if (!ec) context.use_private_key(net::buffer(identity.private_key_pem), net::ssl::context::pem, ec);
  if (ec) return Status::FailedPrecondition("unusable TLS identity: " + ec.message());
  out.emplace(std::move(context));
  return Status::Ok();
}

}  // namespace

// ---- State ---------------------------------------------------------------------------------------

HttpServer::State::State(net::io_context& context, http::Handler h, HttpServerOptions o)
    : io_context(context),
      handler(std::move(h)),
      options(std::move(o)),
      acceptor_(net::make_strand(context)),
      grace_timer_(acceptor_.get_executor()) {}

Status HttpServer::State::start() {
  if (started_) return Status::FailedPrecondition("the server was already started");
  started_ = true;
  if (options.tls) DRDRILL_RETURN_IF_ERROR(make_tls_context(*options.tls, ssl_context));

  beast::error_code ec;
  const auto address = net::ip::make_address(options.address, ec);
  if (ec) return Status::InvalidArgument("bad listen address '" + options.address + "': " + ec.message());
  const net::ip::tcp::endpoint endpoint(address, options.port);
  const auto where = [&] { return options.address + ":" + std::to_string(options.port); };

  acceptor_.open(endpoint.protocol(), ec);
  if (!ec) acceptor_.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) acceptor_.bind(endpoint, ec);
  if (!ec) acceptor_.listen(net::socket_base::max_listen_connections, ec);
  if (ec) return Status::Unavailable("cannot listen on " + where() + ": " + ec.message());
  port.store(acceptor_.local_endpoint().port());
  // The first accept is started on the strand, so start() may run on any thread.
  net::post(acceptor_.get_executor(), [self = shared_from_this()] { self->do_accept(); });
  return Status::Ok();
}

void HttpServer::State::do_accept() {
  if (stopping) return;
  // Each connection gets its own strand: correct even if the io_context runs on several threads.
  acceptor_.async_accept(net::make_strand(io_context),
                         [self = shared_from_this()](beast::error_code ec, net::ip::tcp::socket socket) {
                           self->on_accept(ec, std::move(socket));
                         });
}

void HttpServer::State::on_accept(beast::error_code ec, net::ip::tcp::socket socket) {
  if (stopping) return;  // the acceptor is closed; a socket accepted in the race is dropped here
  if (ec) return do_accept();  // e.g. the peer reset before accept; keep serving
  connections_accepted.fetch_add(1, std::memory_order_relaxed);
  socket.set_option(net::ip::tcp::no_delay(true), ec);  // small responses go out at once

  std::shared_ptr<SessionBase> session;
  std::uint64_t id = 0;
  if (ssl_context) {
    auto tls = std::make_shared<HttpSession<TlsStream>>(shared_from_this(), std::move(socket), *ssl_context);
    id = register_session(tls);
    tls->set_id(id);
    tls->run();
  } else {
    auto plain = std::make_shared<HttpSession<PlainStream>>(shared_from_this(), std::move(socket));
    id = register_session(plain);
    plain->set_id(id);
    plain->run();
  }
  do_accept();
}

std::uint64_t HttpServer::State::register_session(std::weak_ptr<SessionBase> session) {
  std::lock_guard lock(mutex_);  // wall-clock ok: registry shared with session destructors (any thread)
  const std::uint64_t id = next_session_id_++;
  sessions_.emplace(id, std::move(session));
  return id;
}

void HttpServer::State::unregister_session(std::uint64_t id) {
  std::lock_guard lock(mutex_);  // wall-clock ok: called from session destructors on their own strands
  sessions_.erase(id);
  finish_stop_if_done_locked();
}

void HttpServer::State::stop(std::function<void()> on_stopped) {
  net::post(acceptor_.get_executor(),
            [self = shared_from_this(), cb = std::move(on_stopped)]() mutable { self->on_stop(std::move(cb)); });
}

void HttpServer::State::on_stop(std::function<void()> on_stopped) {
  std::vector<std::shared_ptr<SessionBase>> live;
  {
    std::lock_guard lock(mutex_);  // wall-clock ok: see mutex_
    if (on_stopped) stop_callbacks_.push_back(std::move(on_stopped));
    if (stop_requested_) return finish_stop_if_done_locked();
    stop_requested_ = true;
    stopping = true;
    for (const auto& [id, weak] : sessions_) {
      if (auto session = weak.lock()) live.push_back(std::move(session));
    }
  }
  beast::error_code ignored;
  acceptor_.close(ignored);
  for (const auto& session : live) session->begin_stop();
  live.clear();  // a session may finish now; its destructor takes the lock

  grace_timer_.expires_after(options.shutdown_grace);  // wall-clock ok: shutdown grace period
  grace_timer_.async_wait([self = shared_from_this()](beast::error_code ec) { self->on_grace_expired(ec); });

  std::lock_guard lock(mutex_);  // wall-clock ok: see mutex_
  finish_stop_if_done_locked();
}

void HttpServer::State::on_grace_expired(beast::error_code ec) {
  if (ec) return;  // cancelled: every connection finished in time
  std::vector<std::shared_ptr<SessionBase>> live;
  {
    std::lock_guard lock(mutex_);  // wall-clock ok: see mutex_
    for (const auto& [id, weak] : sessions_) {
      if (auto session = weak.lock()) live.push_back(std::move(session));
    }
  }
  for (const auto& session : live) session->force_close();
}

void HttpServer::State::finish_stop_if_done_locked() {
  if (!stop_requested_ || !sessions_.empty()) return;
  // The grace timer belongs to the acceptor's strand; this may run on a session's.
  net::post(acceptor_.get_executor(), [self = shared_from_this()] { self->grace_timer_.cancel(); });
  for (auto& callback : stop_callbacks_) net::post(io_context, std::move(callback));
  stop_callbacks_.clear();
}

// ---- HttpServer ----------------------------------------------------------------------------------

HttpServer::HttpServer(net::io_context& io_context, http::Handler handler, HttpServerOptions options)
    : state_(std::make_shared<State>(io_context, std::move(handler), std::move(options))) {}

HttpServer::~HttpServer() { state_->stop({}); }

Status HttpServer::start() { return state_->start(); }

std::uint16_t HttpServer::port() const { return state_->port.load(); }

std::string HttpServer::base_url() const {
  std::string host = state_->options.address;
  if (host.find(':') != std::string::npos) host = "[" + host + "]";
  return std::string(state_->options.tls ? "https://" : "http://") + host + ":" + std::to_string(port());
}

void HttpServer::stop(std::function<void()> on_stopped) { state_->stop(std::move(on_stopped)); }

std::uint64_t HttpServer::connections_accepted() const { return state_->connections_accepted.load(); }
std::uint64_t HttpServer::requests_handled() const { return state_->requests_handled.load(); }

}  // namespace drdrill::transport
