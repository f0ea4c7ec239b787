#pragma once
// The checker: what a drill measured, computed from the world and the drill's books once the run
// has ended, and judged against the scenario's assertions.
//
// - RTO: from the outage's start to the moment every probe has succeeded again for good (the latest
//   of the probes' recoveries: the start of each one's final run of successes after its first
//   failure at or after the outage's start; a probe the outage never broke counts from the outage's
//   start; one failing at the end, or that never ran after the outage began, has not recovered).
//   Probes marked expect_failure are left out; with no other probe, recovery after an outage is
//   not measured and the drill fails.
//   Its stages follow the runbook's recorded steps on the critical path (detection, decision,
//   storage failover, SQL failover with the DNS wait, re-point, cluster start, job release,
//   validation), then whatever remained until the probes passed; time no step covers is a stage of
//   its own (until_runbook_starts: a runbook started at start_at after the outage began;
//   between_steps), so the stages always add up to RTO.
// - RPO per store: the window of lost writes (lost_write_window below, from the outage's start; 0
//   when nothing was lost, absent when the store saw no writes), with the lost writes and bytes;
//   from the DrillLedger. The failback's RPO is the same rule from the failback's start.
// - Cross-store consistency, on the stores as they stand at the end (the metastore's current
//   primary and each account's current primary copy): metastore tables and partitions whose files
//   are missing (table_files_missing), Delta logs naming data files (or log versions) that are
//   missing (delta_log_missing_files), and data files under a table's location that neither its
//   Delta log nor a registered partition accounts for (files_without_table).
// - Control-plane drift between the two workspaces (computed when the outage starts).
// - The verdict: every target and invariant as an AssertionResult; the drill fails when one fails.
//   Findings name what was seen. A negative scenario passes when its expectation is met.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "sim/drill_result.h"
#include "sim/drill_state.h"
#include "sim/invariants.h"
#include "sim/timeline.h"
#include "sim/world.h"

namespace drdrill::sim {

struct ConsistencyReport {
  std::map<std::string, std::int64_t> counts;  // every kind, 0 included
  std::vector<Inconsistency> examples;         // the first few of each kind
  std::string note;                            // why nothing could be checked, if so
};

// `workspace` names whose mounts resolve dbfs:/mnt/... table locations.
ConsistencyReport check_consistency(World& world, const std::string& workspace);

// Differences between what CI/CD deployed to the two workspaces right now: notebooks, secret scopes
// and their keys, clusters (name, runtime, node type, size), jobs (name, notebook, cluster,
// schedule). Differences a passive setup has on purpose (held jobs, paused schedules, cluster
// state, region-specific JDBC URLs and mounts) are not drift.
std::vector<std::string> control_plane_drift(World& world, const std::string& a, const std::string& b);

// RPO, the window of lost writes: from the acknowledgement of the first lost write to the later of
// `from` (the outage's start, or the failback's) and the acknowledgement of the last one; last
// minus first without `from`. It equals `from` minus the first whenever every lost write precedes
// `from`, and it does not hide the writes a primary kept acknowledging after the outage began and
// a failover then dropped (a partition stops replication, not the primary).
Duration lost_write_window(TimePoint first_lost, TimePoint last_lost, std::optional<TimePoint> from);

struct CheckInputs {
  World& world;
  const DrillState& state;
  const Timeline& timeline;
  const InvariantChecker& invariants;
  const std::vector<ProbeSummary>& probes;
  const std::vector<StepRecord>& steps;
  std::vector<std::string> drift;
};

DrillResult evaluate(const CheckInputs& in);

}  // namespace drdrill::sim
