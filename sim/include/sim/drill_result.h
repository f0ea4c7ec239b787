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
  // When the first lost write was acknowledged (since the drill's start): where the RPO window
  // begins. Not in report.json.
  std::optional<Duration> first_lost = std::nullopt;
};

struct ProbeSummary {
  std::string name;
  std::string kind;
  std::string workspace;  // as configured ("" = the active one)
  bool expect_failure = false;
  std::int64_t attempts = 0;
  std::int64_t successes = 0;
  // Attempts that ended at or after the outage's start: a probe that never ran after it began has
  // not seen the outage, so it cannot tell whether service came back.
  std::int64_t attempts_after_outage = 0;
  std::optional<Duration> first_failure_after_outage;
  std::optional<Duration> recovered_at;  // the start of the final run of successes after that failure
  std::string last_error;
  // During the failback (from its start): the first failure, and the start of the final run of
  // successes after it (absent when it failed to the end).
  std::optional<Duration> failback_first_failure;
  std::optional<Duration> failback_recovered_at;
};

// Failing back once the primary region has returned, measured on its own: when it ran, how long
// it took, how long service was interrupted, and what it lost (writes the new primaries had
// acknowledged after the failover that the failback's failovers dropped).
struct FailbackResult {
  bool completed = false;                  // every failback step ran and validation succeeded
  std::optional<Duration> region_returned;  // when the runbook saw the original region healthy again
  std::optional<Duration> start;            // the failback's first action (after wait_after_recovery)
  std::optional<Duration> end;              // its last step's end
  std::optional<double> duration_s;         // start -> end, when completed
  std::vector<RtoStage> stages;             // its steps, in order
  // First probe failure after the start -> every probe succeeding again for good (0 when no probe
  // failed; absent when some probe had not recovered by the run's end).
  std::optional<double> downtime_s;
  std::map<Store, StoreLoss> stores;        // what the failback lost, per store (RPO from its start)
};

// A fault as the scenario scheduled it (what report.html draws on the drill's time axis).
struct FaultWindow {
  std::string kind;  // "region_outage", ...
  std::string description;
  Duration start{0};
  std::optional<Duration> end;  // nullopt: to the end of the run
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

// A served drill's state directory (`drdrill serve --state-dir`).
struct ServedState {
  std::string dir;
  bool resumed = false;  // it held an earlier run's state
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
  std::vector<FaultWindow> faults;
  std::optional<double> rto_s;  // absent when not recovered, not measured, or no outage
  // False after an outage that no probe watched (none without expect_failure ran since it began):
  // recovery is then not measured rather than "not recovered" (and names no not_recovered finding).
  bool rto_measured = true;
  std::vector<RtoStage> rto_stages;
  std::map<Store, StoreLoss> stores;
  std::map<std::string, std::int64_t> inconsistencies;  // by kind (all kinds present, 0 included)
  std::vector<Inconsistency> inconsistency_examples;   // capped
  std::vector<std::string> control_plane_drift;        // differences between the workspaces
  std::int64_t duplicate_runs = 0;                     // job runs overlapping in both regions
  std::optional<FailbackResult> failback;              // when the runbook fails back
  std::vector<AssertionResult> assertions;
  std::vector<Violation> violations;                   // capped per invariant
  std::vector<StepRecord> steps;
  std::vector<ProbeSummary> probes;
  std::map<std::string, std::int64_t> counters;        // workload and failure counts, by name
  std::vector<TimelineEvent> events;

  // `drdrill serve`: the drill ran in real time against the served fakes; the external command, if any.
  bool served = false;
  // `drdrill serve --state-dir`: where the state lived, and whether the run resumed from what an
  // earlier run left there (its timeline still started at the scenario's start).
  std::optional<ServedState> state;
  std::optional<ExternalCommandResult> external_command;

  // Run statistics.
  Duration simulated{0};
  std::uint64_t events_run = 0;
  std::uint64_t trace_hash = 0;
};

}  // namespace drdrill::sim
