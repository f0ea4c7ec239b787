#pragma once
// DrillLedger: every acknowledged write of a drill in one book, joining the stores' own ledgers —
// the idea that makes RPO fall out by construction (DESIGN.md). For each write: the store, what it
// touched, its size, when the client got its acknowledgement, and when it reached the secondary or
// that a failover lost it.
//
// - storage: the GeoReplication ledger of every geo-redundant account (storage/geo_replication.h),
//   read when entries() is called;
// - metastore: every commit on a geo-replicated SQL database, heard live as the SQL model's
//   ReplicationLedger (sql/replication_ledger.h);
// - delta: every Delta commit a cluster's data session acknowledged (added with add_delta_commit),
//   joined with the storage and SQL writes underneath it: a commit arrived when all of its parts
//   did, and is lost when any part was lost.
//
// The ledger also keeps its own books honest (the invariant "no acknowledged write vanishes without
// being counted"): a SQL fate for a commit never acknowledged, or two fates for one commit, is a
// problem it reports.
//
// Single-threaded, on the scheduler's thread.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "core/time.h"
#include "sql/replication_ledger.h"
#include "storage/storage_state.h"

namespace drdrill::sim {

// Stores measured separately (as the scenario's assertions name them).
enum class Store { kStorage, kMetastore, kDelta };
inline constexpr Store kStores[] = {Store::kStorage, Store::kMetastore, Store::kDelta};
std::string_view to_string(Store store);  // "storage", "metastore", "delta"

struct LedgerEntry {
  Store store = Store::kStorage;
  std::string where;  // the account, "server/database", or the table
  std::string what;   // "PutBlob landing/workload/000001.bin", "commit 17", "WRITE v5"
  std::uint64_t bytes = 0;
  TimePoint acknowledged;
  std::optional<TimePoint> arrived;  // on the secondary
  bool lost = false;                 // a failover dropped it (or, for Delta, a part of it)
};

// One part of a Delta commit, named as the store's own ledger names it.
struct DeltaPart {
  Store store = Store::kStorage;
  std::string where;   // storage: the account; metastore: "server/database" (as when committed)
  std::string target;  // storage: "container/blob"
  std::uint64_t sequence = 0;  // metastore: the commit's position in the database's log
  TimePoint acknowledged;
  std::string etag;  // storage: the ETag the write got ("\"0x...\"")
};

struct DeltaCommit {
  std::string table;
  std::string what;  // "WRITE v5"
  std::uint64_t bytes = 0;
  TimePoint acknowledged;
  std::vector<DeltaPart> parts;
};

class DrillLedger final : public sql::ReplicationLedger {
 public:
  // --- sql::ReplicationLedger ---
  void on_acknowledged(const sql::CommitEvent& commit) override;
  void on_replicated(const sql::CommitEvent& commit, TimePoint at) override;
  void on_lost(const sql::CommitEvent& commit, TimePoint at) override;

  void add_delta_commit(DeltaCommit commit) { delta_.push_back(std::move(commit)); }

  // Every write, storage first (by account, then acknowledgement), then SQL commits and Delta
  // commits in acknowledgement order. A Delta commit is lost when a part of it was lost in
  // replication, or when the store no longer holds it at the end: a storage part that is not in
  // the account's current primary copy with the ETag it was written with (a log version a repair
  // removed, or one overwritten since) — what a reader can no longer read is not durable.
  std::vector<LedgerEntry> entries(const storage::StorageState& storage) const;

  // SQL commits heard so far.
  std::size_t sql_commits() const { return commits_.size(); }
  // Books that do not balance (see the file comment), oldest first.
  const std::vector<std::string>& problems() const { return problems_; }

 private:
  struct Commit {
    sql::CommitEvent event;
    std::optional<TimePoint> arrived;
    bool lost = false;
  };
  Commit* find(const sql::CommitEvent& commit, const char* fate);

  std::vector<Commit> commits_;                      // by commit id - 1 (ids count from 1)
  std::map<std::uint64_t, std::size_t> by_id_;       // commit id -> index
  std::vector<DeltaCommit> delta_;
  std::vector<std::string> problems_;
};

}  // namespace drdrill::sim
