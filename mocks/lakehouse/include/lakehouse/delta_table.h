#pragma once
// DeltaTable: one Delta table's log and files at a storage location, as one driver process sees
// them — Spark's DeltaLog, cached per driver so a read only fetches the versions committed since
// the last one.
//
// Reading (dr-parameters 2c.7: after a failover "the log can reference files that were never
// replicated"). The reader lists _delta_log/, replays versions 0..n while they are contiguous and
// checks that the files the snapshot names exist. What it finds wrong is a distinct, countable
// DataErrorKind and is also written into a DeltaReadReport:
//   - no version 0 at all          -> kMissingTransactionLog (the metastore row arrived, the log did not)
//   - versions not contiguous      -> kLogVersionGap (a later commit arrived before an earlier one)
//   - a named data file is missing -> kMissingDataFile
// Two read modes:
//   - kStrict (Spark's behaviour, the default): the latest version, and any of the above is an
//     error — DELTA_VERSIONS_NOT_CONTIGUOUS, DELTA_FILE_NOT_FOUND_DETAILED.
//   - kLatestComplete: the latest version whose log is contiguous and whose files all exist (what a
//     RESTORE to the last good version would read); the report says what was skipped, so the drill
//     still counts it rather than silently losing it.
//
// Checking files: a read of the rows GETs each file (a 404 is a missing file). A read of the file
// statistics only (COUNT(*)) does what a Spark driver's file index does: it lists the directories
// the snapshot's files are in (the table root and each partition directory it names, delimiter
// "/", so _delta_log/ collapses to one entry), and a file is present iff a listing returned it.
//
// Listing: the log directory is listed from the last cached version on (Delta's LogStore.listFrom),
// so a read costs one request however long the log is, and sees every later version and any gap
// among them. If the last cached version has vanished (a failover went back in time) the cache is
// dropped and the log replayed.
//
// Writing: data files first, then the next version's log entry with If-None-Match: *, so two
// writers can never both commit one version; the loser gets kCommitConflict
// (DELTA_CONCURRENT_APPEND) and its data file stays behind unreferenced, as with Delta.

#include <cstdint>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "databricks/mounts.h"
#include "lakehouse/data_error.h"
#include "lakehouse/delta_log.h"
#include "lakehouse/storage_client.h"

namespace drdrill::lakehouse {

enum class DeltaReadMode { kStrict, kLatestComplete };
std::string_view to_string(DeltaReadMode mode);  // "strict", "latest-complete"
std::optional<DeltaReadMode> parse_delta_read_mode(std::string_view text);

struct DeltaReadReport {
  std::int64_t latest_version = -1;            // the newest version listed
  std::int64_t version_read = -1;              // what the read returned
  std::vector<std::int64_t> missing_versions;  // absent below latest_version
  std::vector<std::string> missing_files;      // named by a skipped version, absent in storage

  bool degraded() const { return !missing_versions.empty() || !missing_files.empty(); }
};

// A snapshot whose files were checked, with their contents when asked for, in the order their
// rows were committed (by version, then path).
struct DeltaScan {
  // The snapshot read: the table's latest, owned by the DeltaTable (not copied: a table names
  // thousands of files by the end of a drill) and valid until its next read; or, when
  // latest-complete fell back to an older version, that version's, held here.
  const DeltaSnapshot& snapshot() const { return older_ ? *older_ : *latest_; }

  std::vector<std::pair<const DeltaAddFile*, std::string>> files;  // points into snapshot().files

 private:
  friend class DeltaTable;
  const DeltaSnapshot* latest_ = nullptr;
  std::unique_ptr<DeltaSnapshot> older_;  // a stable address across moves
};

class DeltaTable {
 public:
  DeltaTable(StorageClient& storage, databricks::StorageLocation root);
  DeltaTable(const DeltaTable&) = delete;
  DeltaTable& operator=(const DeltaTable&) = delete;

  const databricks::StorageLocation& root() const { return root_; }

  // The latest snapshot (see the file comment for errors). Valid until the next call.
  DataResult<const DeltaSnapshot*> latest(DeltaReadMode mode, DeltaReadReport& report);

  // The latest snapshot with its files checked (and read if `with_contents`): strict fails on a
  // missing file, latest-complete falls back to older versions until every file exists. The scan
  // refers to this table's latest snapshot: valid until the next call.
  DataResult<DeltaScan> scan(DeltaReadMode mode, bool with_contents, DeltaReadReport& report);

  // Writes one data file under the table root (a new, unique name: If-None-Match: * as well).
  DataResult<StorageWriteReceipt> write_data_file(std::string_view name, std::string content);
  // Commits `commit` as the next version; commit.version must be latest()->version + 1.
  DataResult<StorageWriteReceipt> commit(const DeltaCommit& commit);

  // Versions fetched from storage so far (for tests: the cache works).
  std::int64_t log_entries_read() const { return log_entries_read_; }

 private:
  DataStatus refresh(DeltaReadMode mode, DeltaReadReport& report);
  // The log versions listed from `from_version` on (every version when it is -1): one List Blobs
  // request per 5,000 entries.
  DataResult<std::set<std::int64_t>> list_versions_from(std::int64_t from_version);
  DeltaSnapshot state_at(std::int64_t version) const;
  databricks::StorageLocation file(std::string_view relative) const;
  std::string log_prefix() const;

  StorageClient& storage_;
  databricks::StorageLocation root_;
  std::vector<DeltaCommit> commits_;  // versions 0..n, as read or written
  DeltaSnapshot latest_;
  std::int64_t log_entries_read_ = 0;
};

// "part-00000-<8-4-4-4-12 hex>.c000.json": a data file name that is unique and deterministic
// (derived from `seed`, so a seed replays the same names).
std::string data_file_name(std::string_view seed);
// The 8-4-4-4-12 hex form of a hash of `seed` (metaData.id, file names).
std::string deterministic_uuid(std::string_view seed);

}  // namespace drdrill::lakehouse
