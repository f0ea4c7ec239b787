#pragma once
// DataError: why a statement, a Delta read or write, or a metastore call on a cluster failed — with
// the cause kept, so that the SQL Statement API can surface it and a drill can count it.
//
// Every failure has a kind (what a drill counts: "storage.write_refused",
// "delta.missing_data_file", "metastore.read_only", ...), the Spark error class and SQLSTATE where
// Spark has one, and the text a notebook would show. Failures from below keep their numbers: the
// storage HTTP status and x-ms-error-code (403 InsufficientAccountPermissions "Write operations are
// not allowed."), the SQL Server error number (3906, 18456, 40613).

#include <string>
#include <string_view>

#include "sql/metastore_error.h"
#include "sql/outcome.h"

namespace drdrill::lakehouse {

enum class DataErrorKind {
  // The statement itself.
  kParse,             // syntax, unsupported statement or type
  kAnalysis,          // unknown column, arity or type mismatch, bad parameter
  kTableNotFound,
  kDatabaseNotFound,
  kAlreadyExists,
  kUnsupported,       // a location or feature drdrill does not model
  // Delta tables in storage (the cross-store inconsistencies a failover leaves behind).
  kMissingTransactionLog,  // the metastore knows the table; no _delta_log/ version 0 at its location
  kLogVersionGap,          // versions listed are not contiguous (a later commit arrived first)
  kMissingDataFile,        // the log names a data file that is not in storage
  kCorruptLog,             // a log entry that does not parse
  kCommitConflict,         // another writer committed that version first (If-None-Match: *)
  kSchemaMismatch,         // CREATE TABLE's schema differs from the existing log's
  // Storage, as the storage fake answered.
  kStorageWriteRefused,  // 403 InsufficientAccountPermissions: a write through -secondary
  kStorageReadRefused,   // 403 InsufficientAccountPermissions: reads of a GRS (non-RA) secondary
  kStorageAuth,          // 403 AuthenticationFailed, or no usable account key in the Spark conf
  kStorageNotFound,      // the account or container does not exist
  kStorageUnavailable,   // 503 / 500: a region outage, injected errors
  kStorageOther,
  // The Hive metastore, as the SQL fake answered.
  kMetastoreReadOnly,     // 3906: a write to a read-only geo-secondary
  kMetastoreLoginFailed,  // 18456
  kMetastoreUnavailable,  // transient: 40613, 40197, unreachable or timed-out server, reset connection
  kMetastoreOther,
  kMetastoreNotConfigured,  // the Spark conf names no external metastore
};

// Stable names for counters and reports: "parse", "delta.missing_data_file", "storage.write_refused",
// "metastore.read_only", ...
std::string_view to_string(DataErrorKind kind);

struct DataError {
  DataErrorKind kind = DataErrorKind::kAnalysis;
  std::string error_class;  // Spark's, e.g. DELTA_FILE_NOT_FOUND_DETAILED; empty when Spark has none
  std::string sql_state;    // e.g. 42K03; empty when unknown
  std::string message;      // as a notebook would show it
  int http_status = 0;             // storage failures
  std::string storage_error_code;  // x-ms-error-code
  int sql_error_number = 0;        // metastore failures: 3906, 18456, 40613, ...

  // status.error.error_code of the SQL Statement Execution API (api-facts 6.7 lists the values).
  // drdrill's mapping: parse/analysis/unsupported -> BAD_REQUEST; missing table or database ->
  // NOT_FOUND; already exists -> ALREADY_EXISTS; commit conflict -> ABORTED; Delta files missing
  // and every storage failure -> IO_ERROR, except an unavailable endpoint -> TEMPORARILY_UNAVAILABLE;
  // metastore: transient -> TEMPORARILY_UNAVAILABLE, 3906 / 18456 / other -> INTERNAL_ERROR.
  std::string_view statement_error_code() const;

  // "[<kind>] <message>" for logs and test failures.
  std::string to_string() const;

  static DataError make(DataErrorKind kind, std::string error_class, std::string sql_state, std::string message);
  // A metastore failure, keeping Hive's exception text and the SQL Server number underneath.
  static DataError from_metastore(const sql::MetastoreError& error);
};

template <typename T>
using DataResult = sql::Outcome<T, DataError>;
using DataStatus = sql::Outcome<void, DataError>;

}  // namespace drdrill::lakehouse
