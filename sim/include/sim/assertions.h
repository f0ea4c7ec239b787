#pragma once
// Assertions: the targets a drill is judged against (RTO, RPO per store, lost writes,
// inconsistencies) and the invariants checked on every event; and, for negative scenarios, what
// the checker is expected to flag.

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

#include "core/time.h"
#include "sim/enum_names.h"

namespace drdrill::sim {

// Stores measured separately: blobs in storage accounts, the metastore database, Delta tables
// (their log and data files together).
struct PerStoreDurations {
  std::optional<Duration> storage;
  std::optional<Duration> metastore;
  std::optional<Duration> delta;
  friend bool operator==(const PerStoreDurations&, const PerStoreDurations&) = default;
};

struct PerStoreCounts {
  std::optional<std::int64_t> storage;
  std::optional<std::int64_t> metastore;
  std::optional<std::int64_t> delta;
  friend bool operator==(const PerStoreCounts&, const PerStoreCounts&) = default;
};

struct Assertions {
  std::optional<Duration> rto_max;  // unset: reported, not judged
  PerStoreDurations rpo_max;
  PerStoreCounts lost_writes_max;
  std::optional<std::int64_t> inconsistencies_max;  // cross-store, all kinds together
  // Invariants, checked on every event; each can be switched off for a scenario that studies it.
  bool no_secondary_writes = true;      // a read-only secondary never accepts a write
  bool no_split_brain = true;           // no job runs in both regions over the same window
  bool held_jobs_never_run = true;      // a held job (max_concurrent_runs 0) never starts a run
  bool single_writable_primary = true;  // at most one writable database per link or group
  friend bool operator==(const Assertions&, const Assertions&) = default;
};

// What the engine's checker reports. Negative scenarios name the ones they must trigger.
enum class Finding {
  kRtoExceeded,              // rto_max missed
  kRpoExceeded,              // an rpo_max missed
  kLostWritesExceeded,       // a lost_writes_max missed
  kInconsistenciesExceeded,  // inconsistencies_max missed
  kNotRecovered,             // a probe never succeeded again before the run ended (never at all, without faults)
  kDataLost,                 // at least one acknowledged write was lost
  kSecondaryWriteAccepted,   // invariant: a read-only secondary accepted a write
  kTwoWritablePrimaries,     // invariant: two writable databases on one link or group
  kHeldJobRan,               // invariant: a held job started a run
  kSplitBrain,               // a job ran in both regions over the same window
  kUnaccountedWrite,         // invariant: an acknowledged write is missing from the ledger's books
  kWriteRefusedBySecondary,  // writes went to a read-only secondary and were refused (403, 3906)
  kMetastoreUnreachable,     // the target workspace's clusters could not reach the metastore
  kMetastoreReadOnly,        // metastore writes refused after failover (3906)
  kLoginFailed,              // the metastore login was refused (18456)
  kClusterStartFailed,       // a cluster the runbook started did not reach RUNNING
  kValidationFailed,         // the runbook's validate step never succeeded
  kTableFilesMissing,        // metastore tables/partitions whose files never arrived
  kDeltaLogMissingFiles,     // Delta logs naming data files that are missing
  kFilesWithoutTable,        // data files no table knows about
  kControlPlaneDrift,        // notebooks/jobs/clusters/secrets differ between the workspaces
  kUnexpectedProbeSuccess,   // a probe marked expect_failure succeeded
};

template <>
struct EnumNames<Finding> {
  static constexpr std::array kEntries{
      std::pair{Finding::kRtoExceeded, std::string_view{"rto_exceeded"}},
      std::pair{Finding::kRpoExceeded, std::string_view{"rpo_exceeded"}},
      std::pair{Finding::kLostWritesExceeded, std::string_view{"lost_writes_exceeded"}},
      std::pair{Finding::kInconsistenciesExceeded, std::string_view{"inconsistencies_exceeded"}},
      std::pair{Finding::kNotRecovered, std::string_view{"not_recovered"}},
      std::pair{Finding::kDataLost, std::string_view{"data_lost"}},
      std::pair{Finding::kSecondaryWriteAccepted, std::string_view{"secondary_write_accepted"}},
      std::pair{Finding::kTwoWritablePrimaries, std::string_view{"two_writable_primaries"}},
      std::pair{Finding::kHeldJobRan, std::string_view{"held_job_ran"}},
      std::pair{Finding::kSplitBrain, std::string_view{"split_brain"}},
      std::pair{Finding::kUnaccountedWrite, std::string_view{"unaccounted_write"}},
      std::pair{Finding::kWriteRefusedBySecondary, std::string_view{"write_refused_by_secondary"}},
      std::pair{Finding::kMetastoreUnreachable, std::string_view{"metastore_unreachable"}},
      std::pair{Finding::kMetastoreReadOnly, std::string_view{"metastore_read_only"}},
      std::pair{Finding::kLoginFailed, std::string_view{"login_failed"}},
      std::pair{Finding::kClusterStartFailed, std::string_view{"cluster_start_failed"}},
      std::pair{Finding::kValidationFailed, std::string_view{"validation_failed"}},
      std::pair{Finding::kTableFilesMissing, std::string_view{"table_files_missing"}},
      std::pair{Finding::kDeltaLogMissingFiles, std::string_view{"delta_log_missing_files"}},
      std::pair{Finding::kFilesWithoutTable, std::string_view{"files_without_table"}},
      std::pair{Finding::kControlPlaneDrift, std::string_view{"control_plane_drift"}},
      std::pair{Finding::kUnexpectedProbeSuccess, std::string_view{"unexpected_probe_success"}},
  };
};

enum class Verdict { kPass, kFail };

template <>
struct EnumNames<Verdict> {
  static constexpr std::array kEntries{
      std::pair{Verdict::kPass, std::string_view{"pass"}},
      std::pair{Verdict::kFail, std::string_view{"fail"}},
  };
};

// A negative scenario's contract: the drill's own verdict must be `verdict` and each finding listed
// must have been reported. The run then passes (the checker caught the bug); otherwise it fails.
struct Expect {
  Verdict verdict = Verdict::kFail;
  std::vector<Finding> findings;
  friend bool operator==(const Expect&, const Expect&) = default;
};

}  // namespace drdrill::sim
