#pragma once
// DrillState: what the parts of a running drill share beyond the world itself — which workspace is
// active, which jobs the drill's books say are held, and the findings seen along the way.

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>

#include "core/time.h"
#include "sim/assertions.h"

namespace drdrill::sim {

struct DrillState {
  // The workspace whose jobs are released: the one probes without a workspace go through, and
  // the one the metastore DDL workload runs as. The runbook's release step moves it.
  std::string active_workspace;
  // (workspace, job name) that must not run: the passive workspace's jobs until they are released,
  // the source workspace's jobs once the runbook has held them.
  std::set<std::pair<std::string, std::string>> held_jobs;
  // The outage's start (the clock RTO and RPO are measured from), as an absolute time.
  std::optional<TimePoint> outage_start;
  // When the runbook's failovers were complete: writes acknowledged after it were acknowledged by
  // the new primaries, so only a failback can lose them (the checker counts those separately).
  std::optional<TimePoint> failover_complete;
  // When the failback started acting (after the region's return and wait_after_recovery). Probe
  // failures from then on are the failback's downtime, not the outage's (RTO is not reopened).
  std::optional<TimePoint> failback_start;
  // Whether the failback ran to its end (its steps say how each went).
  bool failback_done = false;
  // Findings noted while the drill ran (the checker adds the ones it computes at the end).
  std::set<Finding> findings;
  // Counters for the report: "workload.blob_writes.acknowledged", "failures.metastore.unavailable"...
  std::map<std::string, std::int64_t> counters;

  void count(std::string_view name, std::int64_t by = 1) { counters[std::string(name)] += by; }
  bool is_held(std::string_view workspace, std::string_view job) const {
    return held_jobs.contains({std::string(workspace), std::string(job)});
  }
};

// The finding a failure message points at, if any: a data session's error kind ("[metastore.
// read_only] ..."), a SQL Server number (3906, 18456, 40613) or a write refused through a
// `-secondary` endpoint.
std::optional<Finding> finding_of_failure(std::string_view message);

}  // namespace drdrill::sim
