// The session extension's declarations are compiled in only with these macros; Debian's
// libsqlite3 is built with SQLITE_ENABLE_SESSION and SQLITE_ENABLE_PREUPDATE_HOOK.
#define SQLITE_ENABLE_SESSION 1
#define SQLITE_ENABLE_PREUPDATE_HOOK 1
#include "sql/sqlite_changeset.h"

#include <sqlite3.h>

#include <string>
#include <utility>

#include "sql/sqlite_connection.h"

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
