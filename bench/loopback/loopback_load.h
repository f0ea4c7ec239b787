#pragma once
// Loopback load for REST benchmarks: a minimal Boost.Beast server that answers every request with
// fixed bytes (the baseline), a C++ keep-alive load client, the Google Benchmark loop that drives
// one against either server, and a reporter that prints requests/s side by side with their ratio.
// Any request and body, so a fake's endpoint can be compared with a server that sends the same
// response for free (bench/transport: a trivial 1 KiB handler; bench/databricks: jobs/get).
//
// Threads: each server runs its io_context on its own thread; the client runs on the benchmark
// thread. Wall-clock and CPU-clock reads here are measurements, not model time.

#include <benchmark/benchmark.h>

#include <cstdio>
#include <ctime>
#include <functional>
#include <future>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <boost/asio/connect.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>

namespace drdrill::bench {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace beast_http = boost::beast::http;
using tcp = net::ip::tcp;

// CPU time consumed by the calling thread, in microseconds.
inline double thread_cpu_us() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);  // wall-clock ok: CPU-time measurement
  return static_cast<double>(ts.tv_sec) * 1e6 + static_cast<double>(ts.tv_nsec) / 1e3;
}

// Reads thread_cpu_us() on the thread that runs `post`'s tasks, waiting for the answer.
template <class Post>
double server_thread_cpu_us(Post&& post) {
  std::promise<double> answer;
  auto result = answer.get_future();
  post([&answer] { answer.set_value(thread_cpu_us()); });
  return result.get();
}

// ---- the baseline: Beast's http_server_async reduced to "answer these bytes" --------------------

class MinimalSession : public std::enable_shared_from_this<MinimalSession> {
 public:
  MinimalSession(tcp::socket&& socket, const std::string& body, const std::string& content_type)
      : stream_(std::move(socket)), body_(body), content_type_(content_type) {}
  void run() {
    net::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->do_read(); });
  }

 private:
  void do_read() {
    request_ = {};
    stream_.expires_after(std::chrono::seconds(30));  // wall-clock ok: as in Beast's example
    beast_http::async_read(stream_, buffer_, request_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
      self->on_read(ec);
    });
  }
  void on_read(beast::error_code ec) {
    if (ec) {
      stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
      return;
    }
    response_ = {beast_http::status::ok, request_.version()};
    response_.set(beast_http::field::content_type, content_type_);
    response_.keep_alive(request_.keep_alive());
    response_.body() = body_;
    response_.prepare_payload();
    beast_http::async_write(stream_, response_, [self = shared_from_this()](beast::error_code write_ec, std::size_t) {
      if (write_ec) return;
      if (!self->response_.keep_alive()) {
        self->stream_.socket().shutdown(tcp::socket::shutdown_send, write_ec);
        return;
      }
      self->do_read();
    });
  }

  beast::tcp_stream stream_;
  const std::string& body_;
  const std::string& content_type_;
  beast::flat_buffer buffer_;
  beast_http::request<beast_http::string_body> request_;
  beast_http::response<beast_http::string_body> response_;
};

class MinimalServer {
 public:
  MinimalServer(std::string body, std::string content_type)
      : body_(std::move(body)), content_type_(std::move(content_type)), acceptor_(net::make_strand(io_)) {
    const tcp::endpoint endpoint(net::ip::make_address("127.0.0.1"), 0);
    acceptor_.open(endpoint.protocol());
    acceptor_.set_option(net::socket_base::reuse_address(true));
    acceptor_.bind(endpoint);
    acceptor_.listen(net::socket_base::max_listen_connections);
    do_accept();
    thread_ = std::thread([this] { io_.run(); });  // wall-clock ok: the server's own thread
  }
  ~MinimalServer() {
    io_.stop();
    thread_.join();
  }
  MinimalServer(const MinimalServer&) = delete;
  MinimalServer& operator=(const MinimalServer&) = delete;

  std::uint16_t port() const { return acceptor_.local_endpoint().port(); }
  double cpu_us() {
    return server_thread_cpu_us([this](std::function<void()> fn) { net::post(io_, std::move(fn)); });
  }

 private:
  void do_accept() {
    acceptor_.async_accept(net::make_strand(io_), [this](beast::error_code ec, tcp::socket socket) {
      if (!ec) std::make_shared<MinimalSession>(std::move(socket), body_, content_type_)->run();
      do_accept();
    });
  }

  const std::string body_;
  const std::string content_type_;
  net::io_context io_{1};
  tcp::acceptor acceptor_;
  std::thread thread_;  // wall-clock ok: the server's own thread
};

// ---- the load client ------------------------------------------------------------------------------

class LoadClient {
 public:
  // `request`: the raw HTTP/1.1 request sent again and again; every answer must be a 200 whose body
  // is `expected_body_bytes` long (anything else fails the batch).
  LoadClient(std::uint16_t port, int connections, std::string request, std::size_t expected_body_bytes)
      : request_(std::move(request)), expected_body_bytes_(expected_body_bytes) {
    const tcp::endpoint endpoint(net::ip::make_address("127.0.0.1"), port);
    for (int i = 0; i < connections; ++i) {
      auto c = std::make_unique<Connection>(io_);
      c->stream.connect(endpoint);
      c->stream.socket().set_option(tcp::no_delay(true));
      connections_.push_back(std::move(c));
    }
  }

  // Sends `requests` requests spread over the connections, each connection one at a time; returns
  // false if any failed.
  bool run_batch(std::size_t requests) {
    to_issue_ = requests;
    failed_ = false;
    for (auto& c : connections_) issue(*c);
    io_.restart();
    io_.run();
    return !failed_;
  }

 private:
  struct Connection {
    explicit Connection(net::io_context& io) : stream(io) {}
    beast::tcp_stream stream;
    beast::flat_buffer buffer;
    beast_http::response<beast_http::string_body> response;
  };

  void issue(Connection& c) {
    if (to_issue_ == 0 || failed_) return;
    --to_issue_;
    net::async_write(c.stream, net::buffer(request_), [this, &c](beast::error_code ec, std::size_t) {
      if (ec) return fail();
      c.response = {};
      beast_http::async_read(c.stream, c.buffer, c.response, [this, &c](beast::error_code read_ec, std::size_t) {
        if (read_ec || c.response.result_int() != 200 || c.response.body().size() != expected_body_bytes_) return fail();
        issue(c);
      });
    });
  }
  void fail() { failed_ = true; }

  const std::string request_;
  const std::size_t expected_body_bytes_;
  net::io_context io_{1};
  std::vector<std::unique_ptr<Connection>> connections_;
  std::size_t to_issue_ = 0;
  bool failed_ = false;
};

inline constexpr std::size_t kRequestsPerIteration = 1000;

// The benchmark loop: a warm-up batch, then batches of kRequestsPerIteration; reports items/s and
// the server thread's CPU per request.
template <class Server>
void measure(benchmark::State& state, LoadClient& client, Server& server) {
  if (!client.run_batch(kRequestsPerIteration)) state.SkipWithError("warm-up failed");
  const double server_cpu_before = server.cpu_us();
  for (auto _ : state) {
    if (!client.run_batch(kRequestsPerIteration)) {
      state.SkipWithError("a request failed");
      break;
    }
  }
  const double server_cpu = server.cpu_us() - server_cpu_before;
  const auto requests = static_cast<double>(state.iterations() * kRequestsPerIteration);
  state.SetItemsProcessed(static_cast<std::int64_t>(requests));
  state.counters["server_cpu_us_per_request"] = benchmark::Counter(requests > 0 ? server_cpu / requests : 0);
}

// Prints what the console reporter prints, then `mine`/`base` per concurrency: from the median over
// repetitions when there are several (--benchmark_repetitions), else from the single run.
class RatioReporter : public benchmark::ConsoleReporter {
 public:
  RatioReporter(std::string mine, std::string base, std::vector<int> connections)
      : mine_(std::move(mine)), base_(std::move(base)), connections_(std::move(connections)) {}

  void ReportRuns(const std::vector<Run>& runs) override {
    for (const auto& run : runs) {
      if (run.error_occurred) continue;
      const auto rate = run.counters.find("items_per_second");
      const auto cpu = run.counters.find("server_cpu_us_per_request");
      if (rate == run.counters.end() || cpu == run.counters.end()) continue;
      const Figures figures{rate->second.value, cpu->second.value};
      if (run.run_type == Run::RT_Aggregate && run.aggregate_name == "median") {
        medians_[run.run_name.str()] = figures;
      } else if (run.run_type == Run::RT_Iteration) {
        singles_[run.run_name.str()] = figures;
      }
    }
    ConsoleReporter::ReportRuns(runs);
  }
  void Finalize() override {
    ConsoleReporter::Finalize();
    const auto& rates = medians_.empty() ? singles_ : medians_;
    std::printf("\n%s: %s against %s\nconnections  %14s  %14s  ratio  %17s  %17s\n",
                medians_.empty() ? "single runs" : "medians over repetitions", mine_.c_str(), base_.c_str(),
                "req/s", "baseline req/s", "server us/req", "baseline us/req");
    for (const int c : connections_) {
      const std::string suffix = "/connections:" + std::to_string(c) + "/real_time";
      const auto mine = rates.find(mine_ + suffix);
      const auto base = rates.find(base_ + suffix);
      if (mine == rates.end() || base == rates.end() || base->second.rate <= 0) continue;
      std::printf("%11d  %14.0f  %14.0f  %5.2f  %17.2f  %17.2f\n", c, mine->second.rate, base->second.rate,
                  mine->second.rate / base->second.rate, mine->second.cpu, base->second.cpu);
    }
  }

 private:
  struct Figures {
    double rate = 0;  // requests/s
    double cpu = 0;   // server CPU us per request
  };
  std::string mine_;
  std::string base_;
  std::vector<int> connections_;
  std::map<std::string, Figures> medians_;
  std::map<std::string, Figures> singles_;
};

}  // namespace drdrill::bench
