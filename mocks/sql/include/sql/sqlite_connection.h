#pragma once
// SqliteConnection: owns one sqlite3 handle (RAII). The storage under every simulated Azure SQL
// database: in memory for simulated drills, a file in WAL mode when served so the state survives a
// restart of `drdrill serve`.
//
// Errors come back as Status carrying SQLite's own error text and result-code name, e.g.
// "SQLite: UNIQUE constraint failed: TBLS.TBL_NAME, TBLS.DB_ID (SQLITE_CONSTRAINT_UNIQUE)".
// Not thread-safe: one connection belongs to one thread (the simulation or server thread).

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "core/status.h"

struct sqlite3;
struct sqlite3_stmt;

namespace drdrill::sql {

class SqliteStatement;

class SqliteConnection {
 public:
  // A private in-memory database; it vanishes when the connection closes.
  static Result<SqliteConnection> open_in_memory();
  // A database file (created if missing) in WAL journal mode with synchronous=NORMAL: committed
  // transactions survive a process restart (WAL is durable at checkpoint or on the next open).
  static Result<SqliteConnection> open_file(const std::filesystem::path& path);

  SqliteConnection(SqliteConnection&& other) noexcept;
  SqliteConnection& operator=(SqliteConnection&& other) noexcept;
  SqliteConnection(const SqliteConnection&) = delete;
  SqliteConnection& operator=(const SqliteConnection&) = delete;
  ~SqliteConnection();

  // Runs SQL text that has no parameters (schema scripts, PRAGMAs, BEGIN/COMMIT). Never pass
  // values through here: use prepare() and bind them.
  Status exec_script(std::string_view sql);

  // Transaction control, each statement compiled once per connection rather than on every call
  // (every metastore operation is a transaction of its own). SqliteTransaction uses these.
  Status begin_immediate();
  // A plain BEGIN: no lock until the first statement reads (for read-only transactions).
  Status begin_deferred();
  Status commit();
  Status rollback();

  // Compiles one statement. Trailing text after the first statement is an error (it would
  // otherwise be silently ignored).
  Result<SqliteStatement> prepare(std::string_view sql);

  std::int64_t last_insert_rowid() const;
  // Rows changed by the most recent INSERT/UPDATE/DELETE.
  std::int64_t changes() const;
  // True outside an explicit transaction.
  bool autocommit() const;
  // Increments on every schema change (DDL); used to notice DDL inside a transaction.
  Result<std::int64_t> schema_version();
  // page_count × page_size: what seeding has to copy.
  Result<std::int64_t> size_bytes();
  bool is_file() const { return !path_.empty(); }
  const std::filesystem::path& path() const { return path_; }

  // Copies the whole content of `source` (schema and rows) over this database with SQLite's
  // online backup API. Used to seed a geo-secondary, as Azure SQL seeds a new secondary.
  Status copy_from(SqliteConnection& source);

  // The whole database as the bytes of its file (sqlite3_serialize): an image to load elsewhere.
  Result<std::vector<unsigned char>> serialize();
  // Replaces the whole content with `image` (from serialize()), copied; the connection then keeps
  // the database in memory (SQLite's memdb), whatever it was before: for in-memory databases only.
  // Fails if a statement is running or a transaction is open.
  Status deserialize(const std::vector<unsigned char>& image);

  // The raw handle, for the session extension (sqlite_changeset.cpp). Never null while open.
  sqlite3* handle() const { return db_; }

  // The current error of this connection as a Status ("SQLite: <message> (<code name>)").
  Status last_error(int rc) const;

 private:
  SqliteConnection(sqlite3* db, std::filesystem::path path) : db_(db), path_(std::move(path)) {}
  void close();
  // Runs `sql` through the statement kept in `slot`, compiling it on first use.
  Status run_kept(sqlite3_stmt*& slot, const char* sql);

  sqlite3* db_ = nullptr;
  sqlite3_stmt* begin_ = nullptr;
  sqlite3_stmt* begin_deferred_ = nullptr;
  sqlite3_stmt* commit_ = nullptr;
  sqlite3_stmt* rollback_ = nullptr;
  std::filesystem::path path_;
};

// Translates a SQLite result code and message into a Status with a fitting code.
Status sqlite_status(int rc, std::string_view message);

}  // namespace drdrill::sql
