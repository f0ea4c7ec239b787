#include "lakehouse/data_error.h"

#include <utility>

namespace drdrill::lakehouse {

std::string_view to_string(DataErrorKind kind) {
  switch (kind) {
    case DataErrorKind::kParse: return "parse";
    case DataErrorKind::kAnalysis: return "analysis";
    case DataErrorKind::kTableNotFound: return "table_not_found";
    case DataErrorKind::kDatabaseNotFound: return "database_not_found";
    case DataErrorKind::kAlreadyExists: return "already_exists";
    case DataErrorKind::kUnsupported: return "unsupported";
    case DataErrorKind::kMissingTransactionLog: return "delta.missing_transaction_log";
    case DataErrorKind::kLogVersionGap: return "delta.log_version_gap";
    case DataErrorKind::kMissingDataFile: return "delta.missing_data_file";
    case DataErrorKind::kCorruptLog: return "delta.corrupt_log";
    case DataErrorKind::kCommitConflict: return "delta.commit_conflict";
    case DataErrorKind::kSchemaMismatch: return "delta.schema_mismatch";
    case DataErrorKind::kStorageWriteRefused: return "storage.write_refused";
    case DataErrorKind::kStorageReadRefused: return "storage.read_refused";
    case DataErrorKind::kStorageAuth: return "storage.auth";
    case DataErrorKind::kStorageNotFound: return "storage.not_found";
    case DataErrorKind::kStorageUnavailable: return "storage.unavailable";
    case DataErrorKind::kStorageOther: return "storage.other";
    case DataErrorKind::kMetastoreReadOnly: return "metastore.read_only";
    case DataErrorKind::kMetastoreLoginFailed: return "metastore.login_failed";
    case DataErrorKind::kMetastoreUnavailable: return "metastore.unavailable";
    case DataErrorKind::kMetastoreOther: return "metastore.other";
    case DataErrorKind::kMetastoreNotConfigured: return "metastore.not_configured";
  }
  return "unknown";
}

std::string_view DataError::statement_error_code() const {
  switch (kind) {
    case DataErrorKind::kParse:
    case DataErrorKind::kAnalysis:
    case DataErrorKind::kUnsupported:
    case DataErrorKind::kSchemaMismatch:
      return "BAD_REQUEST";
    case DataErrorKind::kTableNotFound:
    case DataErrorKind::kDatabaseNotFound:
      return "NOT_FOUND";
    case DataErrorKind::kAlreadyExists: return "ALREADY_EXISTS";
    case DataErrorKind::kCommitConflict: return "ABORTED";
    case DataErrorKind::kMissingTransactionLog:
    case DataErrorKind::kLogVersionGap:
    case DataErrorKind::kMissingDataFile:
    case DataErrorKind::kCorruptLog:
    case DataErrorKind::kStorageWriteRefused:
    case DataErrorKind::kStorageReadRefused:
    case DataErrorKind::kStorageAuth:
    case DataErrorKind::kStorageNotFound:
    case DataErrorKind::kStorageOther:
      return "IO_ERROR";
    case DataErrorKind::kStorageUnavailable:
    case DataErrorKind::kMetastoreUnavailable:
      return "TEMPORARILY_UNAVAILABLE";
    case DataErrorKind::kMetastoreReadOnly:
    case DataErrorKind::kMetastoreLoginFailed:
    case DataErrorKind::kMetastoreOther:
    case DataErrorKind::kMetastoreNotConfigured:
      return "INTERNAL_ERROR";
  }
  return "UNKNOWN";
}

std::string DataError::to_string() const {
  // append(), not "[" + std::string(...): GCC 12 reports a false -Wrestrict for that at -O3.
  return std::string("[").append(lakehouse::to_string(kind)).append("] ").append(message);
}

DataError DataError::make(DataErrorKind kind, std::string error_class, std::string sql_state, std::string message) {
  DataError e;
  e.kind = kind;
  e.error_class = std::move(error_class);
  e.sql_state = std::move(sql_state);
  e.message = std::move(message);
  return e;
}

DataError DataError::from_metastore(const sql::MetastoreError& error) {
  DataError e;
  e.sql_error_number = error.sql_number();
  // Spark wraps what the metastore client threw; the SQL Server message underneath is what the
  // operator needs (3906 means a read-only secondary, 18456 a login missing on this server).
  e.message = "org.apache.hadoop.hive.ql.metadata.HiveException: " + error.to_string();
  if (error.sql) e.message += " [" + error.sql->to_string() + "]";
  if (error.sql && (error.is_transient() || error.sql->connection_failure)) {
    e.kind = DataErrorKind::kMetastoreUnavailable;
  } else if (e.sql_error_number == sql::sql_errno::kReadOnlyDatabase) {
    e.kind = DataErrorKind::kMetastoreReadOnly;
  } else if (e.sql_error_number == sql::sql_errno::kLoginFailed) {
    e.kind = DataErrorKind::kMetastoreLoginFailed;
  } else {
    e.kind = DataErrorKind::kMetastoreOther;
  }
  return e;
}

}  // namespace drdrill::lakehouse
