#include "sweep/sweep_runner.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "sim/drill.h"
#include "sim/world.h"

namespace drdrill::sweep {

Result<SweepReport> run_sweep(const sim::Scenario& scenario, const SweepOptions& options) {
  DRDRILL_RETURN_IF_ERROR(sim::World::check_supported(scenario));
  SweepReport report;
  report.scenario = scenario.name;
  report.scenario_file = options.scenario_file;
  report.range = options.range;
  const std::vector<std::uint64_t> seeds = options.range.seed_list();
  std::vector<std::optional<SeedOutcome>> slots(seeds.size());

  std::atomic<std::size_t> next{0};
  std::mutex mutex;  // guards done, failing and the wake-up of the calling thread
  std::condition_variable finished;
  std::uint64_t done = 0;
  std::uint64_t failing = 0;

  const auto work = [&] {
    for (std::size_t i = next.fetch_add(1); i < seeds.size(); i = next.fetch_add(1)) {
      sim::DrillOptions drill;
      drill.seed = seeds[i];
      drill.scenario_file = options.scenario_file;
      auto result = sim::run_drill(scenario, drill);
      SeedOutcome outcome = result.ok() ? outcome_of(*result) : outcome_of_error(seeds[i], result.status());
      const bool passed = outcome.passed;
      slots[i] = std::move(outcome);  // each slot is written by exactly one worker
      {
        const std::lock_guard lock(mutex);
        ++done;
        if (!passed) ++failing;
      }
      finished.notify_one();
    }
  };

  const unsigned jobs = std::max(1u, std::min<unsigned>(options.jobs, static_cast<unsigned>(std::max<std::size_t>(seeds.size(), 1))));
  std::vector<std::thread> workers;
  workers.reserve(jobs);
  for (unsigned j = 0; j < jobs; ++j) workers.emplace_back(work);

  // The calling thread reports progress while the workers run.
  {
    std::unique_lock lock(mutex);
    std::uint64_t reported = 0;
    const std::uint64_t every = std::max<std::uint64_t>(1, options.progress_every);
    while (done < seeds.size()) {
      finished.wait(lock, [&] { return done == seeds.size() || done >= reported + every; });
      reported = done;
      if (options.progress && done < seeds.size()) {
        const SweepProgress p{done, seeds.size(), failing};
        lock.unlock();
        options.progress(p);
        lock.lock();
      }
    }
  }
  for (std::thread& w : workers) w.join();
  if (options.progress) options.progress(SweepProgress{done, seeds.size(), failing});

  report.outcomes.reserve(seeds.size());
  for (auto& slot : slots) report.outcomes.push_back(std::move(*slot));
  return report;
}

}  // namespace drdrill::sweep
