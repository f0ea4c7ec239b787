#include "serve_command.h"

#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <system_error>
#include <vector>

#include "exit_codes.h"
#include "serve/atomic_file.h"
#include "serve/served_world.h"
#include "storage/storage_time.h"
#include "transport/event_loop.h"
#include "transport/termination_signals.h"

namespace drdrill::cli {
namespace {

namespace fs = std::filesystem;

struct ServeOptions {
  serve::ServeConfig config;
  std::string endpoints_file;
  std::string ca_file;
  std::string start_time;  // empty: now
  std::vector<std::string> outages;
  double hang_limit_s = 120;
};

void log(const std::string& line) { std::fprintf(stderr, "drdrill serve: %s\n", line.c_str()); }

int fail(int code, const std::string& message) {
  std::fprintf(stderr, "drdrill serve: %s\n", message.c_str());
  return code;
}

// The CA certificate goes next to the endpoints file ("endpoints.json" -> "endpoints.ca.pem"),
// else into the temporary directory under the process id.
fs::path default_ca_file(const std::string& endpoints_file) {
  if (!endpoints_file.empty()) return fs::path(endpoints_file).replace_extension(".ca.pem");
  return fs::temp_directory_path() / ("drdrill-serve-" + std::to_string(::getpid()) + ".ca.pem");
}

// Turns the flags into a configuration; a message on stderr and exit code 2 for bad input.
int build_config(ServeOptions& opt) {
  if (!opt.start_time.empty()) {
    const auto start = storage::parse_sas_time(opt.start_time);
    if (!start) return fail(kExitInvalidInput, "--start-time: not a UTC time like 2026-01-01T00:00:00Z: " + opt.start_time);
    opt.config.start_time = *start;
  }
  for (const std::string& outage : opt.outages) {
    const auto eq = outage.find('=');
    const auto mode = eq == std::string::npos ? std::nullopt : serve::parse_outage_mode(outage.substr(eq + 1));
    if (!mode || eq == 0) {
      return fail(kExitInvalidInput, "--outage: expected REGION=MODE with MODE one of none, refuse, server-busy, hang: " + outage);
    }
    opt.config.storage.outages[outage.substr(0, eq)] = *mode;
  }
  if (!(opt.hang_limit_s > 0) || opt.hang_limit_s > 86400) {
    return fail(kExitInvalidInput, "--hang-limit-s must be in (0, 86400]");
  }
  opt.config.hang_limit = std::chrono::milliseconds(static_cast<long long>(opt.hang_limit_s * 1000));
  return kExitOk;
}

int run_serve(ServeOptions opt) {
  if (const int code = build_config(opt); code != kExitOk) return code;
  const fs::path ca_file = fs::absolute(opt.ca_file.empty() ? default_ca_file(opt.endpoints_file) : fs::path(opt.ca_file));
  const fs::path endpoints_file = opt.endpoints_file.empty() ? fs::path() : fs::absolute(opt.endpoints_file);

  transport::EventLoop loop;
  auto created = serve::ServedWorld::create(loop.context(), opt.config);
  if (!created.ok()) return fail(kExitInvalidInput, created.status().message());
  serve::ServedWorld& world = *created.value();
  if (Status s = world.start(); !s.ok()) return fail(kExitInvalidInput, s.message());
  if (Status s = serve::write_file_atomically(ca_file, world.certificate_authority().certificate_pem()); !s.ok()) {
    return fail(kExitInvalidInput, s.message());
  }

  const serve::ServeConfig& config = world.config();
  const serve::ServedStorageConfig& storage = config.storage;
  char scale[32];
  std::snprintf(scale, sizeof scale, "%g", config.time_scale);
  log("account " + storage.account + " (Standard_RAGRS, " + storage.primary_region + " -> " + storage.secondary_region +
      "), seed " + std::to_string(config.seed) + ", time x" + scale + " from " + format_iso8601(world.start_time()));
  for (const auto& [region, mode] : storage.outages) {
    log("region " + region + " is down from the start: " + std::string(storage::to_string(mode)));
  }
  for (const auto& listener : world.listeners()) log(listener.what + ": " + listener.url);
  log("TLS CA certificate: " + ca_file.string());

  int exit_code = kExitOk;
  bool stopping = false;
  const auto shut_down = [&](const std::string& why) {
    if (stopping) {
      log(why + " again: stopping now");
      return loop.stop();
    }
    stopping = true;
    log(why + ": stopping (finishing requests in flight)");
    world.stop([&loop] { loop.stop(); });
  };
  transport::TerminationSignals signals(loop.context(), [&](int signal_number) {
    shut_down(signal_number == SIGINT ? "SIGINT" : "SIGTERM");
  });

  // Written from the loop, once the listeners' first accepts are queued: whoever sees the file can
  // connect.
  loop.post([&] {
    const std::string text = world.endpoints(ca_file).dump(2) + "\n";
    if (endpoints_file.empty()) {
      std::fwrite(text.data(), 1, text.size(), stdout);
      std::fflush(stdout);
    } else if (Status s = serve::write_file_atomically(endpoints_file, text); !s.ok()) {
      exit_code = fail(kExitInvalidInput, s.message());
      return shut_down("cannot write the endpoints file");
    } else {
      log("endpoints: " + endpoints_file.string());
    }
    log("serving until SIGINT or SIGTERM");
  });
  loop.run();

  // The files exist exactly while the world serves.
  std::error_code ignored;
  if (!endpoints_file.empty()) fs::remove(endpoints_file, ignored);
  fs::remove(ca_file, ignored);
  log("stopped after " + std::to_string(world.requests_handled()) + " requests");
  return exit_code;
}

}  // namespace

void add_serve_command(CLI::App& app, int& exit_code) {
  auto opt = std::make_shared<ServeOptions>();
  serve::ServeConfig& c = opt->config;
  auto* sub = app.add_subcommand("serve", "Serve the fakes on 127.0.0.1 for your own failover tool, in real time");
  sub->footer(
      "Serves the RA-GRS storage fake's Blob endpoints (path style http://127.0.0.1:PORT/<account> and\n"
      "<account>-secondary, host style <account>[-secondary].blob.localhost:PORT) over HTTP and HTTPS, and\n"
      "Azure Resource Manager over HTTPS (GET the storage account with $expand=geoReplicationStats,\n"
      "failover and planned failover as long-running operations, PATCH sku), until SIGINT or SIGTERM,\n"
      "then stops gracefully and exits 0. Geo-replication lag and failovers run in real time multiplied\n"
      "by --time-scale. Once every listener accepts, the endpoints file is written atomically (JSON:\n"
      "storage.account, storage.key, storage.blob_primary, storage.blob_secondary,\n"
      "storage.connection_string, storage.connection_string_secondary, *_https variants, arm.endpoint,\n"
      "arm.subscription, arm.resource_group, tls.ca_file, time.start, time.scale; see docs/serve.md); it\n"
      "and the CA file\n"
      "are removed on exit. Trust the CA with NODE_EXTRA_CA_CERTS=<tls.ca_file> (Node),\n"
      "REQUESTS_CA_BUNDLE (Python) or curl --cacert. The account key is derived from --seed unless --key\n"
      "is given: same seed, same key. Logs go to stderr.");
  sub->add_option("--endpoints-file", opt->endpoints_file,
                  "Write the endpoints JSON here (atomically, once serving); default: print it on stdout");
  sub->add_option("--ca-file", opt->ca_file,
                  "Write the run's CA certificate (PEM) here; default: next to the endpoints file (<name>.ca.pem)");
  sub->add_option("--port", c.blob_port, "Blob endpoint port, plain HTTP (0: any free port)")->capture_default_str();
  sub->add_option("--https-port", c.blob_https_port, "Blob endpoint port, HTTPS (0: any free port)")
      ->capture_default_str();
  sub->add_option("--arm-port", c.arm_port, "Azure Resource Manager port, HTTPS only (0: any free port)")
      ->capture_default_str();
  sub->add_option("--account", c.storage.account, "Storage account name (3-24 lower-case letters and digits)")
      ->capture_default_str();
  sub->add_option("--key", c.storage.key1, "Account key (base64); default: derived from --seed");
  sub->add_option("--seed", c.seed, "Seed of the world: account keys and every random draw (replication lag)")
      ->capture_default_str();
  sub->add_option("--primary-region", c.storage.primary_region, "Primary region of the account")->capture_default_str();
  sub->add_option("--secondary-region", c.storage.secondary_region, "Paired (secondary) region")->capture_default_str();
  sub->add_option("--time-scale", c.time_scale, "Simulated seconds per wall second (1000: 1 h of lag in 3.6 s)")
      ->capture_default_str();
  sub->add_option("--start-time", opt->start_time,
                  "Simulated time at start, UTC (2026-01-01T00:00:00Z); default: the wall clock now");
  sub->add_option("--lag-s-median", c.storage.lag_s_median, "Geo-replication lag, median seconds (log-normal)")
      ->capture_default_str();
  sub->add_option("--lag-s-p99", c.storage.lag_s_p99, "Geo-replication lag, 99th percentile seconds")
      ->capture_default_str();
  sub->add_option("--outage", opt->outages,
                  "REGION=MODE: the region is down from the start; MODE is refuse (connections reset unanswered), "
                  "server-busy (503 ServerBusy) or hang (held unanswered up to --hang-limit-s). Repeatable");
  sub->add_option("--hang-limit-s", opt->hang_limit_s, "How long a hanging region holds a request before closing it")
      ->capture_default_str();
  sub->callback([opt, &exit_code] { exit_code = run_serve(*opt); });
}

}  // namespace drdrill::cli
