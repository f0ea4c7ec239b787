#pragma once
// run_sweep(): one scenario over many seeds, in parallel on the machine's cores.
//
// Each worker thread builds and runs its own World per seed (sim::run_drill), so the simulated
// worlds share nothing: the service models, the scheduler and the random streams hold no global
// mutable state (the per-thread caches — SHA-256 pad states per key, the string-to-sign buffer, the
// current second's RFC 1123 date — are thread_local; the Hive schema image is immutable once built).
// Workers take the next seed index from an atomic counter and write the outcome into that index's
// slot, so the report is ordered by seed and identical for any number of jobs.
//
// Threads live here, in the composition root, and nowhere in the deterministic layers.

#include <cstdint>
#include <functional>
#include <string>

#include "core/result.h"
#include "sim/scenario.h"
#include "sweep/sweep_report.h"

namespace drdrill::sweep {

struct SweepProgress {
  std::uint64_t done = 0;
  std::uint64_t total = 0;
  std::uint64_t failing = 0;
};

struct SweepOptions {
  std::string scenario_file;  // for the replay commands
  SeedRange range;
  unsigned jobs = 1;  // worker threads (at least 1)
  // Called on the calling thread (never concurrently) as seeds finish, at most about every
  // `progress_every` seeds and once at the end.
  std::function<void(const SweepProgress&)> progress;
  std::uint64_t progress_every = 1;
};

// InvalidArgument when the scenario asks for something drdrill run cannot do (checked once, before
// any seed runs). A seed whose drill stops early (its event bound, a model error) is a failing
// outcome with its error, not a failure of the sweep.
Result<SweepReport> run_sweep(const sim::Scenario& scenario, const SweepOptions& options);

}  // namespace drdrill::sweep
