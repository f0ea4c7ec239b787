#pragma once
// SqlEngine: runs parsed statements (sql_ast.h) the way Spark with Delta Lake and an external Hive
// metastore does, against the metastore (MetastoreConnection) and storage (StorageClient) one
// driver process reaches.
//
// Where each statement goes, in Spark's order (which decides which error a read-only secondary
// shows first — the seed's last experiment):
//   CREATE TABLE   metastore: database exists, table does not -> storage: Delta version 0
//                  (protocol, metaData, commitInfo), unless the location already holds a log, whose
//                  schema must then match -> metastore: create the (external) table
//   INSERT         metastore: the table's location -> storage: read the log, write one data file,
//                  commit the next version (If-None-Match: *). Returns num_affected_rows and
//                  num_inserted_rows, as Databricks does.
//   ALTER TABLE .. ADD COLUMNS
//                  metastore: alter the table's columns (a read-only secondary refuses with 3906
//                  here) -> storage: commit a metaData action with the new schema (if that fails
//                  the metastore change is undone, best effort)
//   SELECT / DESCRIBE  metastore: location -> storage: the log's snapshot (its schema is the
//                  table's truth, as for every Delta table) and, for SELECT, its data files
//   DROP TABLE     metastore only (tables are external: their files stay)
//   SHOW TABLES, CREATE / DROP DATABASE, USE: metastore only
// Table locations are abfss:// URIs or paths under the workspace's /mnt mounts (stored in the
// metastore as written, "/mnt/x" as "dbfs:/mnt/x", so each workspace resolves them through its own
// mounts — primary or -secondary endpoint). Other locations (the DBFS root) are not modelled.
//
// Every error is a DataError with its cause (data_error.h). Each successful writing statement
// returns the writes it got acknowledged, for the ledger.

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "databricks/mounts.h"
#include "lakehouse/data_error.h"
#include "lakehouse/data_type.h"
#include "lakehouse/delta_ledger.h"
#include "lakehouse/delta_table.h"
#include "lakehouse/metastore_connection.h"
#include "lakehouse/sql_ast.h"
#include "lakehouse/storage_client.h"

namespace drdrill::lakehouse {

struct EngineOptions {
  DeltaReadMode read_mode = DeltaReadMode::kStrict;
  std::string workspace;   // for the ledger
  std::string cluster_id;  // commitInfo.clusterId, the ledger, and the seed of data file names
  // hive.metastore.warehouse.dir: where CREATE DATABASE puts a database without LOCATION.
  std::string warehouse_dir = "dbfs:/user/hive/warehouse";
};

struct ResultColumn {
  std::string name;
  DataType type = DataType::kString;
};

struct StatementResult {
  std::vector<ResultColumn> columns;
  std::vector<std::vector<Value>> rows;
  // Acknowledged writes (DeltaLedgerEntry::sequence is assigned by the ledger).
  std::vector<DeltaLedgerEntry> writes;
  // What a read of a Delta table found (latest-complete reads that went around damage say so here).
  std::optional<DeltaReadReport> read;
};

// A value bound to a ":name" marker: text (nullopt for NULL) read as `type` (STRING when empty).
struct BoundParameter {
  std::optional<std::string> value;
  std::string type;
};
using Parameters = std::map<std::string, BoundParameter>;

class SqlEngine {
 public:
  SqlEngine(MetastoreConnection& metastore, StorageClient& storage, const databricks::MountTable& mounts,
            const Clock& clock, EngineOptions options);
  SqlEngine(const SqlEngine&) = delete;
  SqlEngine& operator=(const SqlEngine&) = delete;

  // Runs one statement. Unqualified table names are in `current_database`, which USE changes.
  DataResult<StatementResult> execute(const Statement& statement, std::string& current_database,
                                      const Parameters& parameters = {});

  // "Insert N rows into T" with generated values (the declared workload of a job): integral
  // columns number the rows after those already in the table, strings are "row-<n>", and so on.
  DataResult<StatementResult> insert_generated_rows(const TableName& table, std::int64_t rows,
                                                    const std::string& current_database);

  // The Delta table at a location, as this driver caches it.
  DeltaTable& table_at(const databricks::StorageLocation& root);
  // Resolves a table location as the metastore stores it (abfss:// or dbfs:/mnt/...).
  DataResult<databricks::StorageLocation> resolve_location(std::string_view location) const;

  const EngineOptions& options() const { return options_; }

 private:
  struct ResolvedTable;

  DataResult<StatementResult> create_database(const CreateDatabase& s);
  DataResult<StatementResult> drop_database(const DropDatabase& s);
  DataResult<StatementResult> use_database(const UseDatabase& s, std::string& current_database);
  DataResult<StatementResult> create_table(const CreateTable& s, const std::string& current_database);
  DataResult<StatementResult> drop_table(const DropTable& s, const std::string& current_database);
  DataResult<StatementResult> add_columns(const AlterTableAddColumns& s, const std::string& current_database);
  DataResult<StatementResult> describe(const DescribeTable& s, const std::string& current_database);
  DataResult<StatementResult> show_tables(const ShowTables& s, const std::string& current_database);
  DataResult<StatementResult> insert(const InsertValues& s, const std::string& current_database,
                                     const Parameters& parameters);
  DataResult<StatementResult> select(const Select& s, const std::string& current_database,
                                     const Parameters& parameters);

  DataResult<ResolvedTable> resolve_table(const TableName& name, const std::string& current_database);
  // Commits one data file holding `count` rows (`content`: encode_data_file's text). Reads
  // `snapshot` only before it commits, so it may be the table's cached snapshot itself.
  DataResult<StatementResult> append_rows(const ResolvedTable& table, const DeltaSnapshot& snapshot,
                                          std::string content, std::int64_t count);
  DeltaLedgerEntry ledger_entry(const std::string& table, const databricks::StorageLocation& root,
                                std::string operation) const;

  MetastoreConnection& metastore_;
  StorageClient& storage_;
  const databricks::MountTable& mounts_;
  const Clock& clock_;
  EngineOptions options_;
  std::map<std::string, std::unique_ptr<DeltaTable>, std::less<>> tables_;  // by root URI
  std::uint64_t files_written_ = 0;
};

}  // namespace drdrill::lakehouse
