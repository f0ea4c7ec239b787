#pragma once
// Row-level change capture with SQLite's session extension: the model of a primary's transaction
// log. A ChangeCapture records every INSERT/UPDATE/DELETE made through one connection; take()
// hands back the changes since the last take() as a changeset (a compact binary diff keyed by
// primary key) and starts recording afresh. apply_changeset() replays one on another database.
//
// The session extension ignores tables without a declared PRIMARY KEY and does not record DDL;
// callers that need DDL on the secondary ship the statement text separately (see Database).

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/result.h"
#include "core/status.h"
#include "sql/sql_value.h"

struct sqlite3_session;
struct sqlite3_stmt;

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

// Applies changesets to one connection, keeping its prepared statements between calls.
//
// sqlite3changeset_apply() prepares fresh INSERT/UPDATE/DELETE/SELECT statements and re-reads the
// table layout for every table of every changeset; for a metastore commit that touches ten tables
// that was most of the cost of replication. This applier reads the same changesets with SQLite's
// changeset iterator and runs cached statements, with the same strictness: an INSERT must not
// find its row, an UPDATE or DELETE must find the row exactly as the primary had it (every old
// value the changeset carries must match), or the whole apply fails. Foreign keys are checked at
// the end of the caller's transaction (deferred), as sqlite3changeset_apply does.
//
// Call forget_schema() after any DDL on the target: cached table layouts go stale.
class ChangesetApplier {
 public:
  explicit ChangesetApplier(SqliteConnection& target) : target_(&target) {}
  ChangesetApplier(const ChangesetApplier&) = delete;
  ChangesetApplier& operator=(const ChangesetApplier&) = delete;
  ~ChangesetApplier();

  // Applies every change; on failure some may already be applied, so run it inside a transaction
  // (and roll back on error).
  Status apply(const Blob& changeset);
  void forget_schema();

 private:
  struct Shape {
    std::vector<std::string> columns;  // quoted column names, in table order
  };
  Result<const Shape*> shape(const std::string& table);
  Result<sqlite3_stmt*> statement(const std::string& key, const std::string& sql);

  SqliteConnection* target_;
  std::map<std::string, Shape> shapes_;
  std::map<std::string, sqlite3_stmt*> statements_;  // owned; finalized on forget_schema/destruction
};

// Applies a changeset to `target` with sqlite3changeset_apply. Any conflict (a row missing, a row already present, a
// constraint failing) aborts and rolls the changeset back: a geo-secondary is an exact copy, so a
// conflict means the replica has diverged, and that is reported rather than papered over.
Status apply_changeset(SqliteConnection& target, const Blob& changeset);

}  // namespace drdrill::sql
