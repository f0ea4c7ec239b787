// The session extension's declarations are compiled in only with these macros; Debian's
// libsqlite3 is built with SQLITE_ENABLE_SESSION and SQLITE_ENABLE_PREUPDATE_HOOK.
#define SQLITE_ENABLE_SESSION 1
#define SQLITE_ENABLE_PREUPDATE_HOOK 1
#include "sql/sqlite_changeset.h"

#include <sqlite3.h>

#include <string>
#include <utility>

#include "sql/sqlite_connection.h"
#include "sql/sqlite_statement.h"

namespace drdrill::sql {
namespace {

struct ConflictReport {
  int first_conflict = 0;  // SQLITE_CHANGESET_* of the first conflict seen, 0 if none
  std::string table;
};

int abort_on_conflict(void* context, int conflict, sqlite3_changeset_iter* iter) {
  auto* report = static_cast<ConflictReport*>(context);
  if (report->first_conflict == 0) {
    report->first_conflict = conflict;
    const char* table = nullptr;
    int columns = 0;
    int op = 0;
    int indirect = 0;
    if (sqlite3changeset_op(iter, &table, &columns, &op, &indirect) == SQLITE_OK && table != nullptr) {
      report->table = table;
    }
  }
  return SQLITE_CHANGESET_ABORT;
}

const char* conflict_name(int conflict) {
  switch (conflict) {
    case SQLITE_CHANGESET_DATA: return "row differs from the changeset's old values";
    case SQLITE_CHANGESET_NOTFOUND: return "row not found";
    case SQLITE_CHANGESET_CONFLICT: return "row already exists";
    case SQLITE_CHANGESET_CONSTRAINT: return "constraint failed";
    case SQLITE_CHANGESET_FOREIGN_KEY: return "foreign key constraint failed";
    default: return "unknown conflict";
  }
}

}  // namespace

Result<ChangeCapture> ChangeCapture::start(SqliteConnection& connection) {
  sqlite3_session* session = nullptr;
  int rc = sqlite3session_create(connection.handle(), "main", &session);
  if (rc != SQLITE_OK) return connection.last_error(rc);
  ChangeCapture capture(connection, session);
  rc = sqlite3session_attach(session, nullptr);  // every table, including ones created later
  if (rc != SQLITE_OK) return connection.last_error(rc);
  return capture;
}

ChangeCapture::ChangeCapture(ChangeCapture&& other) noexcept
    : connection_(other.connection_), session_(std::exchange(other.session_, nullptr)) {}

ChangeCapture& ChangeCapture::operator=(ChangeCapture&& other) noexcept {
  if (this != &other) {
    close();
    connection_ = other.connection_;
    session_ = std::exchange(other.session_, nullptr);
  }
  return *this;
}

ChangeCapture::~ChangeCapture() { close(); }

void ChangeCapture::close() {
  if (session_ != nullptr) {
    sqlite3session_delete(session_);
    session_ = nullptr;
  }
}

bool ChangeCapture::empty() const { return session_ == nullptr || sqlite3session_isempty(session_) != 0; }

Result<Blob> ChangeCapture::take() {
  if (session_ == nullptr) return Status::FailedPrecondition("SQLite: change capture is closed");
  if (sqlite3session_isempty(session_) != 0) return Blob{};
  int size = 0;
  void* data = nullptr;
  const int rc = sqlite3session_changeset(session_, &size, &data);
  if (rc != SQLITE_OK) return connection_->last_error(rc);
  Blob out(static_cast<const std::uint8_t*>(data), static_cast<const std::uint8_t*>(data) + size);
  sqlite3_free(data);
  // A session has no reset: a fresh one records from here on. Creating one is cheap (no I/O).
  auto fresh = start(*connection_);
  if (!fresh.ok()) return fresh.status();
  *this = std::move(fresh.value());
  return out;
}

namespace {

std::string quote_identifier(std::string_view name) {
  std::string out = "\"";
  for (char c : name) {
    out += c;
    if (c == '"') out += '"';
  }
  out += '"';
  return out;
}

// Finalizes the iterator however apply() leaves.
struct IteratorGuard {
  sqlite3_changeset_iter* iter = nullptr;
  ~IteratorGuard() {
    if (iter != nullptr) sqlite3changeset_finalize(iter);
  }
};

}  // namespace

ChangesetApplier::~ChangesetApplier() { forget_schema(); }

void ChangesetApplier::forget_schema() {
  for (auto& [key, stmt] : statements_) sqlite3_finalize(stmt);
  statements_.clear();
  shapes_.clear();
}

Result<const ChangesetApplier::Shape*> ChangesetApplier::shape(const std::string& table) {
  if (auto it = shapes_.find(table); it != shapes_.end()) return &it->second;
  auto info = target_->prepare("SELECT name FROM pragma_table_info(?) ORDER BY cid");
  if (!info.ok()) return info.status();
  DRDRILL_RETURN_IF_ERROR(info->bind(1, table));
  Shape shape;
  for (;;) {
    auto row = info->step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    shape.columns.push_back(quote_identifier(info->column_text(0)));
  }
  if (shape.columns.empty()) return Status::Internal("SQLite: changeset names table " + table + ", which does not exist");
  return &shapes_.emplace(table, std::move(shape)).first->second;
}

Result<sqlite3_stmt*> ChangesetApplier::statement(const std::string& key, const std::string& sql) {
  if (auto it = statements_.find(key); it != statements_.end()) return it->second;
  sqlite3_stmt* stmt = nullptr;
  const int rc = sqlite3_prepare_v3(target_->handle(), sql.c_str(), static_cast<int>(sql.size()),
                                    SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
  if (rc != SQLITE_OK) return target_->last_error(rc);
  statements_.emplace(key, stmt);
  return stmt;
}

Status ChangesetApplier::apply(const Blob& changeset) {
  if (changeset.empty()) return Status::Ok();
  // Rows arrive grouped by table, not in the order they were written, so a child can come before
  // its parent; like sqlite3changeset_apply, check foreign keys at COMMIT instead.
  DRDRILL_RETURN_IF_ERROR(target_->exec_script("PRAGMA defer_foreign_keys = ON"));
  IteratorGuard guard;
  auto* data = const_cast<std::uint8_t*>(changeset.data());
  int rc = sqlite3changeset_start(&guard.iter, static_cast<int>(changeset.size()), data);
  if (rc != SQLITE_OK) return target_->last_error(rc);
  while ((rc = sqlite3changeset_next(guard.iter)) == SQLITE_ROW) {
    const char* table_name = nullptr;
    int columns = 0;
    int op = 0;
    int indirect = 0;
    rc = sqlite3changeset_op(guard.iter, &table_name, &columns, &op, &indirect);
    if (rc != SQLITE_OK) return target_->last_error(rc);
    const std::string table(table_name);
    auto shape_or = shape(table);
    if (!shape_or.ok()) return shape_or.status();
    const Shape& s = **shape_or;
    if (static_cast<int>(s.columns.size()) != columns) {
      return Status::Internal("SQLite: changeset has " + std::to_string(columns) + " columns for table " + table +
                              ", which has " + std::to_string(s.columns.size()) + " (the replica has diverged)");
    }
    unsigned char* pk = nullptr;
    rc = sqlite3changeset_pk(guard.iter, &pk, nullptr);
    if (rc != SQLITE_OK) return target_->last_error(rc);

    // Which values each statement binds, in parameter order: (column, old or new image).
    std::vector<std::pair<int, bool>> binds;  // bool: true = new value
    // The statement cache key: table, "|", the operation, then for UPDATE/DELETE one character per
    // column saying which images the statement uses ('o' old in WHERE, 'b' both, 'n' new, '-').
    std::string key = table;
    const std::size_t mask_at = table.size() + 2;
    std::string sql;
    const std::string quoted_table = quote_identifier(table);
    if (op == SQLITE_INSERT) {
      key += "|I";
      sql = "INSERT INTO " + quoted_table + " (";
      std::string values;
      for (int c = 0; c < columns; ++c) {
        sql += (c > 0 ? ", " : "") + s.columns[static_cast<std::size_t>(c)];
        values += c > 0 ? ", ?" : "?";
        binds.emplace_back(c, true);
      }
      sql += ") VALUES (" + values + ")";
    } else {
      // Old values present in the changeset: every column for DELETE; the key and the changed
      // columns for UPDATE. All must match the replica's row.
      std::string set;
      std::string where;
      key += op == SQLITE_DELETE ? "|D" : "|U";
      std::vector<int> changed;
      for (int c = 0; c < columns; ++c) {
        sqlite3_value* old_value = nullptr;
        rc = sqlite3changeset_old(guard.iter, c, &old_value);
        if (rc != SQLITE_OK) return target_->last_error(rc);
        sqlite3_value* new_value = nullptr;
        if (op == SQLITE_UPDATE) {
          rc = sqlite3changeset_new(guard.iter, c, &new_value);
          if (rc != SQLITE_OK) return target_->last_error(rc);
        }
        if (new_value != nullptr) changed.push_back(c);
        const bool in_where = old_value != nullptr && (op == SQLITE_DELETE || pk[c] != 0 || new_value != nullptr);
        key += new_value != nullptr ? (in_where ? 'b' : 'n') : (in_where ? 'o' : '-');
        if (in_where) {
          where += (where.empty() ? "" : " AND ") + s.columns[static_cast<std::size_t>(c)] + " IS ?";
        }
      }
      if (op == SQLITE_UPDATE) {
        for (int c : changed) {
          set += (set.empty() ? "" : ", ") + s.columns[static_cast<std::size_t>(c)] + " = ?";
          binds.emplace_back(c, true);
        }
        if (changed.empty()) continue;  // nothing to change
        sql = "UPDATE " + quoted_table + " SET " + set + " WHERE " + where;
      } else {
        sql = "DELETE FROM " + quoted_table + " WHERE " + where;
      }
      for (int c = 0; c < columns; ++c) {
        const char use = key[mask_at + static_cast<std::size_t>(c)];
        if (use == 'b' || use == 'o') {
          binds.emplace_back(c, false);
        }
      }
    }
    auto stmt_or = statement(key, sql);
    if (!stmt_or.ok()) return stmt_or.status();
    sqlite3_stmt* stmt = *stmt_or;
    int index = 1;
    for (const auto& [column, use_new] : binds) {
      sqlite3_value* value = nullptr;
      rc = use_new ? sqlite3changeset_new(guard.iter, column, &value) : sqlite3changeset_old(guard.iter, column, &value);
      if (rc != SQLITE_OK) return target_->last_error(rc);
      rc = sqlite3_bind_value(stmt, index++, value);
      if (rc != SQLITE_OK) return target_->last_error(rc);
    }
    rc = sqlite3_step(stmt);
    const Status stepped = rc == SQLITE_DONE ? Status::Ok() : target_->last_error(rc);
    sqlite3_reset(stmt);
    sqlite3_clear_bindings(stmt);
    if (!stepped.ok()) {
      return Status::Internal("SQLite: changeset conflict on table " + table + ": " + stepped.message() +
                              " (the replica has diverged)");
    }
    if (op != SQLITE_INSERT && target_->changes() != 1) {
      return Status::Internal("SQLite: changeset conflict on table " + table + ": " +
                              (op == SQLITE_DELETE ? "row to delete" : "row to update") +
                              " not found as the primary had it (the replica has diverged)");
    }
  }
  if (rc != SQLITE_DONE && rc != SQLITE_OK) return target_->last_error(rc);
  return Status::Ok();
}

Status apply_changeset(SqliteConnection& target, const Blob& changeset) {
  if (changeset.empty()) return Status::Ok();
  ConflictReport report;
  // sqlite3changeset_apply takes a non-const buffer but does not modify it.
  auto* data = const_cast<std::uint8_t*>(changeset.data());
  const int rc = sqlite3changeset_apply(target.handle(), static_cast<int>(changeset.size()), data,
                                        nullptr, abort_on_conflict, &report);
  if (report.first_conflict != 0) {
    return Status::Internal("SQLite: changeset conflict on table " + report.table + ": " +
                            conflict_name(report.first_conflict) + " (the replica has diverged)");
  }
  if (rc != SQLITE_OK) return target.last_error(rc);
  return Status::Ok();
}

}  // namespace drdrill::sql
