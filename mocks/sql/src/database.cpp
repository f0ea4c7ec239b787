#include "sql/database.h"

#include <array>
#include <cctype>
#include <string>
#include <utility>

#include "sql/sqlite_transaction.h"

namespace drdrill::sql {
namespace {

// The statement cache holds the metastore client's fixed set of statements; a client sending
// endless distinct texts must not grow it without bound.
constexpr std::size_t kStatementCacheLimit = 256;

// The first keyword of a statement, upper-cased, skipping whitespace and comments.
std::string leading_keyword(std::string_view sql) {
  std::size_t i = 0;
  while (i < sql.size()) {
    if (std::isspace(static_cast<unsigned char>(sql[i])) != 0) {
      ++i;
    } else if (sql.substr(i, 2) == "--") {
      const auto end = sql.find('\n', i);
      i = end == std::string_view::npos ? sql.size() : end + 1;
    } else if (sql.substr(i, 2) == "/*") {
      const auto end = sql.find("*/", i + 2);
      i = end == std::string_view::npos ? sql.size() : end + 2;
    } else {
      break;
    }
  }
  std::string word;
  while (i < sql.size() && std::isalpha(static_cast<unsigned char>(sql[i])) != 0) {
    word += static_cast<char>(std::toupper(static_cast<unsigned char>(sql[i])));
    ++i;
  }
  return word;
}

bool is_one_of(std::string_view word, std::initializer_list<std::string_view> words) {
  for (auto w : words) {
    if (word == w) return true;
  }
  return false;
}

// Resets a cached statement however the caller leaves: a statement left mid-iteration would keep
// its read open and block the COMMIT.
class ResetOnExit {
 public:
  explicit ResetOnExit(SqliteStatement& s) : s_(s) {}
  ResetOnExit(const ResetOnExit&) = delete;
  ResetOnExit& operator=(const ResetOnExit&) = delete;
  ~ResetOnExit() { s_.reset(); }

 private:
  SqliteStatement& s_;
};

}  // namespace

std::size_t CommitRecord::size_bytes() const {
  std::size_t total = 0;
  for (const auto& entry : log) total += entry.changeset.size() + entry.schema_sql.size();
  return total;
}

SqlResult<QueryResult> Transaction::execute(const SqlCommand& command, const StatementCheck* check) {
  QueryResult result;
  const RowSink collect = [&](const SqliteStatement& row) { result.rows.push_back(row.row()); };
  SqliteStatement* statement = nullptr;
  auto affected = database_.run_statement(command, check, &collect, &statement);
  if (!affected.ok()) return std::move(affected).error();
  result.rows_affected = *affected;
  const int columns = statement->column_count();
  result.columns.reserve(static_cast<std::size_t>(columns));
  for (int c = 0; c < columns; ++c) result.columns.push_back(statement->column_name(c));
  return result;
}

SqlResult<std::int64_t> Transaction::query(const SqlCommand& command, const RowSink& on_row,
                                           const StatementCheck* check) {
  return database_.run_statement(command, check, &on_row, nullptr);
}

Result<std::unique_ptr<Database>> Database::open(Options options, const Clock& clock) {
  if (options.name.empty()) return Status::InvalidArgument("a database needs a name");
  auto sqlite = options.file.empty() ? SqliteConnection::open_in_memory() : SqliteConnection::open_file(options.file);
  if (!sqlite.ok()) return sqlite.status();
  return std::unique_ptr<Database>(new Database(std::move(options), std::move(sqlite).value(), clock));
}

Database::~Database() = default;

void Database::set_read_only(bool read_only) {
  if (read_only_ != read_only) ++generation_;
  read_only_ = read_only;
}

void Database::set_online(bool online) {
  if (online_ != online) ++generation_;
  online_ = online;
}

Result<bool> Database::statement_writes(const std::string& text) {
  auto statement = cached_statement(text);
  if (!statement.ok()) return statement.status();
  return !(*statement)->read_only();
}

Result<SqliteStatement*> Database::cached_statement(const std::string& text) {
  auto it = statements_.find(text);
  if (it != statements_.end()) return &it->second;
  auto prepared = sqlite_.prepare(text);
  if (!prepared.ok()) return prepared.status();
  if (statements_.size() >= kStatementCacheLimit) statements_.clear();
  auto [inserted, _] = statements_.emplace(text, std::move(prepared).value());
  return &inserted->second;
}

Status Database::flush_row_changes() {
  if (!capture_) return Status::Ok();
  auto changes = capture_->take();
  if (!changes.ok()) return changes.status();
  if (!changes->empty()) pending_log_.push_back(LogEntry{std::move(changes).value(), {}});
  return Status::Ok();
}

SqlResult<std::int64_t> Database::run_statement(const SqlCommand& command, const StatementCheck* check,
                                                const RowSink* on_row, SqliteStatement** used) {
  // One cache lookup serves the caller's check (injected faults, decided by whether the statement
  // writes) and the run. The check comes first, as when the caller compiled the statement itself;
  // a statement that does not compile gets no check and fails below with its own error.
  auto statement = cached_statement(command.text);
  if (statement.ok() && check != nullptr && *check) {
    DRDRILL_RETURN_IF_FAILED((*check)(!(*statement)->read_only()));
  }
  const std::string keyword = leading_keyword(command.text);
  if (is_one_of(keyword, {"BEGIN", "COMMIT", "END", "ROLLBACK", "SAVEPOINT", "RELEASE"})) {
    return SqlError::client_misuse("transaction control in SQL text is not supported; use transact(): " +
                                   command.text);
  }
  if (is_one_of(keyword, {"PRAGMA", "ATTACH", "DETACH", "VACUUM"})) {
    return SqlError::client_misuse("not a SQL Server statement: " + command.text);
  }
  if (!statement.ok()) return SqlError::from_engine(statement.status(), server());
  SqliteStatement& stmt = **statement;
  ResetOnExit reset(stmt);

  const bool writes = !stmt.read_only();
  if (writes && read_only_) return SqlError::read_only_database(name(), server());
  if (writes && mode_ == TransactionMode::kRead) {
    return SqlError::client_misuse("a read-only transaction does not write: " + command.text);
  }
  const bool schema_change = is_one_of(keyword, {"CREATE", "DROP", "ALTER"});
  if (schema_change) {
    // The statement text is what the secondary will run, so it must carry everything itself.
    if (!command.params.empty()) return SqlError::client_misuse("DDL takes no parameters: " + command.text);
    // Row changes made before this DDL ship before it, in order.
    if (Status s = flush_row_changes(); !s.ok()) return SqlError::from_engine(s, server());
  }

  if (Status s = stmt.bind_all(command.params); !s.ok()) return SqlError::from_engine(s, server());
  for (;;) {
    auto more = stmt.step();
    if (!more.ok()) return SqlError::from_engine(more.status(), server());
    if (!*more) break;
    if (on_row != nullptr) (*on_row)(stmt);
  }
  const std::int64_t rows_affected = writes ? sqlite_.changes() : 0;
  if (schema_change) applier_.reset();  // cached table layouts are stale now
  if (schema_change && capture_) {
    // Changes recorded before the DDL were flushed above; start a fresh session so none spans a
    // schema change.
    if (Status s = flush_row_changes(); !s.ok()) return SqlError::from_engine(s, server());
    pending_log_.push_back(LogEntry{{}, command.text});
  }
  if (used != nullptr) *used = &stmt;
  return rows_affected;
}

SqlResult<QueryResult> Database::execute(const SqlCommand& command) {
  std::optional<QueryResult> out;
  SqlStatus s = transact([&](Transaction& tx) -> SqlStatus {
    auto r = tx.execute(command);
    if (!r.ok()) return std::move(r).error();
    out = std::move(r).value();
    return {};
  });
  if (!s.ok()) return std::move(s).error();
  return std::move(*out);
}

SqlStatus Database::transact(const std::function<SqlStatus(Transaction&)>& body, TransactionMode mode) {
  if (in_transaction_) return SqlError::client_misuse("transact() does not nest");
  const bool read = mode == TransactionMode::kRead;
  auto tx = read ? SqliteTransaction::begin_read(sqlite_) : SqliteTransaction::begin(sqlite_);
  if (!tx.ok()) return SqlError::from_engine(tx.status(), server());
  in_transaction_ = true;
  mode_ = mode;
  pending_log_.clear();

  Transaction handle(*this);
  SqlStatus outcome = body(handle);
  Status finished;
  if (outcome.ok()) {
    // A read transaction ran no statement that writes, so it has no row changes to collect.
    if (!read) finished = flush_row_changes();
    if (finished.ok()) finished = tx->commit();
  }
  in_transaction_ = false;
  mode_ = TransactionMode::kReadWrite;
  if (!outcome.ok() || !finished.ok()) {
    if (tx->active()) (void)tx->rollback();
    pending_log_.clear();
    // Whatever the session recorded belongs to the rolled-back transaction.
    if (capture_) (void)capture_->take();
    if (!outcome.ok()) return outcome;
    return SqlError::from_engine(finished, server());
  }
  if (!pending_log_.empty()) {
    CommitRecord record{++sequence_, clock_.now(), std::move(pending_log_)};
    pending_log_.clear();
    if (listener_) listener_(std::move(record));
  }
  return {};
}

Status Database::start_capture(CommitListener listener) {
  if (in_transaction_) return Status::FailedPrecondition("cannot start capturing inside a transaction");
  auto capture = ChangeCapture::start(sqlite_);
  if (!capture.ok()) return capture.status();
  capture_.emplace(std::move(capture).value());
  listener_ = std::move(listener);
  return Status::Ok();
}

void Database::stop_capture() {
  capture_.reset();
  listener_ = nullptr;
}

Status Database::apply(const CommitRecord& record) {
  if (capture_) {
    return Status::FailedPrecondition("database " + name() + " on " + server() +
                                      " is a capturing primary; it does not apply replicated commits");
  }
  if (record.sequence != sequence_ + 1) {
    return Status::Internal("database " + name() + " on " + server() + " expected commit " +
                            std::to_string(sequence_ + 1) + " but got " + std::to_string(record.sequence));
  }
  auto tx = SqliteTransaction::begin(sqlite_);
  if (!tx.ok()) return tx.status();
  if (!applier_) applier_ = std::make_unique<ChangesetApplier>(sqlite_);
  for (const auto& entry : record.log) {
    if (entry.schema_sql.empty()) {
      DRDRILL_RETURN_IF_ERROR(applier_->apply(entry.changeset));
    } else {
      applier_->forget_schema();
      DRDRILL_RETURN_IF_ERROR(sqlite_.exec_script(entry.schema_sql));
    }
  }
  if (Status committed = tx->commit(); !committed.ok()) {
    applier_.reset();  // a failed apply leaves nothing cached that might assume it succeeded
    return committed;
  }
  sequence_ = record.sequence;
  return Status::Ok();
}

Status Database::load_image(const std::vector<unsigned char>& image) {
  if (in_transaction_) return Status::FailedPrecondition("cannot load an image inside a transaction");
  if (capture_) return Status::FailedPrecondition("database " + name() + " on " + server() + " is capturing; an image would bypass its log");
  statements_.clear();  // compiled against the content being replaced
  applier_.reset();
  return sqlite_.deserialize(image);
}

Status Database::seed_from(Database& source) {
  if (in_transaction_) return Status::FailedPrecondition("cannot seed inside a transaction");
  statements_.clear();
  applier_.reset();
  DRDRILL_RETURN_IF_ERROR(sqlite_.copy_from(source.sqlite_));
  sequence_ = source.sequence_;
  ++generation_;
  return Status::Ok();
}

}  // namespace drdrill::sql
