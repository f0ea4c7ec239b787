#include "sql/sql_connection.h"

#include <optional>

#include "sql/sql_service.h"

namespace drdrill::sql {

SqlResult<Database*> SqlConnection::usable() {
  if (broken_) return SqlError::connection_reset();
  Database* db = service_->database(server_, database_);
  if (db == nullptr || !service_->reachable(server_) || db->generation() != generation_) {
    broken_ = true;
    return SqlError::connection_reset();
  }
  return db;
}

SqlStatus SqlConnection::check_statement(Database& database, const SqlCommand& command) {
  auto writes = database.statement_writes(command.text);
  // A statement that does not compile fails in execute() with its own error; no fault applies.
  if (!writes.ok()) return {};
  return take_fault(*writes);
}

SqlStatus SqlConnection::take_fault(bool writes) {
  const SqlOperation operation = writes ? SqlOperation::kWrite : SqlOperation::kRead;
  if (auto fault = service_->take_fault(server_, database_, operation)) return *std::move(fault);
  return {};
}

SqlResult<QueryResult> SqlConnection::execute(const SqlCommand& command) {
  auto db = usable();
  if (!db.ok()) return std::move(db).error();
  DRDRILL_RETURN_IF_FAILED(check_statement(**db, command));
  return (*db)->execute(command);
}

SqlStatus SqlConnection::transact(const std::function<SqlStatus(SqlTransaction&)>& body, TransactionMode mode) {
  auto db = usable();
  if (!db.ok()) return std::move(db).error();
  return (*db)->transact(
      [&](Transaction& tx) -> SqlStatus {
        SqlTransaction wrapped(*this, tx);
        return body(wrapped);
      },
      mode);
}

SqlResult<QueryResult> SqlTransaction::execute(const SqlCommand& command) {
  auto db = connection_.usable();
  if (!db.ok()) return std::move(db).error();
  // The database applies the fault check once it has the compiled statement (one cache lookup).
  const StatementCheck check = [this](bool writes) { return connection_.take_fault(writes); };
  return transaction_.execute(command, &check);
}

SqlResult<std::int64_t> SqlTransaction::query(const SqlCommand& command, const RowSink& on_row) {
  auto db = connection_.usable();
  if (!db.ok()) return std::move(db).error();
  const StatementCheck check = [this](bool writes) { return connection_.take_fault(writes); };
  return transaction_.query(command, on_row, &check);
}

}  // namespace drdrill::sql
