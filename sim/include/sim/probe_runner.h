#pragma once
// ProbeRunner: the scenario's probes on their schedule, from the drill's start to its end — what
// "service restored" means, and what RTO is measured with.
//
// Each probe runs every `interval` through its workspace (or whichever is active when it runs):
// - table_read: counts the table's rows (every table's, when none is named) through a running
//   cluster's data session; - query: runs the statement there;
// - table_write: inserts rows there (ledgered like any write);
// - blob_write: a canary Put Blob to the account's primary endpoint (through the StorageFront,
//   waiting at most `timeout` for an endpoint that hangs).
// Only state changes go to the timeline. For RTO, each probe keeps its first failure at or after the
// outage's start and the start of its final run of successes after that (see ProbeSummary): a probe
// that recovers and fails again has not recovered until it succeeds for good, and one whose last
// attempt failed has not recovered at all. A probe marked expect_failure that succeeds is the
// finding unexpected_probe_success.

#include <optional>
#include <string>
#include <vector>

#include "core/task.h"
#include "core/task_group.h"
#include "http/handler.h"
#include "sim/drill_result.h"
#include "sim/drill_state.h"
#include "sim/timeline.h"
#include "sim/world.h"

namespace drdrill::sim {

class ProbeRunner {
 public:
  ProbeRunner(World& world, DrillState& state, Timeline& timeline, TimePoint run_end);
  ProbeRunner(const ProbeRunner&) = delete;
  ProbeRunner& operator=(const ProbeRunner&) = delete;

  // Spawns one task per probe into `tasks` (which must not outlive this object).
  void start(TaskGroup& tasks);

  const std::vector<ProbeSummary>& summaries() const { return summaries_; }

 private:
  struct Attempt {
    bool ok = false;
    std::string detail;
  };
  Task<void> loop(std::size_t index);
  Task<Attempt> attempt(const Probe& probe, std::int64_t n);

  World& world_;
  DrillState& state_;
  Timeline& timeline_;
  TimePoint run_end_;
  http::Handler front_;
  std::vector<ProbeSummary> summaries_;
};

}  // namespace drdrill::sim
