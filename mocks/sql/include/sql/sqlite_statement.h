#pragma once
// SqliteStatement: one prepared statement (RAII) with typed binds and typed column reads.
// Parameters are 1-based as in SQLite (`?1`, `?2`, or positional `?`); columns are 0-based.
// A statement borrows its connection, which must outlive it.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "core/status.h"
#include "sql/sql_value.h"

struct sqlite3;
struct sqlite3_stmt;

namespace drdrill::sql {

class SqliteStatement {
 public:
  SqliteStatement(SqliteStatement&& other) noexcept;
  SqliteStatement& operator=(SqliteStatement&& other) noexcept;
  SqliteStatement(const SqliteStatement&) = delete;
  SqliteStatement& operator=(const SqliteStatement&) = delete;
  ~SqliteStatement();

  Status bind_null(int index);
  Status bind(int index, std::int64_t value);
  Status bind(int index, int value) { return bind(index, static_cast<std::int64_t>(value)); }
  Status bind(int index, double value);
  Status bind(int index, std::string_view text);
  Status bind(int index, const char* text) { return bind(index, std::string_view(text)); }
  Status bind(int index, const std::string& text) { return bind(index, std::string_view(text)); }
  Status bind(int index, const Blob& blob);
  Status bind(int index, const SqlValue& value);
  // Binds values to parameters 1..n in order; n must equal the statement's parameter count.
  Status bind_all(const std::vector<SqlValue>& values);

  // Advances one row: true when a row is available, false when the statement is done.
  Result<bool> step();
  // Steps to completion, for statements that return no rows.
  Status run();
  // Makes the statement ready to run again and clears its bindings.
  void reset();

  int column_count() const;
  std::string column_name(int column) const;
  bool column_is_null(int column) const;
  // The storage class of a column's value in the current row.
  enum class ColumnType { kNull, kInteger, kFloat, kText, kBlob };
  ColumnType column_type(int column) const;
  std::int64_t column_int64(int column) const;
  double column_double(int column) const;
  std::string column_text(int column) const;
  SqlValue column_value(int column) const;
  Row row() const;

  int parameter_count() const;
  // True when running this statement cannot change the database (SELECT, and BEGIN/COMMIT,
  // which change no content). The basis of the read-only secondary's error 3906.
  bool read_only() const;
  std::string sql() const;

 private:
  friend class SqliteConnection;
  SqliteStatement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  Status check(int rc) const;

  sqlite3* db_ = nullptr;
  sqlite3_stmt* stmt_ = nullptr;
};

}  // namespace drdrill::sql
