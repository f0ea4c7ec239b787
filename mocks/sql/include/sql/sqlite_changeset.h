#pragma once
// Row-level change capture with SQLite's session extension: the model of a primary's transaction
// log. A ChangeCapture records every INSERT/UPDATE/DELETE made through one connection; take()
// hands back the changes since the last take() as a changeset (a compact binary diff keyed by
// primary key) and starts recording afresh. apply_changeset() replays one on another database.
//
// The session extension ignores tables without a declared PRIMARY KEY and does not record DDL;
// callers that need DDL on the secondary ship the statement text separately (see Database).

#include <memory>

#include "core/result.h"
#include "core/status.h"
#include "sql/sql_value.h"

struct sqlite3_session;

namespace drdrill::sql {

class SqliteConnection;

class ChangeCapture {
 public:
  // Starts recording changes to every table of `connection`'s main database. The connection must
  // outlive the capture.
  static Result<ChangeCapture> start(SqliteConnection& connection);

  ChangeCapture(ChangeCapture&& other) noexcept;
  ChangeCapture& operator=(ChangeCapture&& other) noexcept;
  ChangeCapture(const ChangeCapture&) = delete;
  ChangeCapture& operator=(const ChangeCapture&) = delete;
  ~ChangeCapture();

  // True when nothing has been recorded since the last take().
  bool empty() const;
  // The changes since the last take() (empty Blob if none); recording continues from here.
  Result<Blob> take();

 private:
  ChangeCapture(SqliteConnection& connection, sqlite3_session* session)
      : connection_(&connection), session_(session) {}
  void close();

  SqliteConnection* connection_;
  sqlite3_session* session_ = nullptr;
};

// Applies a changeset to `target`. Any conflict (a row missing, a row already present, a
// constraint failing) aborts and rolls the changeset back: a geo-secondary is an exact copy, so a
// conflict means the replica has diverged, and that is reported rather than papered over.
Status apply_changeset(SqliteConnection& target, const Blob& changeset);

}  // namespace drdrill::sql
