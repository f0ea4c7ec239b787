#include "serve_command.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <system_error>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "drill_output_options.h"
#include "exit_codes.h"
#include "reports/drill_outputs.h"
#include "reports/reports.h"
#include "reports/results_history.h"
#include "serve/atomic_file.h"
#include "serve/default_scenario.h"
#include "serve/served_drill.h"
#include "sim/duration_text.h"
#include "sim/scenario_loader.h"
#include "storage/storage_time.h"
#include "transport/child_process.h"
#include "transport/event_loop.h"
#include "transport/termination_signals.h"

namespace drdrill::cli {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;

struct ServeOptions {
  std::string scenario_file;  // empty: the built-in default
  serve::ServedDrillConfig config;
  std::optional<std::uint64_t> seed;
  std::string endpoints_file;
  std::string ca_file;
  std::string out_dir = ".";
  std::string formats = "json,md,junit";
  std::string history_file;  // empty: keep no history
  std::string history_label;
  std::string start_time;  // empty: now
  bool print_env = false;
  std::string settle;      // a duration; empty: twice the longest probe interval
  std::vector<std::string> run_command;
  // Overrides of the scenario (kept from the flag-driven serve that came before scenarios).
  std::string account;
  std::optional<double> lag_s_median;
  std::optional<double> lag_s_p99;
  std::vector<std::string> outages;
  double hang_limit_s = 120;
};

void log(const std::string& line) { std::fprintf(stderr, "drdrill serve: %s\n", line.c_str()); }

int fail(int code, const std::string& message) {
  std::fprintf(stderr, "drdrill serve: %s\n", message.c_str());
  return code;
}

fs::path default_ca_file(const std::string& endpoints_file) {
  if (!endpoints_file.empty()) return fs::path(endpoints_file).replace_extension(".ca.pem");
  return fs::temp_directory_path() / ("drdrill-serve-" + std::to_string(::getpid()) + ".ca.pem");
}

std::string seconds_text(double s) {
  char text[32];
  std::snprintf(text, sizeof text, "%gs", s);
  return text;
}

// The --outage MODE names (the flag-driven serve's) as a region_outage fault's mode.
std::optional<std::string> fault_mode(const std::string& mode) {
  if (mode == "refuse") return "refuse";
  if (mode == "server-busy") return "unavailable";
  if (mode == "hang") return "hang";
  return std::nullopt;
}

// The scenario as served: the file (or the default) with the flags' overrides applied to its JSON,
// so the control API validates against, and lists, exactly what is served. Exit code 0 or 2.
int load_scenario(ServeOptions& opt) {
  std::string text;
  std::string display = opt.scenario_file;
  if (opt.scenario_file.empty()) {
    text = std::string(serve::default_scenario_text());
    display = std::string(serve::kDefaultScenarioName);
  } else {
    std::ifstream in(opt.scenario_file, std::ios::binary);
    if (!in) return fail(kExitInvalidInput, opt.scenario_file + ": cannot read the file");
    std::ostringstream content;
    content << in.rdbuf();
    text = content.str();
  }
  const bool overrides = !opt.account.empty() || opt.lag_s_median || opt.lag_s_p99 || !opt.outages.empty();
  if (overrides) {
    Json doc = Json::parse(text, nullptr, false);
    if (doc.is_discarded() || !doc.is_object()) {
      // Let the loader say what is wrong, with a position.
      const sim::LoadReport report = sim::load_scenario_report(text, display);
      std::fputs(report.to_string().c_str(), stderr);
      return fail(kExitInvalidInput, display + ": invalid scenario");
    }
    Json& accounts = doc["topology"]["storage_accounts"];
    if (!opt.account.empty()) {
      if (!opt.scenario_file.empty()) return fail(kExitInvalidInput, "--account renames the default scenario's account: give no SCENARIO");
      accounts[0]["name"] = opt.account;
    }
    if (opt.lag_s_median || opt.lag_s_p99) {
      const double median = opt.lag_s_median.value_or(120);
      const double p99 = opt.lag_s_p99.value_or(std::max(900.0, median));
      if (!(median > 0) || !(p99 >= median)) {
        return fail(kExitInvalidInput, "--lag-s-median and --lag-s-p99: need 0 < median <= p99");
      }
      for (Json& a : accounts) {
        a["replication_lag"] = Json{{"lognormal", {{"median", seconds_text(median)}, {"p99", seconds_text(p99)}}}};
      }
    }
    for (const std::string& outage : opt.outages) {
      const auto eq = outage.find('=');
      const auto mode = eq == std::string::npos ? std::nullopt : fault_mode(outage.substr(eq + 1));
      if (eq != std::string::npos && outage.substr(eq + 1) == "none") continue;
      if (!mode || eq == 0) {
        return fail(kExitInvalidInput, "--outage: expected REGION=MODE with MODE one of none, refuse, server-busy, hang: " + outage);
      }
      doc["faults"].push_back(Json{{"kind", "region_outage"},
                                   {"region", outage.substr(0, eq)},
                                   {"mode", *mode},
                                   {"start", "0s"},
                                   {"end", "never"},
                                   {"description", "--outage " + outage}});
    }
    text = doc.dump(2);
    display += " (as the serve flags edited it)";
  }
  const sim::LoadReport report = sim::load_scenario_report(text, display);
  if (!report.ok()) {
    std::string diagnostics = report.to_string();
    if (!diagnostics.empty() && diagnostics.back() != '\n') diagnostics += '\n';
    std::fputs(diagnostics.c_str(), stderr);
    return fail(kExitInvalidInput, display + ": invalid scenario");
  }
  opt.config.scenario = *report.scenario;
  opt.config.scenario_text = text;
  opt.config.scenario_file = opt.scenario_file;
  return kExitOk;
}

// The last `lines` lines of a file (its output, for the report).
std::string tail_of(const fs::path& file, std::size_t lines) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return "";
  std::ostringstream content;
  content << in.rdbuf();
  std::string text = content.str();
  std::size_t at = text.size();
  std::size_t seen = 0;
  if (at > 0 && text[at - 1] == '\n') --at;
  while (at > 0) {
    if (text[at - 1] == '\n' && ++seen == lines) break;
    --at;
  }
  return text.substr(at);
}

std::string shell_quote(const std::string& value) {
  std::string out = "'";
  for (char c : value) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out += c;
    }
  }
  return out + "'";
}

int run_serve(ServeOptions opt) {
  if (!(opt.hang_limit_s > 0) || opt.hang_limit_s > 86400) return fail(kExitInvalidInput, "--hang-limit-s must be in (0, 86400]");
  opt.config.hang_limit = std::chrono::milliseconds(static_cast<long long>(opt.hang_limit_s * 1000));
  if (!opt.start_time.empty()) {
    const auto start = storage::parse_sas_time(opt.start_time);
    if (!start) return fail(kExitInvalidInput, "--start-time: not a UTC time like 2026-01-01T00:00:00Z: " + opt.start_time);
    opt.config.start_time = *start;
  }
  if (const int code = load_scenario(opt); code != kExitOk) return code;
  // The report formats and the history are checked before anything listens, so that a typo fails
  // at once rather than after the drill.
  auto formats = reports::parse_formats(opt.formats);
  if (!formats.ok()) return fail(kExitInvalidInput, formats.status().message());
  std::optional<reports::ResultsHistory> history;
  if (!opt.history_file.empty()) {
    auto opened = reports::ResultsHistory::open(opt.history_file);
    if (!opened.ok()) return fail(kExitInvalidInput, opened.status().message());
    history.emplace(std::move(*opened));
  }
  opt.config.seed = opt.seed;
  const sim::Scenario& scenario = opt.config.scenario;
  const auto* external = std::get_if<sim::ExternalRunbook>(&scenario.runbook);
  std::vector<std::string> command = opt.run_command;
  if (command.empty() && external != nullptr) command = external->command;

  Duration settle{0};
  for (const sim::Probe& p : scenario.probes) settle = std::max(settle, 2 * p.interval);
  if (!opt.settle.empty()) {
    const auto parsed = sim::parse_duration_text(opt.settle);
    if (!parsed) return fail(kExitInvalidInput, "--settle: not a duration like 30s or 2min: " + opt.settle);
    settle = *parsed;
  }

  const fs::path out_dir = fs::absolute(opt.out_dir);
  std::error_code dir_error;
  fs::create_directories(out_dir, dir_error);
  if (dir_error) return fail(kExitInvalidInput, "--out: cannot create " + out_dir.string() + ": " + dir_error.message());
  // The command needs the endpoints in a file.
  if (opt.endpoints_file.empty() && !command.empty()) opt.endpoints_file = (out_dir / "endpoints.json").string();
  const fs::path ca_file = fs::absolute(opt.ca_file.empty() ? default_ca_file(opt.endpoints_file) : fs::path(opt.ca_file));
  const fs::path endpoints_file = opt.endpoints_file.empty() ? fs::path() : fs::absolute(opt.endpoints_file);

  transport::EventLoop loop;
  auto created = serve::ServedDrill::create(loop.context(), opt.config);
  if (!created.ok()) {
    const Status& s = created.status();
    const bool invalid = s.is_invalid_argument() || s.is_unavailable() || s.code() == StatusCode::kFailedPrecondition;
    return fail(invalid ? kExitInvalidInput : kExitInternalError, s.message());
  }
  serve::ServedDrill& served = *created.value();
  sim::Drill& drill = served.drill();
  if (Status s = serve::write_file_atomically(ca_file, served.certificate_authority().certificate_pem()); !s.ok()) {
    return fail(kExitInvalidInput, s.message());
  }

  char scale[32];
  std::snprintf(scale, sizeof scale, "%g", opt.config.time_scale);
  log("scenario " + scenario.name + " (" + (opt.scenario_file.empty() ? std::string(serve::kDefaultScenarioName) : opt.scenario_file) +
      "), seed " + std::to_string(served.seed()) + ", time x" + scale + " from " + format_iso8601(served.start_time()) +
      " to " + format_iso8601(drill.end_time()) + " (simulated)");
  for (const auto& listener : served.listeners()) log(listener.what + ": " + listener.url);
  log("TLS CA certificate: " + ca_file.string());
  if (const auto& state = served.state()) {
    log(std::string("state directory ") + state->dir.string() +
        (state->resumed ? ": resumed from an earlier run's state (SQL databases and Blob data); the timeline starts again "
                          "at the scenario's start"
                        : ": new; SQL databases and Blob data are kept here"));
  }

  // --- the user's command ---
  std::unique_ptr<transport::ChildProcess> child;
  std::optional<sim::ExternalCommandResult> command_result;
  const fs::path command_output = out_dir / "runbook-output.log";
  if (!command.empty()) {
    command_result = sim::ExternalCommandResult{};
    command_result->command = command;
    command_result->outcome = "not started: the drill ended first";
    command_result->output_file = command_output.string();
  }

  int exit_code = kExitOk;
  bool ending = false;
  bool finalized = false;
  std::optional<sim::DrillResult> result;
  // Simulated time now, the drill caught up with the wall clock first.
  const auto since_epoch = [&served, &drill] { return served.catch_up() - drill.epoch(); };

  const auto finalize = [&](bool graceful) {
    if (finalized) return;
    finalized = true;
    if (command_result && command_result->started_at) command_result->output_tail = tail_of(command_output, 20);
    auto finished = served.finish(command_result);
    if (!finished.ok()) {
      exit_code = fail(kExitInternalError, finished.status().message());
    } else {
      result = std::move(finished).value();
    }
    if (!graceful) return loop.stop();
    served.stop([&loop] { loop.stop(); });
  };
  const auto end_drill = [&](const std::string& why) {
    if (ending) return;
    ending = true;
    log(why + ": stopping (ending the drill, finishing requests in flight)");
    if (child && child->running()) {
      log("stopping the command (SIGTERM, then SIGKILL after 5 s)");
      child->terminate(std::chrono::seconds(5));
      return;  // finalized when it exits
    }
    finalize(true);
  };

  // `declared`: the simulated instant the scenario declared the outage (its start event), which the
  // report gives as the command's start; the spawn itself follows within the loop's latency.
  const auto start_command = [&](std::optional<TimePoint> declared) {
    if (ending || command.empty()) return;
    std::map<std::string, std::string> env = served.environment(ca_file);
    if (external != nullptr) {
      for (const auto& [name, value] : external->env) env[name] = value;
    }
    env["DRDRILL_ENDPOINTS"] = endpoints_file.string();
    auto spawned = transport::ChildProcess::spawn(
        loop.context(), transport::ChildProcessOptions{command, env, command_output},
        [&](const transport::ExitStatus& exit) {
          command_result->ended_at = since_epoch();
          command_result->exit_status = exit.code;
          command_result->outcome = exit.describe();
          if (ending) command_result->outcome += " (stopped at the drill's end)";
          log("the command " + exit.describe());
          if (ending) return finalize(true);
          // A short settle, so the probes see what the tool left behind, then the end.
          const TimePoint settle_end = drill.now() + settle;
          log("settling for " + format_duration(settle) + " (simulated) before the end");
          drill.world().scheduler().schedule_at(
              settle_end, [&] { loop.post([&] { end_drill("the command exited and the drill settled"); }); },
              "serve.settle");
          if (settle == Duration::zero()) loop.post([&] { end_drill("the command exited"); });
        });
    if (!spawned.ok()) {
      command_result->outcome = "not started: " + spawned.status().message();
      log("cannot start the command: " + spawned.status().message());
      return loop.post([&] { end_drill("the command could not start"); });
    }
    child = std::move(spawned).value();
    command_result->started_at = declared ? *declared - drill.epoch() : since_epoch();
    command_result->outcome = "still running";
    std::string argv;
    for (const std::string& a : command) argv += (argv.empty() ? "" : " ") + a;
    log("started the command (pid " + std::to_string(child->pid()) + "): " + argv + "; output: " + command_output.string());
    if (external != nullptr && external->timeout) {
      drill.world().scheduler().schedule_at(
          drill.now() + *external->timeout,
          [&] {
            loop.post([&] {
              if (child && child->running()) {
                log("the command timed out (runbook timeout): stopping it");
                child->terminate(std::chrono::seconds(5));
              }
            });
          },
          "serve.command_timeout");
    }
  };

  transport::TerminationSignals signals(loop.context(), [&](int signal_number) {
    const std::string name = signal_number == SIGINT ? "SIGINT" : "SIGTERM";
    if (ending) {
      log(name + " again: stopping now");
      if (child) child->terminate(std::chrono::milliseconds(0));
      return finalize(false);
    }
    end_drill(name);
  });

  loop.post([&] {
    // Written once the listeners' first accepts are queued: whoever sees the file can connect.
    const std::string text = served.endpoints(ca_file).dump(2) + "\n";
    if (endpoints_file.empty()) {
      std::fwrite(text.data(), 1, text.size(), stdout);
    } else if (Status s = serve::write_file_atomically(endpoints_file, text); !s.ok()) {
      exit_code = fail(kExitInvalidInput, s.message());
      ending = true;
      return finalize(true);
    } else {
      log("endpoints: " + endpoints_file.string());
    }
    if (opt.print_env) {
      std::string exports;
      for (const auto& [name, value] : served.environment(ca_file)) exports += "export " + name + "=" + shell_quote(value) + "\n";
      if (!endpoints_file.empty()) exports += "export DRDRILL_ENDPOINTS=" + shell_quote(endpoints_file.string()) + "\n";
      std::fwrite(exports.data(), 1, exports.size(), stdout);
    }
    std::fflush(stdout);
    served.start([&](serve::EndReason reason, const Status& status) {
      switch (reason) {
        case serve::EndReason::kMaxTime: return end_drill("the run reached its max_time");
        case serve::EndReason::kControlApi: return end_drill("the control API ended the drill");
        case serve::EndReason::kError:
          exit_code = fail(kExitInternalError, status.message());
          return end_drill("the world failed");
      }
    });
    if (!command.empty()) {
      const Duration start_after = external != nullptr ? external->start : Duration::zero();
      if (start_after == Duration::zero()) {
        start_command(drill.epoch());
      } else {
        log("the command starts at +" + format_duration(start_after) + " (simulated)");
        drill.world().scheduler().schedule_at(
            drill.epoch() + start_after, [&] { loop.post([&, at = drill.now()] { start_command(at); }); },
            "serve.command_start");
      }
    }
    log(std::string("serving until ") + (command.empty() ? "" : "the command exits, ") + "SIGINT, SIGTERM or +" +
        format_duration(scenario.run.max_time) + " (simulated)");
  });
  loop.run();
  child.reset();

  // The files exist exactly while the drill is served.
  std::error_code ignored;
  if (!endpoints_file.empty()) fs::remove(endpoints_file, ignored);
  fs::remove(ca_file, ignored);
  log("stopped after " + std::to_string(served.requests_handled()) + " requests");
  if (!result) return exit_code == kExitOk ? kExitInternalError : exit_code;

  // wall-clock ok: when the drill was recorded in the history.
  const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  auto summary = reports::write_drill_outputs(
      *result, {out_dir, *formats, history ? &*history : nullptr, opt.history_file,
                {format_iso8601(now), opt.history_label, opt.config.scenario_text, DRDRILL_VERSION}});
  if (!summary.ok()) return fail(kExitInternalError, summary.status().message());
  std::fputs(summary->c_str(), stderr);
  if (exit_code != kExitOk) return exit_code;
  return result->passed ? kExitOk : kExitAssertionFailed;
}

}  // namespace

void add_serve_command(CLI::App& app, int& exit_code, std::vector<std::string> run_command) {
  auto opt = std::make_shared<ServeOptions>();
  opt->run_command = std::move(run_command);
  serve::ServedDrillConfig& c = opt->config;
  auto* sub = app.add_subcommand(
      "serve", "Serve a scenario's world on 127.0.0.1 in (scaled) real time for your own failover tool; report RTO/RPO");
  sub->footer(
      "drdrill serve [SCENARIO] [options] [--run CMD ARGS...]\n"
      "Serves the scenario's fakes (default: the built-in scenarios/serve-default.json): Blob over HTTP and HTTPS\n"
      "(path style http://127.0.0.1:PORT/<account> and <account>-secondary, host style\n"
      "<account>[-secondary].blob.localhost:PORT), Azure Resource Manager over HTTPS (Microsoft.Storage and\n"
      "Microsoft.Sql, any bearer token) with the control API under /_drdrill/ (its own token), and every\n"
      "workspace's REST API over HTTPS and HTTP. Simulated time runs --time-scale times the wall clock; the\n"
      "scenario's faults fire on its timeline, its workload and probes run. Once every listener accepts, the\n"
      "endpoints file is written atomically (JSON: storage.account, storage.key, storage.blob_primary,\n"
      "storage.connection_string, storage.connection_string_secondary, *_https variants, arm.endpoint,\n"
      "sql.primary_server, sql.listener_rw, databricks.primary.host, databricks.primary.token, control.token,\n"
      "tls.ca_file, time.start, time.scale, env; see docs/serve.md); it and the CA file are removed on exit.\n"
      "--run CMD... (last on the line) starts your tool when the scenario's external runbook says (else at\n"
      "once) with DRDRILL_ENDPOINTS and the --print-env variables set. The drill ends at the scenario's\n"
      "run.max_time, when the command exits (plus --settle), on POST /_drdrill/end, or on SIGINT/SIGTERM;\n"
      "then report.json, report.md and junit.xml go to --out and the summary to stderr.\n"
      "--state-dir DIR keeps SQL databases and Blob data in files (SQLite, WAL mode) across a kill and restart;\n"
      "a restart resumes from them, its timeline starting again at the scenario's start.\n"
      "Exit codes as drdrill run: 0 passed, 1 an assertion failed (or the command did not exit 0), 2 invalid\n"
      "input, 3 internal error.");
  sub->add_option("scenario", opt->scenario_file, "Scenario file (JSON); default: the built-in serve-default scenario");
  sub->add_option("--endpoints-file", opt->endpoints_file,
                  "Write the endpoints JSON here (atomically, once serving); default: print it on stdout "
                  "(with --run: <out>/endpoints.json)");
  sub->add_option("--ca-file", opt->ca_file,
                  "Write the run's CA certificate (PEM) here; default: next to the endpoints file (<name>.ca.pem)");
  sub->add_option("--out", opt->out_dir, "Directory for the reports and the command's output")->capture_default_str();
  add_drill_output_options(sub, opt->formats, opt->history_file, opt->history_label);
  sub->add_flag("--print-env", opt->print_env, "Print the tool's environment variables as shell exports on stdout");
  sub->add_option("--seed", opt->seed, "Seed (default: the scenario's): account keys and every random draw");
  sub->add_option("--time-scale", c.time_scale, "Simulated seconds per wall second (1000: 1 h of lag in 3.6 s)")
      ->capture_default_str();
  sub->add_option("--start-time", opt->start_time,
                  "Simulated time at start, UTC (2026-01-01T00:00:00Z); default: the wall clock now");
  sub->add_option("--settle", opt->settle,
                  "After the command exits, run this much longer (simulated) before ending; default: twice the longest "
                  "probe interval");
  sub->add_option("--state-dir", c.state_dir,
                  "Keep the served state in DIR so it survives a kill and restart: every SQL database as a SQLite file "
                  "in WAL mode, and every account's Blob data (containers, committed blobs, metadata). Staged blocks, "
                  "roles, failover state, workspaces and the ledger stay in memory and start as the scenario says. "
                  "A DIR of another scenario or topology is refused (exit 2). Default: everything in memory");
  sub->add_option("--control-token", c.control_token, "The control API's bearer token; default: derived from the seed");
  sub->add_option("--port", c.blob_port, "Blob endpoint port, plain HTTP (0: any free port)")->capture_default_str();
  sub->add_option("--https-port", c.blob_https_port, "Blob endpoint port, HTTPS (0: any free port)")->capture_default_str();
  sub->add_option("--arm-port", c.arm_port, "ARM and control API port, HTTPS only (0: any free port)")->capture_default_str();
  sub->add_option("--account", opt->account,
                  "Rename the default scenario's storage account (3-24 lower-case letters and digits)");
  sub->add_option("--lag-s-median", opt->lag_s_median, "Geo-replication lag of every account, median seconds (log-normal)");
  sub->add_option("--lag-s-p99", opt->lag_s_p99, "Geo-replication lag of every account, 99th percentile seconds");
  sub->add_option("--outage", opt->outages,
                  "REGION=MODE: a region_outage fault from the start; MODE is refuse (connections reset unanswered), "
                  "server-busy (503 ServerBusy) or hang (held unanswered up to --hang-limit-s). Repeatable");
  sub->add_option("--hang-limit-s", opt->hang_limit_s, "How long a hanging endpoint holds a request before closing it")
      ->capture_default_str();
  sub->add_option("--run", opt->run_command,
                  "CMD ARGS...: your failover tool, started when the outage is declared; must come last");
  sub->callback([opt, &exit_code] { exit_code = run_serve(*opt); });
}

}  // namespace drdrill::cli
