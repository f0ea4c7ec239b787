#pragma once
// Database: one Azure SQL database on a logical server, stored in a SQLite database (in memory for
// simulated drills, a WAL-mode file when served).
//
// What it models:
// - statements run with bound parameters, one at a time or inside transact();
// - the geo-secondary role: read_only() databases answer reads and refuse anything that would
//   write (DML or DDL) with error 3906, decided by SQLite itself (sqlite3_stmt_readonly), not by
//   guessing from the SQL text;
// - the transaction log: while capturing, each committed transaction becomes one CommitRecord —
//   its row changes (session-extension changesets) and any DDL statement texts, in execution
//   order — handed to a listener (geo-replication) with the time the commit was acknowledged.
//   apply() replays a record on a secondary in one transaction, so the secondary is always
//   transactionally consistent, and refuses records out of order.
//
// Availability, logins and failover windows are the server's and the service's business
// (LogicalServer, SqlService); a Database only stores and executes. Not thread-safe.

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "core/status.h"
#include "sql/sql_error.h"
#include "sql/sql_value.h"
#include "sql/sqlite_changeset.h"
#include "sql/sqlite_connection.h"
#include "sql/sqlite_statement.h"

namespace drdrill::sql {

// One statement and its parameters. `text` holds `?` placeholders, never values.
struct SqlCommand {
  std::string text;
  std::vector<SqlValue> params;
};

struct QueryResult {
  std::vector<std::string> columns;
  std::vector<Row> rows;
  std::int64_t rows_affected = 0;  // for INSERT/UPDATE/DELETE
};

// One step of a committed transaction as shipped to a secondary: either the row changes made
// since the previous step (a changeset) or one schema statement.
struct LogEntry {
  Blob changeset;          // set when schema_sql is empty
  std::string schema_sql;  // DDL text exactly as the primary ran it (DDL takes no parameters)
};

struct CommitRecord {
  std::uint64_t sequence = 0;  // 1, 2, 3, ... per database lineage: the position in its log
  TimePoint acknowledged_at;   // when COMMIT returned to the client
  std::vector<LogEntry> log;   // in execution order

  std::size_t size_bytes() const;
};

class Database;

// What a transaction may do. kRead is for lookups (the metastore's get_table on every Spark
// statement): it opens with a plain BEGIN, taking a read lock on the first read instead of the
// write lock BEGIN IMMEDIATE takes up front, refuses any statement that would write, and so never
// has row changes to collect or a commit to log.
enum class TransactionMode { kReadWrite, kRead };

// Called once a statement is compiled and before it runs, with whether it writes: where a
// connection applies injected faults. An error it returns is the statement's error.
using StatementCheck = std::function<SqlStatus(bool writes)>;
// Receives each result row while the statement sits on it; read columns through the statement.
using RowSink = std::function<void(const SqliteStatement& row)>;

// The handle a transact() body runs its statements through.
class Transaction {
 public:
  SqlResult<QueryResult> execute(const SqlCommand& command, const StatementCheck* check = nullptr);
  // Runs a statement handing its rows to `on_row` instead of collecting them (no column names,
  // no SqlValue per cell). Returns rows affected for a write, 0 otherwise.
  SqlResult<std::int64_t> query(const SqlCommand& command, const RowSink& on_row, const StatementCheck* check = nullptr);

 private:
  friend class Database;
  explicit Transaction(Database& database) : database_(database) {}
  Database& database_;
};

class Database {
 public:
  struct Options {
    std::string server;          // the logical server hosting it (for error messages)
    std::string name;
    std::filesystem::path file;  // empty: in memory
  };

  static Result<std::unique_ptr<Database>> open(Options options, const Clock& clock);

  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;
  ~Database();

  const std::string& name() const { return options_.name; }
  const std::string& server() const { return options_.server; }
  bool is_file() const { return !options_.file.empty(); }

  // The geo-secondary role: reads succeed, writes fail with 3906.
  bool read_only() const { return read_only_; }
  void set_read_only(bool read_only);
  // False while a failover moves the database (clients get 40613). Storage stays usable.
  bool online() const { return online_; }
  void set_online(bool online);
  // Changes whenever the role, availability or content (re-seeding) changes: open client
  // connections compare it to drop themselves, as Azure SQL terminates connections on failover.
  std::uint64_t generation() const { return generation_; }
  // Whether `text` would write (DML or DDL); for fault rules that target writes only.
  Result<bool> statement_writes(const std::string& text);

  // One statement in its own transaction (autocommit).
  SqlResult<QueryResult> execute(const SqlCommand& command);
  // Runs `body` in one transaction: committed if it returns success, rolled back otherwise.
  SqlStatus transact(const std::function<SqlStatus(Transaction&)>& body,
                     TransactionMode mode = TransactionMode::kReadWrite);

  // --- the log, for geo-replication ---
  using CommitListener = std::function<void(CommitRecord)>;
  // Starts recording committed transactions and handing each to `listener` (the primary role).
  Status start_capture(CommitListener listener);
  void stop_capture();
  bool capturing() const { return capture_.has_value(); }
  // Replays one primary commit (bypasses read_only(): this is the replica's own redo, not a
  // client write). Requires record.sequence == sequence() + 1.
  Status apply(const CommitRecord& record);
  // Replaces the whole content with a copy of `source` (initial seeding or re-seeding after a
  // forced failover) and takes over its log position.
  Status seed_from(Database& source);
  // Replaces the whole content with a database image (SqliteConnection::serialize), as if the
  // statements that built it had run here: not logged (so refused while capturing) and the log
  // position unchanged. For in-memory databases only; refused inside a transaction.
  Status load_image(const std::vector<unsigned char>& image);
  // The log position: the last commit made here (primary) or applied here (secondary).
  std::uint64_t sequence() const { return sequence_; }

  // Direct access to the storage, for setup (the schema tool) and inspection in tests. Writes
  // through it bypass the log and the read-only role.
  SqliteConnection& storage() { return sqlite_; }

 private:
  friend class Transaction;
  Database(Options options, SqliteConnection sqlite, const Clock& clock)
      : options_(std::move(options)), sqlite_(std::move(sqlite)), clock_(clock) {}

  // Runs one statement; `statement` is set to the compiled statement once it has run.
  SqlResult<std::int64_t> run_statement(const SqlCommand& command, const StatementCheck* check, const RowSink* on_row,
                                        SqliteStatement** statement);
  Result<SqliteStatement*> cached_statement(const std::string& text);
  Status flush_row_changes();

  Options options_;
  SqliteConnection sqlite_;
  const Clock& clock_;
  bool read_only_ = false;
  bool online_ = true;
  std::uint64_t generation_ = 1;
  bool in_transaction_ = false;
  TransactionMode mode_ = TransactionMode::kReadWrite;  // of the open transaction
  std::uint64_t sequence_ = 0;
  // Declared after sqlite_, so destroyed before it: statements and the session must go first.
  std::map<std::string, SqliteStatement, std::less<>> statements_;
  std::optional<ChangeCapture> capture_;
  std::unique_ptr<ChangesetApplier> applier_;  // created on the first apply(); reset by any DDL
  CommitListener listener_;
  std::vector<LogEntry> pending_log_;  // the open transaction's log so far
};

}  // namespace drdrill::sql
