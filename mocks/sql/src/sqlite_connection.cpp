#include "sql/sqlite_connection.h"

#include <sqlite3.h>

#include <cctype>
#include <cstring>
#include <string>
#include <utility>

#include "sql/sqlite_statement.h"

namespace drdrill::sql {
namespace {

std::string describe(int rc, std::string_view message) {
  std::string out = "SQLite: ";
  out += message;
  out += " (";
  out += sqlite3_errstr(rc);
  out += ", code ";
  out += std::to_string(rc);
  out += ")";
  return out;
}

// True when `rest` holds only whitespace and SQL comments.
bool only_trivia(std::string_view rest) {
  std::size_t i = 0;
  while (i < rest.size()) {
    const char c = rest[i];
    if (std::isspace(static_cast<unsigned char>(c)) != 0 || c == ';') {
      ++i;
    } else if (rest.substr(i, 2) == "--") {
      const auto end = rest.find('\n', i);
      i = end == std::string_view::npos ? rest.size() : end + 1;
    } else if (rest.substr(i, 2) == "/*") {
      const auto end = rest.find("*/", i + 2);
      i = end == std::string_view::npos ? rest.size() : end + 2;
    } else {
      return false;
    }
  }
  return true;
}

Result<SqliteConnection> configure(Result<SqliteConnection> opened, bool wal) {
  if (!opened.ok()) return opened;
  SqliteConnection& c = opened.value();
  sqlite3_extended_result_codes(c.handle(), 1);
  // The metastore schema declares its foreign keys; enforcing them catches a client that deletes
  // a table's rows in the wrong order, which the real metastore (on SQL Server) would refuse too.
  DRDRILL_RETURN_IF_ERROR(c.exec_script("PRAGMA foreign_keys = ON"));
  if (wal) {
    auto mode = c.prepare("PRAGMA journal_mode = WAL");
    if (!mode.ok()) return mode.status();
    auto row = mode->step();
    if (!row.ok()) return row.status();
    if (!*row || mode->column_text(0) != "wal") {
      return Status::Unavailable("SQLite: could not switch " + c.path().string() + " to WAL mode");
    }
    // NORMAL in WAL mode: a commit survives a crash of the process (the case `drdrill serve`
    // restarts from), though not necessarily a crash of the operating system.
    DRDRILL_RETURN_IF_ERROR(c.exec_script("PRAGMA synchronous = NORMAL"));
  }
  return opened;
}

// A connection belongs to one thread (see the header; a sweep's workers each build their own
// world), so SQLite's per-connection mutex only costs a lock and an unlock on every step, bind and
// column read: open in multi-thread mode rather than serialized.
constexpr int kOpenFlags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;

// SQLite keeps process-wide memory statistics by default, taking a global mutex on every
// allocation and free (~230k lock/unlock pairs per drill, the metastore's queries mostly). drdrill
// never reads them (no sqlite3_memory_used, no heap limit), so they are switched off, once, before
// the first connection opens: sqlite3_config must precede SQLite's initialisation, and is refused
// (SQLITE_MISUSE, leaving the statistics on) should anything have initialised it first.
void disable_memory_statistics_once() {
  static const int rc = sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
  (void)rc;
}

}  // namespace

Status sqlite_status(int rc, std::string_view message) {
  std::string text = describe(rc, message);
  switch (rc & 0xff) {
    case SQLITE_OK:
    case SQLITE_ROW:
    case SQLITE_DONE:
      return Status::Ok();
    case SQLITE_CONSTRAINT:
      if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY) {
        return Status::AlreadyExists(std::move(text));
      }
      return Status::FailedPrecondition(std::move(text));
    case SQLITE_READONLY:
      return Status::FailedPrecondition(std::move(text));
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_CANTOPEN:
    case SQLITE_IOERR:
    case SQLITE_FULL:
      return Status::Unavailable(std::move(text));
    case SQLITE_ERROR:
    case SQLITE_RANGE:
    case SQLITE_MISMATCH:
    case SQLITE_TOOBIG:
      return Status::InvalidArgument(std::move(text));
    default:
      return Status::Internal(std::move(text));
  }
}

Result<SqliteConnection> SqliteConnection::open_in_memory() {
  disable_memory_statistics_once();
  sqlite3* db = nullptr;
  const int rc = sqlite3_open_v2(":memory:", &db, kOpenFlags, nullptr);
  if (rc != SQLITE_OK) {
    Status s = sqlite_status(rc, db != nullptr ? sqlite3_errmsg(db) : "out of memory");
    sqlite3_close(db);
    return s;
  }
  return configure(SqliteConnection(db, {}), /*wal=*/false);
}

Result<SqliteConnection> SqliteConnection::open_file(const std::filesystem::path& path) {
  disable_memory_statistics_once();
  sqlite3* db = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &db, kOpenFlags, nullptr);
  if (rc != SQLITE_OK) {
    Status s = sqlite_status(rc, std::string(db != nullptr ? sqlite3_errmsg(db) : "out of memory") +
                                     " opening " + path.string());
    sqlite3_close(db);
    return s;
  }
  return configure(SqliteConnection(db, path), /*wal=*/true);
}

SqliteConnection::SqliteConnection(SqliteConnection&& other) noexcept
    : db_(std::exchange(other.db_, nullptr)),
      begin_(std::exchange(other.begin_, nullptr)),
      begin_deferred_(std::exchange(other.begin_deferred_, nullptr)),
      commit_(std::exchange(other.commit_, nullptr)),
      rollback_(std::exchange(other.rollback_, nullptr)),
      path_(std::move(other.path_)) {}

SqliteConnection& SqliteConnection::operator=(SqliteConnection&& other) noexcept {
  if (this != &other) {
    close();
    db_ = std::exchange(other.db_, nullptr);
    begin_ = std::exchange(other.begin_, nullptr);
    begin_deferred_ = std::exchange(other.begin_deferred_, nullptr);
    commit_ = std::exchange(other.commit_, nullptr);
    rollback_ = std::exchange(other.rollback_, nullptr);
    path_ = std::move(other.path_);
  }
  return *this;
}

SqliteConnection::~SqliteConnection() { close(); }

void SqliteConnection::close() {
  for (sqlite3_stmt** kept : {&begin_, &begin_deferred_, &commit_, &rollback_}) {
    sqlite3_finalize(*kept);  // a no-op on null
    *kept = nullptr;
  }
  if (db_ != nullptr) {
    // sqlite3_close_v2 defers the close until outstanding statements are finalized, so a
    // statement cache destroyed after the connection cannot touch freed memory.
    sqlite3_close_v2(db_);
    db_ = nullptr;
  }
}

Status SqliteConnection::last_error(int rc) const { return sqlite_status(rc, sqlite3_errmsg(db_)); }

Status SqliteConnection::exec_script(std::string_view sql) {
  const std::string text(sql);
  char* error = nullptr;
  const int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &error);
  if (rc == SQLITE_OK) return Status::Ok();
  Status s = sqlite_status(rc, error != nullptr ? error : sqlite3_errmsg(db_));
  sqlite3_free(error);
  return s;
}

Status SqliteConnection::run_kept(sqlite3_stmt*& slot, const char* sql) {
  if (slot == nullptr) {
    const int rc = sqlite3_prepare_v3(db_, sql, -1, SQLITE_PREPARE_PERSISTENT, &slot, nullptr);
    if (rc != SQLITE_OK) return last_error(rc);
  }
  const int rc = sqlite3_step(slot);
  Status s = rc == SQLITE_DONE ? Status::Ok() : last_error(rc);  // the message before reset() clears it
  sqlite3_reset(slot);
  return s;
}

Status SqliteConnection::begin_immediate() { return run_kept(begin_, "BEGIN IMMEDIATE"); }
Status SqliteConnection::begin_deferred() { return run_kept(begin_deferred_, "BEGIN"); }
Status SqliteConnection::commit() { return run_kept(commit_, "COMMIT"); }
Status SqliteConnection::rollback() { return run_kept(rollback_, "ROLLBACK"); }

Result<SqliteStatement> SqliteConnection::prepare(std::string_view sql) {
  sqlite3_stmt* stmt = nullptr;
  const char* tail = nullptr;
  const int rc = sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &stmt, &tail);
  if (rc != SQLITE_OK) return last_error(rc);
  SqliteStatement statement(db_, stmt);
  if (stmt == nullptr) return Status::InvalidArgument("SQLite: empty statement");
  const auto consumed = static_cast<std::size_t>(tail - sql.data());
  if (!only_trivia(sql.substr(consumed))) {
    return Status::InvalidArgument("SQLite: more than one statement in: " + std::string(sql));
  }
  return statement;
}

std::int64_t SqliteConnection::last_insert_rowid() const { return sqlite3_last_insert_rowid(db_); }

std::int64_t SqliteConnection::changes() const { return sqlite3_changes64(db_); }

bool SqliteConnection::autocommit() const { return sqlite3_get_autocommit(db_) != 0; }

Result<std::int64_t> SqliteConnection::schema_version() {
  auto stmt = prepare("PRAGMA schema_version");
  if (!stmt.ok()) return stmt.status();
  auto row = stmt->step();
  if (!row.ok()) return row.status();
  if (!*row) return Status::Internal("SQLite: PRAGMA schema_version returned no row");
  return stmt->column_int64(0);
}

Result<std::int64_t> SqliteConnection::size_bytes() {
  auto stmt = prepare("SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()");
  if (!stmt.ok()) return stmt.status();
  auto row = stmt->step();
  if (!row.ok()) return row.status();
  if (!*row) return Status::Internal("SQLite: page count query returned no row");
  return stmt->column_int64(0);
}

Status SqliteConnection::copy_from(SqliteConnection& source) {
  sqlite3_backup* backup = sqlite3_backup_init(db_, "main", source.db_, "main");
  if (backup == nullptr) return last_error(sqlite3_errcode(db_));
  const int step_rc = sqlite3_backup_step(backup, -1);
  const int finish_rc = sqlite3_backup_finish(backup);
  if (step_rc != SQLITE_DONE) return sqlite_status(step_rc, sqlite3_errmsg(db_));
  if (finish_rc != SQLITE_OK) return last_error(finish_rc);
  return Status::Ok();
}

Result<std::vector<unsigned char>> SqliteConnection::serialize() {
  sqlite3_int64 size = 0;
  unsigned char* bytes = sqlite3_serialize(db_, "main", &size, 0);
  if (bytes == nullptr) return Status::Internal("SQLite: could not serialize the database (out of memory)");
  std::vector<unsigned char> image(bytes, bytes + size);
  sqlite3_free(bytes);
  return image;
}

Status SqliteConnection::deserialize(const std::vector<unsigned char>& image) {
  if (is_file()) return Status::FailedPrecondition("SQLite: " + path_.string() + " is a file; images load into memory only");
  if (!autocommit()) return Status::FailedPrecondition("SQLite: cannot load an image inside a transaction");
  const auto size = static_cast<sqlite3_int64>(image.size());
  // SQLite owns (and frees) the copy, and may grow it as the database grows.
  auto* copy = static_cast<unsigned char*>(sqlite3_malloc64(static_cast<sqlite3_uint64>(image.size())));
  if (copy == nullptr && !image.empty()) return Status::Internal("SQLite: out of memory loading a database image");
  if (!image.empty()) std::memcpy(copy, image.data(), image.size());
  const int rc = sqlite3_deserialize(db_, "main", copy, size, size,
                                     SQLITE_DESERIALIZE_FREEONCLOSE | SQLITE_DESERIALIZE_RESIZEABLE);
  if (rc != SQLITE_OK) return last_error(rc);  // SQLite freed `copy` itself
  return Status::Ok();
}

}  // namespace drdrill::sql
