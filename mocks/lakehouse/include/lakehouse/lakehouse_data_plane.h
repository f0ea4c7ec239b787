#pragma once
// LakehouseDataPlane: the DataPlane (databricks/data_plane.h) over the real storage and SQL fakes —
// what a cluster reads and writes, decided by its Spark conf exactly as in the seed walkthrough.
//
// Each driver process (a cluster start or restart) gets a session with its own
//   - MetastoreConnection: the JDBC URL / user / password / driver / metastore version of the conf,
//     through its own DNS cache (a restart is what makes a driver see a moved listener);
//   - StorageClient: the conf's account keys, signed Blob requests to the storage fake's handler;
//     /mnt paths resolve through the workspace's mounts as they were when the driver started;
//   - SqlEngine with its Delta log cache.
// Sessions run SQL (execute_sql: notebook cells, the SQL Statement API), the declared workload
// ("insert N rows into T": insert_rows) and row counts.
//
// What the plane keeps for the drill:
//   - the DeltaLedger: every write acknowledged through any session, with the identities of the
//     storage and SQL writes underneath (delta_ledger.h);
//   - failure counts by cause ("delta.missing_data_file", "storage.write_refused",
//     "metastore.read_only", ...), one per failed statement;
//   - skipped counts: what latest-complete reads went around (missing data files, missing log
//     versions), which a strict read would have failed on.
//
// Read mode: LakehouseOptions::read_mode for every cluster, unless the cluster's Spark conf sets the
// drdrill-only key "spark.drdrill.delta.readMode" to "strict" or "latest-complete".
//
// Lifetimes: the SqlService and the storage handler's target must outlive every session; the
// plane's ledger and counters are shared with its sessions, so a session may outlive the plane
// object. Single-threaded, like every model.

#include <cstdint>
#include <map>
#include <memory>
#include <string>

#include "core/clock.h"
#include "databricks/data_plane.h"
#include "http/handler.h"
#include "lakehouse/delta_ledger.h"
#include "lakehouse/delta_table.h"
#include "sql/sql_client.h"
#include "sql/sql_service.h"

namespace drdrill::lakehouse {

inline constexpr std::string_view kReadModeConfKey = "spark.drdrill.delta.readMode";

struct LakehouseOptions {
  DeltaReadMode read_mode = DeltaReadMode::kStrict;
  sql::SqlClientOptions sql_client;
  std::string warehouse_dir = "dbfs:/user/hive/warehouse";
};

// What the plane has seen, shared with its sessions.
struct LakehouseRecord {
  DeltaLedger ledger;
  std::map<std::string, std::uint64_t, std::less<>> failures;  // by DataErrorKind name
  std::map<std::string, std::uint64_t, std::less<>> skipped;   // latest-complete: files / versions gone around
  std::uint64_t sessions_opened = 0;
  std::uint64_t statements = 0;
};

class LakehouseDataPlane final : public databricks::DataPlane {
 public:
  // `blob_endpoint`: the storage fake's Blob service (storage::BlobService) or a fault wrapper around it.
  LakehouseDataPlane(http::Handler blob_endpoint, sql::SqlService& sql, const Clock& clock,
                     LakehouseOptions options = {});

  std::shared_ptr<databricks::ClusterDataSession> open_session(const databricks::ClusterDataConfig& config) override;

  const DeltaLedger& ledger() const { return record_->ledger; }
  const LakehouseRecord& record() const { return *record_; }
  std::uint64_t failures(DataErrorKind kind) const;
  const LakehouseOptions& options() const { return options_; }

 private:
  http::Handler blob_endpoint_;
  sql::SqlService& sql_;
  const Clock& clock_;
  LakehouseOptions options_;
  std::shared_ptr<LakehouseRecord> record_ = std::make_shared<LakehouseRecord>();
};

}  // namespace drdrill::lakehouse
