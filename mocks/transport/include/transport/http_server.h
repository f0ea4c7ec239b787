#pragma once
// HttpServer: serves one http::Handler over HTTP/1.1 (or HTTPS) on a loopback address, in real time.
//
// Structure (after Boost.Beast's advanced server): a listener accepts connections; a session
// templated on the stream type (plain TCP or TLS, one implementation) reads requests with
// timeouts and limits, keeps a bounded queue of pipelined responses and writes them in order; the
// conversion between Beast messages and http::Request/Response is a pair of free functions
// (transport/beast_conversion.h) that tests call directly.
//
// Threads: the server runs on the io_context it is given. Run that io_context on ONE thread (the
// default everywhere in drdrill) and handlers run one at a time on it, so service models need no
// locks — and a RealTimeScheduler on the same io_context fires its callbacks on that same thread.
// With several threads the transport stays correct (each connection has its own strand) but the
// handler may then be called concurrently and must be thread-safe itself.
//
// Lifetime: destroy the server before its io_context. start() before or on the io_context's
// thread; stop() and port() from any thread.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "core/status.h"
#include "http/handler.h"
#include "transport/tls_identity.h"

namespace boost::asio {
class io_context;
}  // namespace boost::asio

namespace drdrill::transport {

struct HttpServerOptions {
  // Loopback only by default: drdrill's fakes are for drills on this machine.
  std::string address = "127.0.0.1";
  std::uint16_t port = 0;  // 0: any free port, reported by HttpServer::port() after start()

  // When set, the server speaks HTTPS with this identity (see LocalCertificateAuthority).
  std::optional<TlsIdentity> tls;

  // Larger request bodies are refused with 413, larger headers (request line included) with 431.
  std::size_t body_limit_bytes = 256u * 1024 * 1024;  // Put Block may carry 100 MiB and more
  std::size_t header_limit_bytes = 32u * 1024;        // Azure clients send many x-ms-* headers

  // Read timeouts, wall-clock. A connection that misses one is closed without a response.
  // idle: between requests on a kept-alive connection (waiting for the first byte);
  // header: from the first byte of a request to the end of its header (also the TLS handshake);
  // body: to receive the whole body once the header is in.
  std::chrono::milliseconds idle_timeout{120'000};
  std::chrono::milliseconds header_timeout{30'000};
  std::chrono::milliseconds body_timeout{300'000};
  // To write one response (a client that stops reading is dropped after this).
  std::chrono::milliseconds write_timeout{60'000};

  // Pipelining: responses waiting to be written, per connection. When this many are queued the
  // server stops reading that connection until the client has taken some (back-pressure).
  std::size_t max_pipelined_requests = 16;

  // After an error response that closes the connection (400, 413, 431) the server keeps reading
  // and discarding for this long, so the client's unsent body does not turn into a TCP reset
  // that destroys the response before the client reads it ("lingering close").
  std::chrono::milliseconds linger_timeout{1'000};

  // A response with Disposition::kHold (a hanging region) keeps its connection open, unanswered, for
  // at most this long; then the connection is closed. Bounded so that a client with no timeout of
  // its own is not stuck forever.
  std::chrono::milliseconds hold_limit{120'000};

  // stop(): how long in-flight requests may take to finish before their connections are cut.
  std::chrono::milliseconds shutdown_grace{5'000};
};

class HttpServer {
 public:
  HttpServer(boost::asio::io_context& io_context, http::Handler handler, HttpServerOptions options = {});
  // Begins a graceful stop if still running; pending callbacks may still run on the io_context.
  ~HttpServer();

  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds and listens (synchronously, so port() is known when this returns), then accepts on the
  // io_context. Unavailable if the address cannot be bound; FailedPrecondition if called twice or
  // the TLS identity is unusable.
  Status start();

  // The bound port; 0 before start().
  std::uint16_t port() const;
  // "http://127.0.0.1:PORT" or "https://127.0.0.1:PORT".
  std::string base_url() const;

  // Graceful shutdown: stops accepting at once, lets requests already being received finish and
  // their responses (and every response already queued) be written with "Connection: close",
  // closes idle connections, and cuts whatever remains after shutdown_grace. `on_stopped` runs on
  // the io_context once every connection is gone (immediately if the server never started).
  // Safe from any thread; calling it again only adds another callback.
  void stop(std::function<void()> on_stopped = {});

  // Counters for tests and logs (any thread).
  std::uint64_t connections_accepted() const;
  std::uint64_t requests_handled() const;

  class State;  // shared with the sessions; defined in http_server.cpp

 private:
  std::shared_ptr<State> state_;
};

}  // namespace drdrill::transport
