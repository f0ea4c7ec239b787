#pragma once
// DeltaLedger: every write the lakehouse acknowledged to a caller (a statement, a notebook task, an
// InsertRowsWork), in acknowledgement order — the Databricks side of the drill's RPO ledger.
//
// One entry per successful writing statement: the table, the operation, the Delta version it
// committed, rows and bytes, when it was acknowledged, who made it, and the identity of every write
// underneath in the storage and SQL fakes' own replication ledgers (data files and the log entry
// as "container/blob" targets; metastore commits as database log positions). Joining those with
// the replication ledgers says when each part reached the secondary — or that a failover lost it,
// which is how "the metastore row arrived but the data files did not" is counted per table.

#include <cstdint>
#include <string>
#include <vector>

#include "core/time.h"
#include "databricks/data_plane.h"

namespace drdrill::lakehouse {

struct DeltaLedgerEntry {
  std::uint64_t sequence = 0;  // from 1, in acknowledgement order
  std::string workspace;
  std::string cluster_id;
  std::string table;     // "db.table"
  std::string location;  // the table root as storage names it: abfss://c@acct.dfs.core.windows.net/p
  databricks::AcknowledgedWrite write;
};

class DeltaLedger {
 public:
  // Assigns the sequence number.
  void record(DeltaLedgerEntry entry);

  const std::vector<DeltaLedgerEntry>& entries() const { return entries_; }
  // Rows acknowledged for `table` ("db.table") at or before `at`.
  std::int64_t rows_acknowledged(const std::string& table, TimePoint at = TimePoint::max()) const;

 private:
  std::vector<DeltaLedgerEntry> entries_;
};

}  // namespace drdrill::lakehouse
