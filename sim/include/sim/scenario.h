#pragma once
// Scenario: one drill, as a scenario file declares it (docs/scenarios.md). A value type the engine
// builds the world from; load it with load_scenario() (sim/scenario_loader.h), which checks every
// field and cross-reference, so an engine given a loaded Scenario may rely on its names resolving.
//
// Durations are held as Duration; distributions of durations as Distribution in seconds (their
// names end in _s); other quantities carry their unit in the name.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/time.h"
#include "sim/assertions.h"
#include "sim/faults.h"
#include "sim/probes.h"
#include "sim/runbook.h"
#include "sim/topology.h"
#include "sim/workload.h"

namespace drdrill::sim {

// Every run stops at whichever bound it hits first; hitting max_events is an error naming it.
struct RunBounds {
  Duration max_time = std::chrono::hours(48);
  std::uint64_t max_events = 10'000'000;
  friend bool operator==(const RunBounds&, const RunBounds&) = default;
};

struct Scenario {
  std::string name;
  std::string description;
  std::uint64_t seed = 1;  // `drdrill run --seed` overrides it
  TimePoint epoch = kDefaultEpoch;  // simulated time at the drill's start
  RunBounds run;
  Topology topology;
  Workload workload;
  std::vector<Fault> faults;
  Runbook runbook;  // default: the reference runbook with its defaults
  std::vector<Probe> probes = default_probes();
  Assertions assertions;
  std::optional<Expect> expect;

  friend bool operator==(const Scenario&, const Scenario&) = default;
};

}  // namespace drdrill::sim
