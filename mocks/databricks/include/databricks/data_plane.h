#pragma once
// The seam between the workspace's control plane and the data a cluster reaches.
//
// What a cluster reads and writes is decided by its Spark conf, exactly as in the seed walkthrough
// (shared/reference/seed-dr-strategy-hive-external-metastore.txt):
// - the Hive metastore: spark.hadoop.javax.jdo.option.ConnectionURL / ConnectionUserName /
//   ConnectionPassword / ConnectionDriverName and spark.sql.hive.metastore.version select the SQL
//   server and database (the primary, the geo-secondary, or a failover group listener);
// - storage: account keys (fs.azure.account.key.<account>.dfs.core.windows.net) and the workspace's
//   mount points select the endpoint, primary or "-secondary".
// When a cluster's driver comes up (start, restart, edit of a running cluster) the workspace
// resolves secret references, reads that configuration into a ClusterDataConfig and asks the
// DataPlane for a session: one per driver process, because a JVM's DNS cache and JDBC pool live
// exactly that long (a restart is what makes a cluster see a failed-over listener).
//
// The workspace fake depends only on these interfaces. The drill wires an implementation over the
// storage and SQL fakes; tests use a hand-written fake. Without a DataPlane, clusters run with no
// session and tasks that need data fail with a clear message.

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "core/time.h"
#include "databricks/mounts.h"

namespace drdrill::databricks {

// The external Hive metastore a cluster's conf points at.
struct MetastoreSettings {
  std::string jdbc_url;  // "jdbc:sqlserver://srv.database.windows.net:1433;database=hms;..."
  std::string user;
  std::string password;  // resolved from a secret reference where the conf had one
  std::string driver;    // "com.microsoft.sqlserver.jdbc.SQLServerDriver"
  std::string version;   // spark.sql.hive.metastore.version, e.g. "2.3.7"
};

// Everything a driver process learns from its cluster's configuration when it starts.
struct ClusterDataConfig {
  std::string workspace;  // WorkspaceConfig::name
  std::string region;
  std::string cluster_id;
  TimePoint started_at;
  // Spark conf with secret references resolved.
  std::map<std::string, std::string> spark_conf;
  // Absent when the conf names no external metastore (the workspace's built-in one, not modelled).
  std::optional<MetastoreSettings> metastore;
  // Storage account name -> access key, from fs.azure.account.key.<account>.dfs|blob.core.windows.net.
  std::map<std::string, std::string> storage_account_keys;
  // The workspace's mounts when the driver started (dbutils caches them until refreshMounts()).
  MountTable mounts;

  // Reads the metastore and storage settings out of a resolved Spark conf (keys with or without
  // the "spark.hadoop." prefix; the prefixed form wins when both are present).
  static ClusterDataConfig from_spark_conf(std::map<std::string, std::string> resolved_conf);
};

// One write underneath an acknowledged write, named as the storage or SQL fake's replication ledger
// names it, so the drill can join when (and whether) it reached the secondary:
// - storage: store "storage:<account>", target "<container>/<blob>" (storage::ReplicationRecord's
//   target for its PutBlob), etag;
// - SQL: store "sql:<server>/<database>", sequence = the commit's position in the database's log
//   (sql::CommitEvent::sequence; 0 when the database was not a geo-primary).
struct UnderlyingWrite {
  std::string store;
  std::string target;
  std::uint64_t sequence = 0;
  std::string etag;
  std::int64_t bytes = 0;
  TimePoint acknowledged_at;
};

// One write a task's data session acknowledged: a row insert, a Delta commit, a metastore change.
// The drill's ledger records it with its time, to count what an unplanned failover lost.
struct AcknowledgedWrite {
  std::string store;   // what took the write: "sql:<server>/<database>", "storage:<account>"
  std::string object;  // table name or blob path
  std::int64_t rows = 0;
  std::int64_t bytes = 0;
  TimePoint acknowledged_at;
  // What kind of write: "delta_commit" (a Delta version, with or without a metastore change),
  // "metastore" (DDL that changes only the metastore); empty when the session says nothing more.
  std::string kind;
  std::string operation;            // Delta commitInfo.operation or the DDL: WRITE, CREATE TABLE, ADD COLUMNS, ...
  std::int64_t delta_version = -1;  // the version committed, -1 for none
  std::vector<UnderlyingWrite> underlying;  // in the order they were acknowledged
};

// --- SQL on a cluster (notebook cells, the SQL Statement Execution API) ---

struct SqlColumn {
  std::string name;
  std::string type_name;  // Statement API ColumnInfo.type_name: INT, LONG, STRING, ...
  std::string type_text;  // as SQL spells it: INT, BIGINT, STRING, ...
};

struct SqlResultSet {
  std::vector<SqlColumn> columns;
  std::vector<std::vector<std::optional<std::string>>> rows;  // every value as text, NULL as nullopt
};

// A named parameter marker (":name") of the Statement API: value as text (nullopt: NULL) and the
// SQL type it is read as (STRING when empty).
struct SqlParameter {
  std::string name;
  std::optional<std::string> value;
  std::string type;
};

struct SqlRequest {
  std::string text;
  // A notebook cell may hold several ';'-separated statements (the last one's result is returned);
  // the Statement API takes exactly one.
  bool allow_multiple_statements = false;
  std::string current_database = "default";  // USE changes it; see SqlOutcome::current_database
  std::vector<SqlParameter> parameters;
};

struct SqlFailure {
  std::string error_code;   // Statement API status.error.error_code (BAD_REQUEST, IO_ERROR, ...)
  std::string message;      // "[PARSE_SYNTAX_ERROR] ...", "Operation failed: ..., 403, PUT, ..."
  std::string sql_state;    // "42601"; empty when unknown
  std::string error_class;  // Spark's error class; empty when none
  std::string cause;        // the countable kind: "storage.write_refused", "metastore.read_only", ...
};

struct SqlOutcome {
  std::optional<SqlFailure> failure;  // set: the statement (or the first failing one) failed
  SqlResultSet result;                // the last statement's result
  std::vector<AcknowledgedWrite> writes;  // acknowledged by the statements that succeeded
  std::string current_database;       // after the statements ran
};

// What a task's code can do against the data a cluster reaches. One per driver process; owned by
// the workspace while the cluster runs and shared with the tasks running on it (a task may outlive
// its cluster's RUNNING state by an instant; the session must then refuse rather than crash).
// Errors are operating errors (Status): Unavailable when the metastore or storage cannot be reached,
// FailedPrecondition for a refused write (a read-only secondary), NotFound for a missing table.
class ClusterDataSession {
 public:
  virtual ~ClusterDataSession() = default;

  // Inserts `rows` rows into `table` (metastore name, "db.table"); returns what was acknowledged.
  virtual Result<AcknowledgedWrite> insert_rows(std::string_view table, std::int64_t rows) = 0;
  // Counts the rows of `table` as a reader on this cluster sees them.
  virtual Result<std::int64_t> count_rows(std::string_view table) = 0;
  // Runs SQL on this cluster. Sessions that model no SQL engine refuse with BAD_REQUEST.
  virtual SqlOutcome execute_sql(const SqlRequest& request);
};

class DataPlane {
 public:
  virtual ~DataPlane() = default;
  // Called when a cluster's driver comes up. May return null (the cluster then has no data access)
  // but should rather return a session whose calls fail with the reason.
  virtual std::shared_ptr<ClusterDataSession> open_session(const ClusterDataConfig& config) = 0;
};

}  // namespace drdrill::databricks
