// Requests per second over loopback with keep-alive, for a trivial handler answering 1 KiB:
// drdrill's HttpServer against a minimal Boost.Beast server written here (the Beast example's
// session: no pipelining queue, no options), both loaded by the same C++ client in one run.
//
// Each server runs its io_context on its own thread; the client runs on the benchmark thread with
// N connections, each looping request -> response. The two servers are measured interleaved
// (drdrill c=1, minimal c=1, drdrill c=16, ...) so background noise hits both alike, and a
// summary prints the drdrill/minimal ratio per concurrency.
//
//   cmake --preset release && cmake --build --preset release --target transport_bench
//   build/release/bench/transport/transport_bench --benchmark_repetitions=5 --benchmark_min_time=1
//   build/release/bench/transport/transport_bench --serve 60   # then point wrk at the two URLs

#include <benchmark/benchmark.h>

#include <cstdio>
#include <ctime>
#include <functional>
#include <future>
#include <map>
#include <memory>
#include <string>
#include <thread>
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

#include "transport/event_loop.h"
#include "transport/http_server.h"

namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace beast_http = boost::beast::http;
using tcp = net::ip::tcp;

// CPU time consumed by the calling thread, in microseconds.
double thread_cpu_us() {
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

const std::string& payload() {
  static const std::string body(1024, 'x');
  return body;
}

// ---- the minimal Beast server (Beast's http_server_async, reduced to the same handler) ----------

class MinimalSession : public std::enable_shared_from_this<MinimalSession> {
 public:
  explicit MinimalSession(tcp::socket&& socket) : stream_(std::move(socket)) {}
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
    response_.set(beast_http::field::content_type, "text/plain; charset=utf-8");
    response_.keep_alive(request_.keep_alive());
    response_.body() = payload();
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
  beast::flat_buffer buffer_;
  beast_http::request<beast_http::string_body> request_;
  beast_http::response<beast_http::string_body> response_;
};

class MinimalServer {
 public:
  MinimalServer() : acceptor_(net::make_strand(io_)) {
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
  std::uint16_t port() const { return acceptor_.local_endpoint().port(); }
  double cpu_us() {
    return server_thread_cpu_us([this](std::function<void()> fn) { net::post(io_, std::move(fn)); });
  }

 private:
  void do_accept() {
    acceptor_.async_accept(net::make_strand(io_), [this](beast::error_code ec, tcp::socket socket) {
      if (!ec) std::make_shared<MinimalSession>(std::move(socket))->run();
      do_accept();
    });
  }

  net::io_context io_{1};
  tcp::acceptor acceptor_;
  std::thread thread_;  // wall-clock ok: the server's own thread
};

// ---- drdrill's server ----------------------------------------------------------------------------

class DrdrillServer {
 public:
  DrdrillServer()
      : server_(loop_.context(), [](const drdrill::http::Request&) {
          return drdrill::http::Response::text(200, payload());
        }) {
    if (!server_.start().ok()) std::abort();
    loop_.start_thread();
  }
  ~DrdrillServer() {
    server_.stop([this] { loop_.stop(); });
    loop_.join();
  }
  std::uint16_t port() const { return server_.port(); }
  double cpu_us() {
    return server_thread_cpu_us([this](std::function<void()> fn) { loop_.post(std::move(fn)); });
  }

 private:
  drdrill::transport::EventLoop loop_;
  drdrill::transport::HttpServer server_;
};

// ---- the load client -----------------------------------------------------------------------------

class LoadClient {
 public:
  LoadClient(std::uint16_t port, int connections) {
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
    static const std::string request = "GET /bench HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
    net::async_write(c.stream, net::buffer(request), [this, &c](beast::error_code ec, std::size_t) {
      if (ec) return fail();
      c.response = {};
      beast_http::async_read(c.stream, c.buffer, c.response, [this, &c](beast::error_code read_ec, std::size_t) {
        if (read_ec || c.response.body().size() != payload().size()) return fail();
        issue(c);
      });
    });
  }
  void fail() { failed_ = true; }

  net::io_context io_{1};
  std::vector<std::unique_ptr<Connection>> connections_;
  std::size_t to_issue_ = 0;
  bool failed_ = false;
};

constexpr std::size_t kRequestsPerIteration = 1000;

template <class Server>
void serve_requests(benchmark::State& state) {
  static Server server;  // one per kind, alive for the whole run
  LoadClient client(server.port(), static_cast<int>(state.range(0)));
  if (!client.run_batch(kRequestsPerIteration)) state.SkipWithError("warm-up failed");  // also warms up
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
  // CPU the server thread spent per request: steadier than requests/s on a shared machine, where
  // throughput also measures how often the scheduler lets the two threads run.
  state.counters["server_cpu_us_per_request"] = benchmark::Counter(requests > 0 ? server_cpu / requests : 0);
}

// Prints what the console reporter prints, then drdrill/minimal per concurrency: from the median
// over repetitions when there are several (--benchmark_repetitions), else from the single run.
class RatioReporter : public benchmark::ConsoleReporter {
 public:
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
    std::printf("\n%s\nconnections  drdrill req/s  minimal req/s  drdrill/minimal"
                "  drdrill server us/req  minimal server us/req  minimal/drdrill (CPU)\n",
                medians_.empty() ? "single runs" : "medians over repetitions");
    for (const int c : {1, 16, 64}) {
      const std::string suffix = "/connections:" + std::to_string(c) + "/real_time";
      const auto mine = rates.find("drdrill_http_server" + suffix);
      const auto base = rates.find("minimal_beast_server" + suffix);
      if (mine == rates.end() || base == rates.end() || base->second.rate <= 0 || mine->second.cpu <= 0) continue;
      std::printf("%11d  %13.0f  %13.0f  %15.2f  %21.2f  %21.2f  %21.2f\n", c, mine->second.rate, base->second.rate,
                  mine->second.rate / base->second.rate, mine->second.cpu, base->second.cpu,
                  base->second.cpu / mine->second.cpu);
    }
  }

 private:
  struct Figures {
    double rate = 0;  // requests/s
    double cpu = 0;   // server CPU us per request
  };
  std::map<std::string, Figures> medians_;
  std::map<std::string, Figures> singles_;
};

// `transport_bench --serve SECONDS`: serve both servers for an external load generator (wrk) and
// print their URLs, instead of benchmarking.
int serve_for_external_load(int seconds) {
  DrdrillServer drdrill;
  MinimalServer minimal;
  std::printf("drdrill http://127.0.0.1:%u/\nminimal http://127.0.0.1:%u/\n", drdrill.port(), minimal.port());
  std::fflush(stdout);
  std::this_thread::sleep_for(std::chrono::seconds(seconds));  // wall-clock ok: serve for a while
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc == 3 && std::string(argv[1]) == "--serve") return serve_for_external_load(std::stoi(argv[2]));
  for (const int connections : {1, 16, 64}) {
    benchmark::RegisterBenchmark("drdrill_http_server", serve_requests<DrdrillServer>)
        ->ArgName("connections")->Arg(connections)->UseRealTime()->Unit(benchmark::kMillisecond);
    benchmark::RegisterBenchmark("minimal_beast_server", serve_requests<MinimalServer>)
        ->ArgName("connections")->Arg(connections)->UseRealTime()->Unit(benchmark::kMillisecond);
  }
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  RatioReporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  benchmark::Shutdown();
  return 0;
}
