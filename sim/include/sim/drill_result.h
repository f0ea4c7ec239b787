#pragma once
// DrillResult: everything a drill measured and concluded, as values — what the report writers
// (reports/) render and what tests assert. Times are offsets from the drill's start (the
// scenario's epoch) unless named otherwise.

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/time.h"
#include "sim/assertions.h"
#include "sim/ledger.h"
#include "sim/timeline.h"

namespace drdrill::sim {

// One judged target or invariant.
struct AssertionResult {
  std::string name;      // "rto_max", "rpo_max.storage", "invariant.no_secondary_writes", ...
  std::string target;    // "5h", "15min", "0 violations"
  std::string measured;  // "3h12min", "not recovered", "2 violations"
  bool pass = true;
};

// One step of the runbook, as it ran.
struct StepRecord {
  std::string name;  // "detect", "decide", "storage_failover", ...
  Duration start{0};
  Duration end{0};
  bool ok = true;
  std::string detail;
};

// A stage of RTO on the critical path.
struct RtoStage {
  std::string name;
  double seconds = 0;
};

struct StoreLoss {
  std::optional<double> rpo_s;  // 0 when nothing was lost; absent when the store saw no writes
  std::int64_t writes = 0;      // acknowledged
  std::int64_t lost_writes = 0;
  std::uint64_t lost_bytes = 0;
  std::int64_t in_flight = 0;   // neither arrived nor lost when the run ended
};

struct ProbeSummary {
  std::string name;
  std::string kind;
  std::string workspace;  // as configured ("" = the active one)
  bool expect_failure = false;
  std::int64_t attempts = 0;
  std::int64_t successes = 0;
  std::optional<Duration> first_failure_after_outage;
  std::optional<Duration> recovered_at;  // the start of the final run of successes after that failure
  std::string last_error;
};

struct Violation {
  Duration at{0};
  std::string invariant;  // the Assertions field name: "no_secondary_writes", ...
  std::string detail;
};

struct Inconsistency {
  std::string kind;    // "table_files_missing", "delta_log_missing_files", "files_without_table"
  std::string detail;  // which table, file or partition
};

// The user's own failover tool as `drdrill serve --run` ran it (an external runbook).
struct ExternalCommandResult {
  std::vector<std::string> command;
  std::optional<Duration> started_at;  // since the drill's start, simulated; nullopt: never started
  std::optional<Duration> ended_at;
  std::optional<int> exit_status;      // nullopt: it did not exit by itself
  std::string outcome;                 // "exited 0", "killed by signal 15 at the drill's end", "not started: ..."
  std::string output_file;             // its stdout and stderr, together
  std::string output_tail;             // the last lines of that output
};

struct DrillResult {
  std::string scenario;
  std::string scenario_file;  // as given on the command line (for the replay command)
  std::uint64_t seed = 0;
  TimePoint epoch{};  // the drill's start, as a simulated instant
  Verdict verdict = Verdict::kPass;  // the drill's own verdict
  std::set<Finding> findings;
  // A negative scenario's expectation and whether it was met; the run passes when it was.
  std::optional<Expect> expect;
  bool passed = true;  // exit status: the verdict, or the expectation met

  std::optional<Duration> outage_start;
  std::optional<double> rto_s;  // absent when not recovered (or no outage)
  std::vector<RtoStage> rto_stages;
  std::map<Store, StoreLoss> stores;
  std::map<std::string, std::int64_t> inconsistencies;  // by kind (all kinds present, 0 included)
  std::vector<Inconsistency> inconsistency_examples;   // capped
  std::vector<std::string> control_plane_drift;        // differences between the workspaces
  std::int64_t duplicate_runs = 0;                     // job runs overlapping in both regions
  std::vector<AssertionResult> assertions;
  std::vector<Violation> violations;                   // capped per invariant
  std::vector<StepRecord> steps;
  std::vector<ProbeSummary> probes;
  std::map<std::string, std::int64_t> counters;        // workload and failure counts, by name
  std::vector<TimelineEvent> events;

  // `drdrill serve`: the drill ran in real time against the served fakes; the external command, if any.
  bool served = false;
  std::optional<ExternalCommandResult> external_command;

  // Run statistics.
  Duration simulated{0};
  std::uint64_t events_run = 0;
  std::uint64_t trace_hash = 0;
};

}  // namespace drdrill::sim
