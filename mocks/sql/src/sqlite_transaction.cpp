#include "sql/sqlite_transaction.h"

#include <utility>

#include "sql/sqlite_connection.h"

namespace drdrill::sql {

Result<SqliteTransaction> SqliteTransaction::begin(SqliteConnection& connection) {
  if (!connection.autocommit()) {
    return Status::FailedPrecondition("SQLite: a transaction is already open on this connection");
  }
  DRDRILL_RETURN_IF_ERROR(connection.begin_immediate());
  return SqliteTransaction(connection);
}

Result<SqliteTransaction> SqliteTransaction::begin_read(SqliteConnection& connection) {
  if (!connection.autocommit()) {
    return Status::FailedPrecondition("SQLite: a transaction is already open on this connection");
  }
  DRDRILL_RETURN_IF_ERROR(connection.begin_deferred());
  return SqliteTransaction(connection);
}

SqliteTransaction::SqliteTransaction(SqliteTransaction&& other) noexcept
    : connection_(std::exchange(other.connection_, nullptr)) {}

SqliteTransaction::~SqliteTransaction() {
  if (connection_ != nullptr) (void)rollback();
}

Status SqliteTransaction::commit() {
  if (connection_ == nullptr) return Status::FailedPrecondition("SQLite: transaction already finished");
  Status s = connection_->commit();
  if (!s.ok()) {
    (void)rollback();
    return s;
  }
  connection_ = nullptr;
  return Status::Ok();
}

Status SqliteTransaction::rollback() {
  if (connection_ == nullptr) return Status::FailedPrecondition("SQLite: transaction already finished");
  SqliteConnection* c = std::exchange(connection_, nullptr);
  // A failed statement may already have rolled the transaction back (SQLite does so on some
  // errors); ROLLBACK outside a transaction is then an error we can ignore.
  if (c->autocommit()) return Status::Ok();
  return c->rollback();
}

}  // namespace drdrill::sql
