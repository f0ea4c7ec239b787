#include "lakehouse/lakehouse_data_plane.h"

#include <optional>
#include <utility>
#include <vector>

#include "core/ascii_case.h"
#include "lakehouse/metastore_connection.h"
#include "lakehouse/sql_engine.h"
#include "lakehouse/sql_parser.h"
#include "lakehouse/storage_client.h"

namespace drdrill::lakehouse {
namespace {

using databricks::AcknowledgedWrite;
using databricks::ClusterDataConfig;
using databricks::SqlFailure;
using databricks::SqlOutcome;
using databricks::SqlRequest;

// How a data session failure reads as a Status (InsertRowsWork and count_rows speak Status): the
// kind stays in the message so the number underneath is never lost.
Status to_status(const DataError& e) {
  std::string text = e.to_string();
  switch (e.kind) {
    case DataErrorKind::kStorageUnavailable:
    case DataErrorKind::kMetastoreUnavailable: return Status::Unavailable(std::move(text));
    case DataErrorKind::kTableNotFound:
    case DataErrorKind::kDatabaseNotFound: return Status::NotFound(std::move(text));
    case DataErrorKind::kStorageWriteRefused:
    case DataErrorKind::kStorageReadRefused:
    case DataErrorKind::kMetastoreReadOnly:
    case DataErrorKind::kMetastoreLoginFailed:
    case DataErrorKind::kCommitConflict:
    case DataErrorKind::kMissingTransactionLog:
    case DataErrorKind::kLogVersionGap:
    case DataErrorKind::kMissingDataFile: return Status::FailedPrecondition(std::move(text));
    case DataErrorKind::kParse:
    case DataErrorKind::kAnalysis: return Status::InvalidArgument(std::move(text));
    default: return Status::Internal(std::move(text));
  }
}

SqlFailure to_failure(const DataError& e) {
  return SqlFailure{std::string(e.statement_error_code()), e.message, e.sql_state, e.error_class,
                    std::string(to_string(e.kind))};
}

// "db.table" or "table" (lower-cased, as the metastore keeps names).
TableName table_name(std::string_view text) {
  TableName name;
  std::string lowered = ascii_lower(text);
  const auto dot = lowered.rfind('.');
  if (dot == std::string::npos) {
    name.table = lowered;
  } else {
    name.database = lowered.substr(0, dot);
    name.table = lowered.substr(dot + 1);
    if (const auto first = name.database->find('.'); first != std::string::npos) {
      name.database = name.database->substr(first + 1);  // hive_metastore.db.table
    }
  }
  return name;
}

class LakehouseSession final : public databricks::ClusterDataSession {
 public:
  LakehouseSession(std::shared_ptr<LakehouseRecord> record, http::Handler blob_endpoint, sql::SqlService& sql,
                   const Clock& clock, const LakehouseOptions& options, const ClusterDataConfig& config)
      : record_(std::move(record)),
        config_(config),
        clock_(clock),
        storage_(std::move(blob_endpoint), clock, config_.storage_account_keys),
        metastore_(sql, clock, config_.metastore, options.sql_client),
        engine_(metastore_, storage_, config_.mounts, clock,
                EngineOptions{read_mode(options, config_), config_.workspace, config_.cluster_id,
                              options.warehouse_dir}) {
    if (const auto it = config_.spark_conf.find(std::string(kReadModeConfKey)); it != config_.spark_conf.end()) {
      if (!parse_delta_read_mode(it->second)) {
        config_error_ = DataError::make(DataErrorKind::kUnsupported, "", "",
                                        std::string(kReadModeConfKey) + " is '" + it->second +
                                            "'; it must be 'strict' or 'latest-complete'");
      }
    }
  }

  Result<AcknowledgedWrite> insert_rows(std::string_view table, std::int64_t rows) override {
    ++record_->statements;
    if (config_error_) return failed(*config_error_);
    auto result = engine_.insert_generated_rows(table_name(table), rows, "default");
    if (!result.ok()) return failed(result.error());
    std::vector<AcknowledgedWrite> writes = acknowledge(*result);
    return writes.front();
  }

  Result<std::int64_t> count_rows(std::string_view table) override {
    ++record_->statements;
    if (config_error_) return failed(*config_error_);
    Select select;
    SelectItem count;
    count.kind = SelectItem::Kind::kCountStar;
    count.text = "count(1)";
    select.items.push_back(std::move(count));
    select.from = table_name(table);
    std::string db = "default";
    auto result = engine_.execute(Statement(std::move(select)), db);
    if (!result.ok()) return failed(result.error());
    note_read(*result);
    return std::get<std::int64_t>(result->rows.front().front());
  }

  SqlOutcome execute_sql(const SqlRequest& request) override {
    SqlOutcome out;
    out.current_database = request.current_database.empty() ? "default" : request.current_database;
    std::vector<Statement> statements;
    if (request.allow_multiple_statements) {
      auto parsed = parse_script(request.text);
      if (!parsed.ok()) return fail_sql(out, parse_error(parsed.error()));
      for (ParsedStatement& p : *parsed) statements.push_back(std::move(p.statement));
    } else {
      auto parsed = parse_statement(request.text);
      if (!parsed.ok()) return fail_sql(out, parse_error(parsed.error()));
      statements.push_back(std::move(*parsed));
    }
    Parameters parameters;
    for (const databricks::SqlParameter& p : request.parameters) parameters[p.name] = BoundParameter{p.value, p.type};
    for (const Statement& statement : statements) {
      ++record_->statements;
      if (config_error_) return fail_sql(out, *config_error_);
      auto result = engine_.execute(statement, out.current_database, parameters);
      if (!result.ok()) return fail_sql(out, result.error());
      note_read(*result);
      for (AcknowledgedWrite& w : acknowledge(*result)) out.writes.push_back(std::move(w));
      out.result = databricks::SqlResultSet{};
      for (const ResultColumn& c : result->columns) {
        out.result.columns.push_back({c.name, std::string(api_type_name(c.type)), std::string(sql_name(c.type))});
      }
      for (const auto& row : result->rows) {
        std::vector<std::optional<std::string>> text;
        text.reserve(row.size());
        for (const Value& v : row) text.push_back(format_value(v));
        out.result.rows.push_back(std::move(text));
      }
    }
    return out;
  }

 private:
  static DeltaReadMode read_mode(const LakehouseOptions& options, const ClusterDataConfig& config) {
    if (const auto it = config.spark_conf.find(std::string(kReadModeConfKey)); it != config.spark_conf.end()) {
      if (auto mode = parse_delta_read_mode(it->second)) return *mode;
    }
    return options.read_mode;
  }

  static DataError parse_error(const ParseError& e) {
    return DataError::make(e.error_class == "UNSUPPORTED_FEATURE" || e.error_class == "UNSUPPORTED_DATATYPE"
                               ? DataErrorKind::kUnsupported
                               : DataErrorKind::kParse,
                           e.error_class, e.sql_state, e.message);
  }

  Status failed(const DataError& e) {
    ++record_->failures[std::string(to_string(e.kind))];
    return to_status(e);
  }

  SqlOutcome& fail_sql(SqlOutcome& out, const DataError& e) {
    ++record_->failures[std::string(to_string(e.kind))];
    out.failure = to_failure(e);
    return out;
  }

  void note_read(const StatementResult& result) {
    if (!result.read || !result.read->degraded()) return;
    if (!result.read->missing_files.empty()) {
      record_->skipped[std::string(to_string(DataErrorKind::kMissingDataFile))] += result.read->missing_files.size();
    }
    if (!result.read->missing_versions.empty()) {
      record_->skipped[std::string(to_string(DataErrorKind::kLogVersionGap))] += result.read->missing_versions.size();
    }
  }

  // Records the statement's writes in the ledger and returns them for the caller's observers.
  std::vector<AcknowledgedWrite> acknowledge(const StatementResult& result) {
    std::vector<AcknowledgedWrite> out;
    for (const DeltaLedgerEntry& entry : result.writes) {
      record_->ledger.record(entry);
      out.push_back(entry.write);
    }
    return out;
  }

  std::shared_ptr<LakehouseRecord> record_;
  ClusterDataConfig config_;
  const Clock& clock_;
  StorageClient storage_;
  MetastoreConnection metastore_;
  SqlEngine engine_;
  std::optional<DataError> config_error_;
};

}  // namespace

LakehouseDataPlane::LakehouseDataPlane(http::Handler blob_endpoint, sql::SqlService& sql, const Clock& clock,
                                       LakehouseOptions options)
    : blob_endpoint_(std::move(blob_endpoint)), sql_(sql), clock_(clock), options_(std::move(options)) {}

std::shared_ptr<databricks::ClusterDataSession> LakehouseDataPlane::open_session(const ClusterDataConfig& config) {
  ++record_->sessions_opened;
  return std::make_shared<LakehouseSession>(record_, blob_endpoint_, sql_, clock_, options_, config);
}

std::uint64_t LakehouseDataPlane::failures(DataErrorKind kind) const {
  const auto it = record_->failures.find(to_string(kind));
  return it == record_->failures.end() ? 0 : it->second;
}

}  // namespace drdrill::lakehouse
