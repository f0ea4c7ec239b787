#pragma once
// Runbook: the failover logic under test.
//
// - ReferenceRunbook: drdrill's built-in implementation of the seed walkthrough's steps, run as
//   sequential code in simulated time through the same APIs a real tool uses: detect, decide, fail
//   storage over, fail SQL over, re-point the Spark conf, start clusters, release jobs, validate;
//   optionally fail back once the primary region returns. Every step can be switched off or tuned,
//   and `bugs` switches on deliberate mistakes for negative scenarios.
// - ExternalRunbook: the user's own tool, started by `drdrill serve` against the served fakes.
// - NoRunbook: nobody acts (a baseline: what the outage costs on its own).

#include <array>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "core/distribution.h"
#include "core/time.h"
#include "sim/enum_names.h"

namespace drdrill::sim {

// Probes the primary region's services until enough consecutive failures declare an outage;
// Traffic Manager's defaults (D1-D4).
struct DetectStep {
  bool enabled = true;
  Duration probe_interval = std::chrono::seconds(30);  // D1
  int failure_threshold = 4;                            // D2: 3 tolerated, Degraded on the 4th
  Duration timeout = std::chrono::seconds(10);          // D3
  friend bool operator==(const DetectStep&, const DetectStep&) = default;
};

// A human declares the disaster: D9, no documented value, Triangular(15, 45, 180) min.
struct DecideStep {
  bool enabled = true;
  Distribution delay_s = Distribution::triangular(15 * 60.0, 45 * 60.0, 180 * 60.0);
  friend bool operator==(const DecideStep&, const DecideStep&) = default;
};

enum class StorageFailoverMode { kUnplanned, kPlanned, kNone };

template <>
struct EnumNames<StorageFailoverMode> {
  static constexpr std::array kEntries{
      std::pair{StorageFailoverMode::kUnplanned, std::string_view{"unplanned"}},
      std::pair{StorageFailoverMode::kPlanned, std::string_view{"planned"}},
      std::pair{StorageFailoverMode::kNone, std::string_view{"none"}},
  };
};

// Customer-managed account failover (2a.5-2a.7). kNone keeps reading through `-secondary`.
struct StorageFailoverStep {
  StorageFailoverMode mode = StorageFailoverMode::kUnplanned;
  std::vector<std::string> accounts;  // empty: every geo-redundant account
  friend bool operator==(const StorageFailoverStep&, const StorageFailoverStep&) = default;
};

enum class SqlFailoverMode { kForced, kPlanned, kPlannedThenForced, kNone };

template <>
struct EnumNames<SqlFailoverMode> {
  static constexpr std::array kEntries{
      std::pair{SqlFailoverMode::kForced, std::string_view{"forced"}},
      std::pair{SqlFailoverMode::kPlanned, std::string_view{"planned"}},
      std::pair{SqlFailoverMode::kPlannedThenForced, std::string_view{"planned_then_forced"}},
      std::pair{SqlFailoverMode::kNone, std::string_view{"none"}},
  };
};

// Geo-replication failover (2b.2, 2b.3): per replication link, or per failover group for databases
// in one (a database in a group cannot fail over on its own, 2b.6).
struct SqlFailoverStep {
  SqlFailoverMode mode = SqlFailoverMode::kForced;
  std::vector<std::string> databases;  // empty: every replicated database
  friend bool operator==(const SqlFailoverStep&, const SqlFailoverStep&) = default;
};

// The value of RepointStep::jdbc_url that lets the runbook choose.
inline constexpr std::string_view kRepointAuto = "auto";

// Edits the target workspace's clusters: the metastore JDBC URL to the server that is primary after
// the SQL failover (nothing to do when it names a failover group listener), and mounts from
// `<account>-secondary` to `<account>`.
struct RepointStep {
  bool enabled = true;
  std::string jdbc_url = std::string(kRepointAuto);  // "auto" or the URL to set
  bool mounts = true;
  friend bool operator==(const RepointStep&, const RepointStep&) = default;
};

struct StartClustersStep {
  bool enabled = true;
  std::vector<std::string> clusters;  // empty: every cluster of the target workspace
  Duration timeout = std::chrono::minutes(30);  // B1: starts are truncated at 30 min
  friend bool operator==(const StartClustersStep&, const StartClustersStep&) = default;
};

// max_concurrent_runs 0 -> N and schedules unpaused in the target workspace; the source
// workspace's jobs held (0, paused) as soon as its control plane answers.
struct ReleaseJobsStep {
  bool enabled = true;
  std::vector<std::string> jobs;  // empty: every job of the target workspace
  int max_concurrent_runs = 1;    // B4
  bool unpause_schedules = true;
  bool hold_primary_jobs = true;
  friend bool operator==(const ReleaseJobsStep&, const ReleaseJobsStep&) = default;
};

// A statement that must succeed through the target workspace before the runbook calls it done.
struct ValidateStep {
  bool enabled = true;
  std::optional<std::string> statement;  // nullopt: count the rows of every table
  Duration retry_interval = std::chrono::seconds(30);  // an assumption
  Duration timeout = std::chrono::hours(1);            // an assumption
  friend bool operator==(const ValidateStep&, const ValidateStep&) = default;
};

// Deliberate mistakes, for negative scenarios whose runbook the checker must flag.
struct RunbookBugs {
  bool promote_sql_before_storage = false;       // SQL failover first, storage state ignored
  bool never_repoint_jdbc = false;               // the JDBC URL is left as it was
  bool release_jobs_while_primary_runs = false;  // release without holding the source's jobs
  bool write_through_secondary_endpoint = false; // mounts re-pointed to `<account>-secondary`
  bool any() const {
    return promote_sql_before_storage || never_repoint_jdbc || release_jobs_while_primary_runs ||
           write_through_secondary_endpoint;
  }
  friend bool operator==(const RunbookBugs&, const RunbookBugs&) = default;
};

enum class FailbackStorageMode { kPlanned, kNone };

template <>
struct EnumNames<FailbackStorageMode> {
  static constexpr std::array kEntries{
      std::pair{FailbackStorageMode::kPlanned, std::string_view{"planned"}},
      std::pair{FailbackStorageMode::kNone, std::string_view{"none"}},
  };
};

enum class FailbackSqlMode { kPlanned, kForced, kNone };

template <>
struct EnumNames<FailbackSqlMode> {
  static constexpr std::array kEntries{
      std::pair{FailbackSqlMode::kPlanned, std::string_view{"planned"}},
      std::pair{FailbackSqlMode::kForced, std::string_view{"forced"}},
      std::pair{FailbackSqlMode::kNone, std::string_view{"none"}},
  };
};

// Back to the original primary once its region has returned: re-enable geo-redundancy and wait for
// the re-seed (2a.5, S7), planned failovers back (S4, 2b.2: no loss while both regions are up),
// re-point, release the original workspace's jobs and hold the other's.
struct FailbackRunbook {
  bool enabled = false;
  Duration wait_after_recovery = std::chrono::hours(1);  // an assumption: a human confirms first
  FailbackStorageMode storage_failover = FailbackStorageMode::kPlanned;
  FailbackSqlMode sql_failover = FailbackSqlMode::kPlanned;
  bool reenable_geo_redundancy = true;
  friend bool operator==(const FailbackRunbook&, const FailbackRunbook&) = default;
};

struct ReferenceRunbook {
  static constexpr std::string_view kKind = "reference";
  // The workspaces failed over from and to. When a file leaves them out the loader fills in the
  // only workspace of the primary and of the secondary region (empty when a region has none).
  std::string from_workspace;
  std::string to_workspace;
  // Start the runbook at this time (since the drill's start) instead of on detection: a planned
  // drill with both regions up. nullopt: on detection, or at the first fault when detection is off.
  std::optional<Duration> start_at;
  DetectStep detect;
  DecideStep decide;
  StorageFailoverStep storage_failover;
  SqlFailoverStep sql_failover;
  RepointStep repoint;
  StartClustersStep start_clusters;
  ReleaseJobsStep release_jobs;
  ValidateStep validate;
  RunbookBugs bugs;
  FailbackRunbook failback;
  friend bool operator==(const ReferenceRunbook&, const ReferenceRunbook&) = default;
};

// The user's own failover tool, run against `drdrill serve` (real time on loopback only).
struct ExternalRunbook {
  static constexpr std::string_view kKind = "external";
  std::vector<std::string> command;         // argv; the first element is the program
  std::map<std::string, std::string> env;   // added to the environment drdrill passes
  Duration start{0};                        // offset from the drill's start
  std::optional<Duration> timeout;          // nullopt: until the run's end
  friend bool operator==(const ExternalRunbook&, const ExternalRunbook&) = default;
};

struct NoRunbook {
  static constexpr std::string_view kKind = "none";
  friend bool operator==(const NoRunbook&, const NoRunbook&) = default;
};

using Runbook = std::variant<ReferenceRunbook, ExternalRunbook, NoRunbook>;

std::string_view runbook_kind(const Runbook& runbook);

}  // namespace drdrill::sim
