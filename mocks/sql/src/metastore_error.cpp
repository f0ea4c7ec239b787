#include "sql/metastore_error.h"

namespace drdrill::sql {
namespace {

std::string jdbc_exception(const SqlError& error) {
  return "com.microsoft.sqlserver.jdbc.SQLServerException: " + error.message;
}

}  // namespace

std::string_view to_string(MetastoreError::Kind kind) {
  switch (kind) {
    case MetastoreError::Kind::kNoSuchObject: return "NoSuchObjectException";
    case MetastoreError::Kind::kAlreadyExists: return "AlreadyExistsException";
    case MetastoreError::Kind::kInvalidObject: return "InvalidObjectException";
    case MetastoreError::Kind::kInvalidOperation: return "InvalidOperationException";
    case MetastoreError::Kind::kMeta: return "MetaException";
  }
  return "MetaException";
}

MetastoreError MetastoreError::from_sql(SqlError error) {
  MetastoreError e;
  e.kind = Kind::kMeta;
  e.message = jdbc_exception(error);
  e.sql = std::move(error);
  return e;
}

MetastoreError MetastoreError::cannot_connect(const std::string& target, const std::string& user, SqlError error) {
  MetastoreError e;
  e.kind = Kind::kMeta;
  e.message = "Unable to open a test connection to the given database. JDBC url = " + target + ", username = " +
              user + ". Original Exception: " + jdbc_exception(error);
  e.sql = std::move(error);
  return e;
}

std::string MetastoreError::to_string() const {
  return std::string(drdrill::sql::to_string(kind)) + "(message:" + message + ")";
}

}  // namespace drdrill::sql
