#include "demo_command.h"

#include <cstdio>
#include <map>
#include <string>

#include "core/distribution.h"
#include "core/random.h"
#include "core/simulated_scheduler.h"
#include "core/delay.h"
#include "core/task.h"
#include "core/task_group.h"
#include "exit_codes.h"

namespace drdrill::cli {
namespace {

struct DemoOptions {
  std::uint64_t seed = 1;
  double write_interval_s = 10;
  double lag_s_median = 120;   // dr-parameters S1: median a free parameter, suggest 1–3 min
  double lag_s_p99 = 900;      // P(lag <= 15 min) ~ 0.99
  double outage_at_h = 6;
};

// Asynchronous geo-replication in miniature: a writer acknowledges a write every interval; each
// write reaches the secondary after a log-normal lag; the primary region fails at the outage time.
// Whatever had not arrived is lost. Prints Last Sync Time, lost writes and RPO.
int run_demo(const DemoOptions& opt) {
  SimulatedScheduler scheduler;
  const Random random(opt.seed);
  RandomStream lag_rng = random.stream("demo.replication_lag");
  auto lag = Distribution::make_lognormal(opt.lag_s_median, opt.lag_s_p99);
  if (!lag.ok()) {
    std::fprintf(stderr, "drdrill demo: %s\n", lag.status().message().c_str());
    return kExitInvalidInput;
  }
  if (opt.write_interval_s <= 0 || opt.outage_at_h <= 0) {
    std::fprintf(stderr, "drdrill demo: --write-interval-s and --outage-at-h must be positive\n");
    return kExitInvalidInput;
  }
  const TimePoint outage_at = scheduler.now() + from_seconds(opt.outage_at_h * 3600);

  std::map<TimePoint, int> in_flight;  // acknowledgement time -> writes acknowledged then, not yet arrived
  int acknowledged = 0;
  TaskGroup tasks(scheduler);
  auto writer = [&]() -> Task<void> {
    while (scheduler.now() < outage_at) {
      const TimePoint ack = scheduler.now();
      ++acknowledged;
      ++in_flight[ack];
      scheduler.schedule_after(from_seconds(lag->sample(lag_rng)), [&in_flight, ack] {
        if (--in_flight[ack] == 0) in_flight.erase(ack);
      }, "demo.arrive");
      co_await delay_for(scheduler, from_seconds(opt.write_interval_s), "demo.write");
    }
  };
  tasks.spawn(writer());
  if (Status s = scheduler.run_until(outage_at); !s.ok()) {
    std::fprintf(stderr, "drdrill demo: %s\n", s.to_string().c_str());
    return kExitInternalError;
  }

  // Everything acknowledged before the oldest write still in flight has arrived.
  const TimePoint last_sync = in_flight.empty() ? outage_at : in_flight.begin()->first;
  int lost = 0;
  for (const auto& [ack, count] : in_flight) lost += count;
  std::printf("drdrill demo (kernel only; the drill engine arrives with `drdrill run`)\n");
  std::printf("  writes acknowledged : %d, one every %gs from %s\n", acknowledged, opt.write_interval_s,
              format_iso8601(kDefaultEpoch).c_str());
  std::printf("  replication lag     : %s seconds\n", lag->to_string().c_str());
  std::printf("  primary region lost : %s\n", format_iso8601(outage_at).c_str());
  std::printf("  Last Sync Time      : %s\n", format_iso8601(last_sync).c_str());
  std::printf("  writes lost         : %d\n", lost);
  std::printf("  RPO                 : %s\n", format_duration(outage_at - last_sync).c_str());
  std::printf("  events simulated    : %llu (trace %016llx)\n",
              static_cast<unsigned long long>(scheduler.events_run()),
              static_cast<unsigned long long>(scheduler.trace_hash()));
  std::printf("replay: drdrill demo --seed %llu --write-interval-s %g --lag-s-median %g --lag-s-p99 %g --outage-at-h %g\n",
              static_cast<unsigned long long>(opt.seed), opt.write_interval_s, opt.lag_s_median, opt.lag_s_p99,
              opt.outage_at_h);
  return kExitOk;
}

}  // namespace

void add_demo_command(CLI::App& app, int& exit_code) {
  auto opt = std::make_shared<DemoOptions>();
  auto* demo = app.add_subcommand("demo", "Simulate asynchronous geo-replication and a region loss (kernel demo)");
  demo->add_option("--seed", opt->seed, "Random seed; the same seed prints the same numbers")->capture_default_str();
  demo->add_option("--write-interval-s", opt->write_interval_s, "Seconds between acknowledged writes")
      ->capture_default_str();
  demo->add_option("--lag-s-median", opt->lag_s_median, "Median replication lag, seconds")->capture_default_str();
  demo->add_option("--lag-s-p99", opt->lag_s_p99, "99th-percentile replication lag, seconds")->capture_default_str();
  demo->add_option("--outage-at-h", opt->outage_at_h, "Hours until the primary region is lost")->capture_default_str();
  demo->callback([opt, &exit_code] { exit_code = run_demo(*opt); });
}

}  // namespace drdrill::cli
