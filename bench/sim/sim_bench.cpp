// The drill's speed, as the issue measures it (docs/performance.md quotes the figures):
// - BM_RegionalOutageDrill: scenarios/regional-outage.json end to end (world build, 12 simulated
//   hours, checker), one seed per iteration; `sim_s_per_s` is the time compression (target >= 1e6)
//   and `events_per_s` the drill's event rate.
// - BM_WorldBuild: World::build alone (models, SQLite schema, CI/CD deployment, warm-up to the
//   epoch), the fixed cost every seed pays.
// - BM_BareSchedulerSameEvents: a SimulatedScheduler running as many empty events as the drill
//   runs, so events_per_s of the two gives the cost of the models per event.
// - BM_Sweep2Jobs: N seeds on 2 worker threads (drdrill sweep's runner); `s_per_10k_seeds`
//   extrapolates the 10,000-seed sweep (target < 30 s).
//
//   cmake --preset release && cmake --build --preset release --target sim_bench
//   build/release/bench/sim/sim_bench

#include <benchmark/benchmark.h>

#include <cstdint>
#include <string>

#include "core/simulated_scheduler.h"
#include "sim/drill.h"
#include "sim/scenario_loader.h"
#include "sim/world.h"
#include "sweep/sweep_runner.h"

namespace drdrill {
namespace {

const sim::Scenario& regional_outage() {
  static const sim::Scenario scenario = [] {
    auto loaded = sim::load_scenario(std::string(DRDRILL_SOURCE_DIR) + "/scenarios/regional-outage.json");
    if (!loaded.ok()) std::abort();
    return *loaded;
  }();
  return scenario;
}

void BM_RegionalOutageDrill(benchmark::State& state) {
  const sim::Scenario& scenario = regional_outage();
  std::uint64_t seed = 1;
  double simulated_s = 0;
  double events = 0;
  for (auto _ : state) {
    sim::DrillOptions options;
    options.seed = seed++;
    auto result = sim::run_drill(scenario, options);
    if (!result.ok()) {
      state.SkipWithError(result.status().to_string().c_str());
      return;
    }
    simulated_s += to_seconds(result->simulated);
    events += static_cast<double>(result->events_run);
  }
  state.counters["sim_s_per_s"] = benchmark::Counter(simulated_s, benchmark::Counter::kIsRate);
  state.counters["events_per_s"] = benchmark::Counter(events, benchmark::Counter::kIsRate);
  state.counters["events_per_drill"] = events / static_cast<double>(state.iterations());
}
BENCHMARK(BM_RegionalOutageDrill)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_WorldBuild(benchmark::State& state) {
  const sim::Scenario& scenario = regional_outage();
  std::uint64_t seed = 1;
  for (auto _ : state) {
    auto world = sim::World::build(scenario, seed++);
    if (!world.ok()) {
      state.SkipWithError(world.status().to_string().c_str());
      return;
    }
    benchmark::DoNotOptimize(world->get());
  }
}
BENCHMARK(BM_WorldBuild)->Unit(benchmark::kMillisecond)->UseRealTime();

// As many events as one regional-outage drill runs (measured once), each doing nothing.
void BM_BareSchedulerSameEvents(benchmark::State& state) {
  static const std::uint64_t drill_events = [] {
    auto result = sim::run_drill(regional_outage());
    return result.ok() ? result->events_run : 0;
  }();
  double events = 0;
  for (auto _ : state) {
    SimulatedScheduler sched;
    std::uint64_t left = drill_events;
    // A chain of events one simulated second apart, as a drill's timers are spread over time.
    struct Chain {
      SimulatedScheduler& sched;
      std::uint64_t& left;
      void operator()() const {
        if (left-- > 0) sched.schedule_after(std::chrono::seconds(1), Chain{sched, left}, "bench.empty");
      }
    };
    sched.schedule_after(std::chrono::seconds(1), Chain{sched, left}, "bench.empty");
    if (!sched.run().ok()) state.SkipWithError("run failed");
    events += static_cast<double>(sched.events_run());
  }
  state.counters["events_per_s"] = benchmark::Counter(events, benchmark::Counter::kIsRate);
  state.counters["events_per_run"] = static_cast<double>(drill_events);
}
BENCHMARK(BM_BareSchedulerSameEvents)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_Sweep2Jobs(benchmark::State& state) {
  const sim::Scenario& scenario = regional_outage();
  const auto seeds = static_cast<std::uint64_t>(state.range(0));
  std::uint64_t first = 1;
  double run = 0;
  for (auto _ : state) {
    sweep::SweepOptions options;
    options.scenario_file = "scenarios/regional-outage.json";
    options.range = sweep::SeedRange{first, seeds, 1, 1};
    options.jobs = 2;
    first += seeds;
    auto report = sweep::run_sweep(scenario, options);
    if (!report.ok()) {
      state.SkipWithError(report.status().to_string().c_str());
      return;
    }
    run += static_cast<double>(report->outcomes.size());
  }
  state.counters["seeds_per_s"] = benchmark::Counter(run, benchmark::Counter::kIsRate);
  state.counters["s_per_10k_seeds"] =
      benchmark::Counter(run / 10000.0, benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}
BENCHMARK(BM_Sweep2Jobs)->Arg(20)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(1);

}  // namespace
}  // namespace drdrill
