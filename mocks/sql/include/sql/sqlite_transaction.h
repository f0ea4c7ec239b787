#pragma once
// SqliteTransaction: a transaction guard. begin() opens it (BEGIN IMMEDIATE, so a writer takes its
// lock up front; begin_read() with a plain BEGIN, for a transaction that only reads); commit() makes it durable; destroying the guard without commit() rolls back, so
// an early `return` on error can never leave half a metastore operation behind.

#include "core/result.h"
#include "core/status.h"

namespace drdrill::sql {

class SqliteConnection;

class SqliteTransaction {
 public:
  static Result<SqliteTransaction> begin(SqliteConnection& connection);
  static Result<SqliteTransaction> begin_read(SqliteConnection& connection);

  SqliteTransaction(SqliteTransaction&& other) noexcept;
  SqliteTransaction& operator=(SqliteTransaction&&) = delete;
  SqliteTransaction(const SqliteTransaction&) = delete;
  SqliteTransaction& operator=(const SqliteTransaction&) = delete;
  ~SqliteTransaction();

  Status commit();
  Status rollback();
  bool active() const { return connection_ != nullptr; }

 private:
  explicit SqliteTransaction(SqliteConnection& connection) : connection_(&connection) {}
  SqliteConnection* connection_;  // null once committed or rolled back
};

}  // namespace drdrill::sql
