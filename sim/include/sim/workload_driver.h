#pragma once
// WorkloadDriver: what writes to the world during a drill (the scenario's workload), as real
// clients would write it — every acknowledged write lands in a store's own ledger, which the
// DrillLedger joins:
// - job writes: the job's notebook inserts rows into a Delta table on every run (an InsertRowsWork
//   registered for the job's notebook in every workspace that has the job), so whichever workspace
//   runs the job writes, through its cluster's data session;
// - blob writes: signed Put Blob requests to the account's primary endpoint (through the
//   StorageFront, so outages, failovers and stale DNS bite), one every `every`;
// - metastore DDL: run as a job on the active workspace's cluster would run it, through that
//   cluster's Spark conf (its JDBC URL and login, its mounts): add_partition first writes the
//   partition's data file through the mount, then registers the partition; create_table creates an
//   empty external table in the database.
// Outcomes are counted in DrillState::counters ("workload.<kind>.acknowledged" / ".failed") and
// failures classified into findings.

#include <string>
#include <vector>

#include "core/task.h"
#include "core/task_group.h"
#include "http/handler.h"
#include "sim/drill_state.h"
#include "sim/timeline.h"
#include "sim/world.h"

namespace drdrill::sim {

class WorkloadDriver {
 public:
  // `name_prefix` goes before the sequence number in every name the workload makes (blobs,
  // partitions, tables): a run resumed from a state directory uses its own, so its names do not
  // collide with what earlier runs left ("" for a first run, as in simulated drills).
  WorkloadDriver(World& world, DrillState& state, Timeline& timeline, TimePoint run_end, std::string name_prefix = {});
  WorkloadDriver(const WorkloadDriver&) = delete;
  WorkloadDriver& operator=(const WorkloadDriver&) = delete;

  // Registers the job works and spawns one task per stream into `tasks` (which must not outlive
  // this object).
  void start(TaskGroup& tasks);

 private:
  Task<void> blob_stream(std::size_t index);
  Task<void> ddl_stream(std::size_t index);
  // One DDL statement as a job on the active workspace's cluster; the failure, if any.
  std::optional<std::string> run_ddl(const MetastoreDdl& ddl, std::int64_t n);

  World& world_;
  DrillState& state_;
  Timeline& timeline_;
  TimePoint run_end_;
  std::string name_prefix_;
  http::Handler front_;
};

}  // namespace drdrill::sim
