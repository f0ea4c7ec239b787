#include "sql/sqlite_statement.h"

#include <sqlite3.h>

#include <string>
#include <type_traits>
#include <utility>

#include "sql/sqlite_connection.h"

namespace drdrill::sql {

SqliteStatement::SqliteStatement(SqliteStatement&& other) noexcept
    : db_(std::exchange(other.db_, nullptr)), stmt_(std::exchange(other.stmt_, nullptr)) {}

SqliteStatement& SqliteStatement::operator=(SqliteStatement&& other) noexcept {
  if (this != &other) {
    sqlite3_finalize(stmt_);
    db_ = std::exchange(other.db_, nullptr);
    stmt_ = std::exchange(other.stmt_, nullptr);
  }
  return *this;
}

SqliteStatement::~SqliteStatement() { sqlite3_finalize(stmt_); }

Status SqliteStatement::check(int rc) const {
  if (rc == SQLITE_OK) return Status::Ok();
  return sqlite_status(rc, sqlite3_errmsg(db_));
}

Status SqliteStatement::bind_null(int index) { return check(sqlite3_bind_null(stmt_, index)); }

Status SqliteStatement::bind(int index, std::int64_t value) {
  return check(sqlite3_bind_int64(stmt_, index, value));
}

Status SqliteStatement::bind(int index, double value) {
  return check(sqlite3_bind_double(stmt_, index, value));
}

Status SqliteStatement::bind(int index, std::string_view text) {
  return check(sqlite3_bind_text64(stmt_, index, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8));
}

Status SqliteStatement::bind(int index, const Blob& blob) {
  return check(sqlite3_bind_blob64(stmt_, index, blob.data(), blob.size(), SQLITE_TRANSIENT));
}

Status SqliteStatement::bind(int index, const SqlValue& value) {
  return std::visit(
      [&](const auto& v) -> Status {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, std::nullptr_t>) {
          return bind_null(index);
        } else if constexpr (std::is_same_v<T, std::string>) {
          return bind(index, std::string_view(v));
        } else {
          return bind(index, v);
        }
      },
      value);
}

Status SqliteStatement::bind_all(const std::vector<SqlValue>& values) {
  if (static_cast<int>(values.size()) != parameter_count()) {
    return Status::InvalidArgument("SQLite: statement takes " + std::to_string(parameter_count()) +
                                   " parameters, " + std::to_string(values.size()) + " given: " + sql());
  }
  for (std::size_t i = 0; i < values.size(); ++i) {
    DRDRILL_RETURN_IF_ERROR(bind(static_cast<int>(i) + 1, values[i]));
  }
  return Status::Ok();
}

Result<bool> SqliteStatement::step() {
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return sqlite_status(rc, sqlite3_errmsg(db_));
}

Status SqliteStatement::run() {
  for (;;) {
    auto more = step();
    if (!more.ok()) return more.status();
    if (!*more) return Status::Ok();
  }
}

void SqliteStatement::reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

int SqliteStatement::column_count() const { return sqlite3_column_count(stmt_); }

std::string SqliteStatement::column_name(int column) const {
  const char* name = sqlite3_column_name(stmt_, column);
  return name != nullptr ? name : "";
}

bool SqliteStatement::column_is_null(int column) const {
  return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}

SqliteStatement::ColumnType SqliteStatement::column_type(int column) const {
  switch (sqlite3_column_type(stmt_, column)) {
    case SQLITE_INTEGER: return ColumnType::kInteger;
    case SQLITE_FLOAT: return ColumnType::kFloat;
    case SQLITE_TEXT: return ColumnType::kText;
    case SQLITE_BLOB: return ColumnType::kBlob;
    default: return ColumnType::kNull;
  }
}

std::int64_t SqliteStatement::column_int64(int column) const { return sqlite3_column_int64(stmt_, column); }

double SqliteStatement::column_double(int column) const { return sqlite3_column_double(stmt_, column); }

std::string SqliteStatement::column_text(int column) const {
  const auto* text = sqlite3_column_text(stmt_, column);
  if (text == nullptr) return {};
  return std::string(reinterpret_cast<const char*>(text), static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column)));
}

SqlValue SqliteStatement::column_value(int column) const {
  switch (sqlite3_column_type(stmt_, column)) {
    case SQLITE_INTEGER: return column_int64(column);
    case SQLITE_FLOAT: return column_double(column);
    case SQLITE_TEXT: return column_text(column);
    case SQLITE_BLOB: {
      const auto* data = static_cast<const std::uint8_t*>(sqlite3_column_blob(stmt_, column));
      const auto size = static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column));
      return Blob(data, data + size);
    }
    default: return nullptr;
  }
}

Row SqliteStatement::row() const {
  Row out;
  const int n = column_count();
  out.reserve(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) out.push_back(column_value(i));
  return out;
}

int SqliteStatement::parameter_count() const { return sqlite3_bind_parameter_count(stmt_); }

bool SqliteStatement::read_only() const { return sqlite3_stmt_readonly(stmt_) != 0; }

std::string SqliteStatement::sql() const {
  const char* text = sqlite3_sql(stmt_);
  return text != nullptr ? text : "";
}

}  // namespace drdrill::sql
