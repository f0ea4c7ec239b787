#pragma once
// MetastoreError: what the Hive metastore's API throws — NoSuchObjectException,
// AlreadyExistsException, InvalidObjectException, InvalidOperationException, MetaException — with
// the SQL Server error underneath when the database refused (login failed, read-only secondary,
// database unavailable). The Databricks fake turns these into its own error shapes; a drill reads
// the SQL error number to tell a stale JDBC URL (3906) from a missing login (18456).

#include <optional>
#include <string>

#include "sql/outcome.h"
#include "sql/sql_error.h"

namespace drdrill::sql {

struct MetastoreError {
  enum class Kind { kNoSuchObject, kAlreadyExists, kInvalidObject, kInvalidOperation, kMeta };

  Kind kind = Kind::kMeta;
  std::string message;
  std::optional<SqlError> sql;  // set when the backing database raised the error

  static MetastoreError no_such_object(std::string message) { return {Kind::kNoSuchObject, std::move(message), {}}; }
  static MetastoreError already_exists(std::string message) { return {Kind::kAlreadyExists, std::move(message), {}}; }
  static MetastoreError invalid_object(std::string message) { return {Kind::kInvalidObject, std::move(message), {}}; }
  static MetastoreError invalid_operation(std::string message) {
    return {Kind::kInvalidOperation, std::move(message), {}};
  }
  static MetastoreError meta(std::string message) { return {Kind::kMeta, std::move(message), {}}; }
  // A SQL error inside an operation, wrapped the way the JDBC driver names it.
  static MetastoreError from_sql(SqlError error);
  // A failure to obtain a connection at all (DataNucleus' "Unable to open a test connection").
  static MetastoreError cannot_connect(const std::string& target, const std::string& user, SqlError error);

  // Retrying can help: the underlying SQL error is transient.
  bool is_transient() const { return sql && sql->is_transient(); }
  // The SQL Server error number underneath, 0 if none.
  int sql_number() const { return sql ? sql->number : 0; }
  // "NoSuchObjectException(message:default.sales table not found)"
  std::string to_string() const;
};

std::string_view to_string(MetastoreError::Kind kind);

template <typename T>
using MetastoreResult = Outcome<T, MetastoreError>;
using MetastoreStatus = Outcome<void, MetastoreError>;

}  // namespace drdrill::sql
