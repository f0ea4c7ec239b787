#pragma once
// run_drill(): one drill, end to end, in simulated time — build the world from the scenario, inject
// its faults on their timeline, run the workload, the probes and the runbook, check the invariants
// on every event, stop at the run's end, then measure: RTO (and its stages), RPO and lost writes
// per store from the ledger, cross-store inconsistencies, control-plane drift, duplicate work, and
// the verdict against the scenario's assertions (and, for a negative scenario, its expectation).
//
// Same scenario and seed, same result, byte for byte: nothing here reads a real clock.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/result.h"
#include "sim/drill_result.h"
#include "sim/scenario.h"
#include "sim/world.h"

namespace drdrill::sim {

struct DrillOptions {
  // Overrides the scenario's seed.
  std::optional<std::uint64_t> seed;
  // The file the scenario came from, for the replay command in reports.
  std::string scenario_file;
  // Called every simulated hour with a one-line status (the CLI prints it to stderr).
  std::function<void(const std::string&)> progress;
  // For tests: changes to the world at given times since the drill's start — how a test breaks a
  // world on purpose to show that an invariant notices. Run in order, as scheduler events.
  std::vector<std::pair<Duration, std::function<void(World&)>>> interventions;
};

// InvalidArgument: the scenario asks for something drdrill run cannot do ("not supported yet: ...",
// an external runbook). ResourceExhausted: the run's event bound was hit (its message names the
// bound). Internal: a model refused the scenario's setup, or a fault could not be applied.
Result<DrillResult> run_drill(const Scenario& scenario, const DrillOptions& options = {});

// The command that replays a drill: "drdrill run <file> --seed <n>".
std::string replay_command(const DrillResult& result);

}  // namespace drdrill::sim
