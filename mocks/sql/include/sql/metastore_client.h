#pragma once
// MetastoreClient: the Hive metastore's ObjectStore in C++ — the operations a Databricks cluster's
// embedded metastore client performs (create/get/alter/drop database and table, add/list/drop
// partitions, table locations), each as real SQL in one transaction against whichever database
// its connection factory reaches.
//
// Each operation opens a fresh connection (a pool validating on borrow): a JDBC URL naming a
// failover-group listener is resolved through the client's DNS cache every time, so a failover
// shows up exactly when the cache lets it. Errors keep the Hive exception kind and the SQL Server
// error underneath (MetastoreError).
//
// Behaviour follows metastore 2.3 (HiveMetaStore + ObjectStore):
// - database and table names are lower-cased and must match [A-Za-z0-9_]+;
// - ids come from SEQUENCE_TABLE, one row per model class, as DataNucleus allocates them;
// - a partition without its own columns shares the table's column descriptor (CD);
// - create and alter stamp `transient_lastDdlTime` (seconds) unless the caller set it;
// - dropping `default` is refused; dropping a non-empty database needs cascade.
// Not modelled: privileges, column statistics, functions, views' query rewriting, moving a managed
// table's files on rename (storage is another service; the caller re-points the location).

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "sql/metastore_error.h"
#include "sql/metastore_types.h"
#include "sql/sql_connection.h"

namespace drdrill::sql {

class SqlClient;

inline constexpr const char* kDefaultDatabaseName = "default";

struct MetastoreOptions {
  // hive.metastore.warehouse.dir: where the default database and managed tables live.
  std::string warehouse_dir = "dbfs:/user/hive/warehouse";
};

class MetastoreClient {
 public:
  using ConnectionFactory = std::function<SqlResult<SqlConnection>()>;

  // `target` names what `connect` reaches, for error messages (the JDBC URL, password hidden).
  MetastoreClient(ConnectionFactory connect, std::string target, std::string user, const Clock& clock,
                  MetastoreOptions options = {});

  // A client that connects through `client` (its DNS cache) to `jdbc_url` as `user` for every
  // operation — javax.jdo.option.ConnectionURL/UserName/Password. A malformed URL is an error.
  // `client` must outlive the returned MetastoreClient.
  static MetastoreResult<MetastoreClient> for_jdbc_url(SqlClient& client, std::string_view jdbc_url,
                                                        std::string user, std::string password, const Clock& clock,
                                                        MetastoreOptions options = {});

  // --- databases ---
  MetastoreStatus create_database(const HiveDatabase& database);
  MetastoreResult<HiveDatabase> get_database(std::string_view name);
  MetastoreResult<std::vector<std::string>> get_all_databases();  // sorted
  // Replaces description, location, owner and parameters.
  MetastoreStatus alter_database(std::string_view name, const HiveDatabase& database);
  MetastoreStatus drop_database(std::string_view name, bool cascade);
  // Creates `default` at the warehouse root if it is missing (what the metastore does when it
  // starts). Reads only when it exists, so it succeeds against a read-only secondary.
  MetastoreStatus ensure_default_database();

  // --- tables ---
  MetastoreStatus create_table(const HiveTable& table);
  MetastoreResult<HiveTable> get_table(std::string_view db, std::string_view name);
  MetastoreResult<std::vector<std::string>> get_tables(std::string_view db);  // sorted
  // Replaces the table with `table` (which may carry a new name or database: a rename).
  MetastoreStatus alter_table(std::string_view db, std::string_view name, const HiveTable& table);
  MetastoreStatus drop_table(std::string_view db, std::string_view name);
  MetastoreResult<std::string> get_table_location(std::string_view db, std::string_view name);

  // --- partitions ---
  MetastoreStatus add_partition(const HivePartition& partition);
  // All or nothing, in one transaction.
  MetastoreStatus add_partitions(const std::vector<HivePartition>& partitions);
  MetastoreResult<HivePartition> get_partition(std::string_view db, std::string_view table,
                                               const std::vector<std::string>& values);
  // In partition-name order, as the metastore lists them; max < 0 means all.
  MetastoreResult<std::vector<HivePartition>> list_partitions(std::string_view db, std::string_view table,
                                                              int max = -1);
  MetastoreResult<std::vector<std::string>> list_partition_names(std::string_view db, std::string_view table);
  MetastoreStatus drop_partition(std::string_view db, std::string_view table, const std::vector<std::string>& values);

  // SCHEMA_VERSION from VERSION ("2.3.0").
  MetastoreResult<std::string> schema_version();

  const std::string& target() const { return target_; }

 private:
  class Session;
  // One operation in one transaction on a fresh connection. read() is for operations that only
  // read: a read-only transaction (TransactionMode::kRead), nothing to log or replicate.
  template <typename T>
  MetastoreResult<T> run(const std::function<MetastoreResult<T>(Session&)>& body, TransactionMode mode);
  template <typename T>
  MetastoreResult<T> read(const std::function<MetastoreResult<T>(Session&)>& body);
  MetastoreStatus run_status(const std::function<MetastoreStatus(Session&)>& body);

  ConnectionFactory connect_;
  std::string target_;
  std::string user_;
  const Clock& clock_;
  MetastoreOptions options_;
};

}  // namespace drdrill::sql
