#include "lakehouse/sql_engine.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <chrono>
#include <limits>
#include <set>
#include <utility>

#include "core/ascii_case.h"
#include "lakehouse/data_file.h"
#include "lakehouse/json_writer.h"

namespace drdrill::lakehouse {
namespace {

using databricks::StorageLocation;

// How Databricks names a Hive metastore object in messages.
std::string quoted(const std::string& db) { return "`hive_metastore`.`" + db + "`"; }
std::string quoted(const std::string& db, const std::string& table) { return quoted(db) + ".`" + table + "`"; }

std::int64_t epoch_ms(TimePoint t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

std::string upper(std::string text) {
  for (char& c : text) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return text;
}

DataError analysis(std::string error_class, std::string sql_state, std::string text) {
  return DataError::make(DataErrorKind::kAnalysis, error_class, std::move(sql_state),
                         "[" + error_class + "] " + std::move(text));
}

DataError table_not_found(const std::string& db, const std::string& table) {
  return DataError::make(DataErrorKind::kTableNotFound, "TABLE_OR_VIEW_NOT_FOUND", "42P01",
                         "[TABLE_OR_VIEW_NOT_FOUND] The table or view " + quoted(db, table) +
                             " cannot be found. Verify the spelling and correctness of the schema and catalog.");
}

DataError schema_not_found(const std::string& db) {
  return DataError::make(DataErrorKind::kDatabaseNotFound, "SCHEMA_NOT_FOUND", "42704",
                         "[SCHEMA_NOT_FOUND] The schema " + quoted(db) +
                             " cannot be found. Verify the spelling and correctness of the schema and catalog.");
}

// A metastore failure that is not "not found"/"already exists": the SQL error underneath (3906,
// 18456, 40613, ...) when there is one.
DataError metastore_failure(const sql::MetastoreError& e) {
  if (e.sql) return DataError::from_metastore(e);
  return DataError::make(DataErrorKind::kMetastoreOther, "", "",
                         "org.apache.hadoop.hive.ql.metadata.HiveException: " + e.to_string());
}

bool is_no_such_object(const sql::MetastoreError& e) {
  return !e.sql && e.kind == sql::MetastoreError::Kind::kNoSuchObject;
}
bool is_already_exists(const sql::MetastoreError& e) {
  return !e.sql && e.kind == sql::MetastoreError::Kind::kAlreadyExists;
}

// The location as the metastore stores it: Spark qualifies a DBFS path with its scheme.
std::string metastore_location(std::string_view location) {
  if (!location.empty() && location.front() == '/') return "dbfs:" + std::string(location);
  return std::string(location);
}

std::optional<std::int64_t> parse_int(std::string_view text) {
  std::int64_t v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return v;
}

std::optional<double> parse_double(std::string_view text) {
  double v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return v;
}

// The SQL type of a literal, as Spark names it in messages.
std::string literal_type_name(const Literal& lit) {
  switch (lit.kind) {
    case Literal::Kind::kNull: return "VOID";
    case Literal::Kind::kBoolean: return "BOOLEAN";
    case Literal::Kind::kInteger: {
      const auto v = parse_int(lit.text);
      return v && *v >= std::numeric_limits<std::int32_t>::min() && *v <= std::numeric_limits<std::int32_t>::max()
                 ? "INT"
                 : "BIGINT";
    }
    case Literal::Kind::kDecimal: return "DECIMAL";
    case Literal::Kind::kString: return "STRING";
    case Literal::Kind::kDate: return "DATE";
    case Literal::Kind::kTimestamp: return "TIMESTAMP";
    case Literal::Kind::kParameter: return "STRING";
  }
  return "STRING";
}

// A ":name" marker replaced by its bound value, typed as the request said.
DataResult<Literal> bind(const Literal& lit, const Parameters& parameters) {
  if (lit.kind != Literal::Kind::kParameter) return lit;
  const auto it = parameters.find(lit.text);
  if (it == parameters.end()) {
    return analysis("UNBOUND_SQL_PARAMETER", "42P02", "Found the unbound parameter: " + lit.text + ".");
  }
  Literal out;
  out.position = lit.position;
  if (!it->second.value) return out;  // NULL
  const std::string& value = *it->second.value;
  const std::string type = upper(it->second.type.empty() ? "STRING" : it->second.type);
  const auto bad = [&] {
    return analysis("INVALID_PARAMETER_VALUE", "22023",
                    "The value '" + value + "' of parameter " + lit.text + " is not a valid " + type + ".");
  };
  if (type == "STRING") {
    out.kind = Literal::Kind::kString;
    out.text = value;
  } else if (type == "INT" || type == "INTEGER" || type == "BIGINT" || type == "LONG" || type == "SMALLINT" ||
             type == "TINYINT") {
    if (!parse_int(value)) return bad();
    out.kind = Literal::Kind::kInteger;
    out.text = value;
  } else if (type == "DOUBLE" || type == "FLOAT" || type == "DECIMAL" || type.rfind("DECIMAL(", 0) == 0) {
    if (!parse_double(value)) return bad();
    out.kind = Literal::Kind::kDecimal;
    out.text = value;
  } else if (type == "BOOLEAN") {
    if (value != "true" && value != "false") return bad();
    out.kind = Literal::Kind::kBoolean;
    out.boolean = value == "true";
    out.text = value;
  } else if (type == "DATE") {
    auto d = canonical_date(value);
    if (!d) return bad();
    out.kind = Literal::Kind::kDate;
    out.text = *d;
  } else if (type == "TIMESTAMP") {
    auto t = canonical_timestamp(value);
    if (!t) return bad();
    out.kind = Literal::Kind::kTimestamp;
    out.text = *t;
  } else {
    return analysis("INVALID_PARAMETER_VALUE", "22023",
                    "The type " + type + " of parameter " + lit.text + " is not supported by drdrill.");
  }
  return out;
}

// A literal's own value and type (SELECT 1, 'a').
std::pair<Value, DataType> natural_value(const Literal& lit) {
  switch (lit.kind) {
    case Literal::Kind::kNull: return {Value{}, DataType::kString};
    case Literal::Kind::kBoolean: return {Value(lit.boolean), DataType::kBoolean};
    case Literal::Kind::kInteger: {
      if (const auto v = parse_int(lit.text)) {
        return {Value(*v), literal_type_name(lit) == "INT" ? DataType::kInt : DataType::kBigint};
      }
      return {Value(parse_double(lit.text).value_or(0)), DataType::kDouble};
    }
    case Literal::Kind::kDecimal: return {Value(parse_double(lit.text).value_or(0)), DataType::kDouble};
    case Literal::Kind::kString: return {Value(lit.text), DataType::kString};
    case Literal::Kind::kDate: return {Value(lit.text), DataType::kDate};
    case Literal::Kind::kTimestamp: return {Value(lit.text), DataType::kTimestamp};
    case Literal::Kind::kParameter: return {Value(lit.text), DataType::kString};
  }
  return {Value{}, DataType::kString};
}

// A literal written into a column (Spark's ANSI store assignment: numbers widen, nothing is parsed
// out of text except dates and timestamps, a fraction never silently becomes an integer).
DataResult<Value> store_value(const Literal& lit, const DeltaField& field, const std::string& table) {
  const auto cannot_cast = [&] {
    return analysis("INCOMPATIBLE_DATA_FOR_TABLE.CANNOT_SAFELY_CAST", "KD000",
                    "Cannot write incompatible data for the table " + table + ": Cannot safely cast `" + field.name +
                        "` \"" + literal_type_name(lit) + "\" to \"" + std::string(sql_name(field.type)) + "\".");
  };
  const auto invalid_input = [&] {
    return analysis("CAST_INVALID_INPUT", "22018",
                    "The value '" + lit.text + "' of the type \"STRING\" cannot be cast to \"" +
                        std::string(sql_name(field.type)) + "\" because it is malformed.");
  };
  switch (lit.kind) {
    case Literal::Kind::kNull:
      if (!field.nullable) {
        return analysis("DELTA_NOT_NULL_CONSTRAINT_VIOLATED", "23502",
                        "NOT NULL constraint violated for column: " + field.name + ".");
      }
      return Value{};
    case Literal::Kind::kParameter: return cannot_cast();  // bound before this point
    case Literal::Kind::kInteger: {
      const auto v = parse_int(lit.text);
      if (field.type == DataType::kString) return Value(lit.text);
      if (field.type == DataType::kFloat || field.type == DataType::kDouble) {
        return Value(parse_double(lit.text).value_or(0));
      }
      if (!is_integral(field.type)) return cannot_cast();
      if (!v || (field.type == DataType::kInt && (*v < std::numeric_limits<std::int32_t>::min() ||
                                                  *v > std::numeric_limits<std::int32_t>::max()))) {
        return analysis("CAST_OVERFLOW_IN_TABLE_INSERT", "22003",
                        "Fail to assign a value of \"" + literal_type_name(lit) + "\" type to the \"" +
                            std::string(sql_name(field.type)) + "\" type column or variable `" + field.name +
                            "` due to an overflow.");
      }
      return Value(*v);
    }
    case Literal::Kind::kDecimal:
      if (field.type == DataType::kFloat || field.type == DataType::kDouble) {
        return Value(parse_double(lit.text).value_or(0));
      }
      if (field.type == DataType::kString) return Value(lit.text);
      return cannot_cast();
    case Literal::Kind::kString:
      if (field.type == DataType::kString) return Value(lit.text);
      if (field.type == DataType::kDate) {
        auto d = canonical_date(lit.text);
        if (!d) return invalid_input();
        return Value(std::move(*d));
      }
      if (field.type == DataType::kTimestamp) {
        auto t = canonical_timestamp(lit.text);
        if (!t) return invalid_input();
        return Value(std::move(*t));
      }
      return cannot_cast();
    case Literal::Kind::kBoolean:
      if (field.type == DataType::kBoolean) return Value(lit.boolean);
      if (field.type == DataType::kString) return Value(std::string(lit.boolean ? "true" : "false"));
      return cannot_cast();
    case Literal::Kind::kDate:
      if (field.type == DataType::kDate || field.type == DataType::kString) return Value(lit.text);
      if (field.type == DataType::kTimestamp) return Value(lit.text + " 00:00:00");
      return cannot_cast();
    case Literal::Kind::kTimestamp:
      if (field.type == DataType::kTimestamp || field.type == DataType::kString) return Value(lit.text);
      if (field.type == DataType::kDate) return Value(lit.text.substr(0, 10));
      return cannot_cast();
  }
  return cannot_cast();
}

// A literal compared with a column of type `type` (WHERE col op literal).
DataResult<Value> comparison_value(const Literal& lit, const DeltaField& field) {
  const auto mismatch = [&] {
    return analysis("DATATYPE_MISMATCH.BINARY_OP_DIFF_TYPES", "42K09",
                    "Cannot resolve \"(" + field.name + " <op> " + lit.text +
                        ")\" due to data type mismatch: the left and right operands of the binary operator have "
                        "incompatible types (\"" +
                        std::string(sql_name(field.type)) + "\" and \"" + literal_type_name(lit) + "\").");
  };
  if (lit.kind == Literal::Kind::kNull) return Value{};
  if (is_numeric(field.type)) {
    if (lit.kind == Literal::Kind::kInteger) {
      if (const auto v = parse_int(lit.text)) return Value(*v);
      return Value(parse_double(lit.text).value_or(0));
    }
    if (lit.kind == Literal::Kind::kDecimal) return Value(parse_double(lit.text).value_or(0));
    if (lit.kind == Literal::Kind::kString) {
      if (const auto v = parse_int(lit.text)) return Value(*v);
      if (const auto v = parse_double(lit.text)) return Value(*v);
      return analysis("CAST_INVALID_INPUT", "22018",
                      "The value '" + lit.text + "' of the type \"STRING\" cannot be cast to \"" +
                          std::string(sql_name(field.type)) + "\" because it is malformed.");
    }
    return mismatch();
  }
  switch (field.type) {
    case DataType::kString:
      if (lit.kind == Literal::Kind::kString || lit.kind == Literal::Kind::kDate ||
          lit.kind == Literal::Kind::kTimestamp) {
        return Value(lit.text);
      }
      return mismatch();
    case DataType::kBoolean:
      if (lit.kind == Literal::Kind::kBoolean) return Value(lit.boolean);
      return mismatch();
    case DataType::kDate:
    case DataType::kTimestamp: {
      const bool date = field.type == DataType::kDate;
      if (lit.kind == Literal::Kind::kDate) return Value(date ? lit.text : lit.text + " 00:00:00");
      if (lit.kind == Literal::Kind::kTimestamp) return Value(lit.text);
      if (lit.kind == Literal::Kind::kString) {
        auto canonical = date ? canonical_date(lit.text) : canonical_timestamp(lit.text);
        if (!canonical) {
          return analysis("CAST_INVALID_INPUT", "22018",
                          "The value '" + lit.text + "' of the type \"STRING\" cannot be cast to \"" +
                              std::string(sql_name(field.type)) + "\" because it is malformed.");
        }
        return Value(std::move(*canonical));
      }
      return mismatch();
    }
    default: return mismatch();
  }
}

bool satisfies(const Value& v, CompareOp op, const Value& literal) {
  if (op == CompareOp::kIsNull) return is_null(v);
  if (op == CompareOp::kIsNotNull) return !is_null(v);
  if (is_null(v) || is_null(literal)) return false;  // NULL compares as unknown: not selected
  const auto c = compare_values(v, literal);
  if (!c) return false;
  switch (op) {
    case CompareOp::kEq: return *c == 0;
    case CompareOp::kNe: return *c != 0;
    case CompareOp::kLt: return *c < 0;
    case CompareOp::kLe: return *c <= 0;
    case CompareOp::kGt: return *c > 0;
    case CompareOp::kGe: return *c >= 0;
    default: return false;
  }
}

// Spark's SHOW TABLES LIKE: '*' matches anything, '|' separates alternatives, case-insensitive.
bool like(std::string_view name, std::string_view pattern) {
  std::size_t begin = 0;
  while (true) {
    const std::size_t bar = pattern.find('|', begin);
    const std::string_view alternative = pattern.substr(begin, bar == std::string_view::npos ? bar : bar - begin);
    // Glob match with '*' only.
    std::size_t n = 0;
    std::size_t p = 0;
    std::size_t star = std::string_view::npos;
    std::size_t mark = 0;
    bool matched = true;
    while (n < name.size()) {
      if (p < alternative.size() && alternative[p] == '*') {
        star = p++;
        mark = n;
      } else if (p < alternative.size() && ascii_lower(alternative[p]) == ascii_lower(name[n])) {
        ++p;
        ++n;
      } else if (star != std::string_view::npos) {
        p = star + 1;
        n = ++mark;
      } else {
        matched = false;
        break;
      }
    }
    while (matched && p < alternative.size() && alternative[p] == '*') ++p;
    if (matched && p == alternative.size()) return true;
    if (bar == std::string_view::npos) return false;
    begin = bar + 1;
  }
}

std::vector<DeltaField> fields_of(const std::vector<ColumnDefinition>& columns) {
  std::vector<DeltaField> out;
  for (const ColumnDefinition& c : columns) out.push_back(DeltaField{c.name, c.type, c.nullable, c.comment});
  return out;
}

std::vector<sql::FieldSchema> hive_columns(const std::vector<DeltaField>& fields) {
  std::vector<sql::FieldSchema> out;
  for (const DeltaField& f : fields) out.push_back(sql::FieldSchema{f.name, std::string(hive_name(f.type)), f.comment});
  return out;
}

std::string describe_schema(const std::vector<DeltaField>& fields) {
  std::string out;
  for (const DeltaField& f : fields) {
    out += (out.empty() ? "" : ", ") + f.name + " " + std::string(hive_name(f.type));
  }
  return "[" + out + "]";
}

databricks::UnderlyingWrite underlying(const StorageWriteReceipt& r) {
  databricks::UnderlyingWrite w;
  w.store = "storage:" + r.account;
  w.target = r.target;
  w.etag = r.etag;
  w.bytes = r.bytes;
  w.acknowledged_at = r.acknowledged_at;
  return w;
}

const DeltaField* find_field(const std::vector<DeltaField>& schema, const std::string& name) {
  for (const DeltaField& f : schema) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

DataError unresolved_column(const std::string& column, const std::vector<DeltaField>& schema) {
  std::string names;
  for (const DeltaField& f : schema) names += (names.empty() ? "`" : ", `") + f.name + "`";
  return analysis("UNRESOLVED_COLUMN.WITH_SUGGESTION", "42703",
                  "A column, variable, or function parameter with name `" + column +
                      "` cannot be resolved. Did you mean one of the following? [" + names + "].");
}

}  // namespace

struct SqlEngine::ResolvedTable {
  std::string db;
  std::string name;
  sql::HiveTable hive;
  StorageLocation root;
};

SqlEngine::SqlEngine(MetastoreConnection& metastore, StorageClient& storage, const databricks::MountTable& mounts,
                     const Clock& clock, EngineOptions options)
    : metastore_(metastore), storage_(storage), mounts_(mounts), clock_(clock), options_(std::move(options)) {}

DeltaTable& SqlEngine::table_at(const StorageLocation& root) {
  const std::string key = root.to_uri();
  auto it = tables_.find(key);
  if (it == tables_.end()) it = tables_.emplace(key, std::make_unique<DeltaTable>(storage_, root)).first;
  return *it->second;
}

DataResult<StorageLocation> SqlEngine::resolve_location(std::string_view location) const {
  constexpr std::string_view kAbfss = "abfss://";
  constexpr std::string_view kDbfsMnt = "dbfs:/mnt/";
  constexpr std::string_view kMnt = "/mnt/";
  if (location.substr(0, kAbfss.size()) == kAbfss || location.substr(0, kDbfsMnt.size()) == kDbfsMnt ||
      location.substr(0, kMnt.size()) == kMnt) {
    auto resolved = mounts_.resolve(location);
    if (resolved.ok()) return *resolved;
    const bool mount = location.substr(0, kAbfss.size()) != kAbfss;
    return DataError::make(mount ? DataErrorKind::kStorageNotFound : DataErrorKind::kUnsupported, "", "",
                           mount ? "java.io.FileNotFoundException: " + std::string(location) +
                                       ": no mount point of this workspace covers it (mounts are read when the "
                                       "cluster starts)"
                                 : resolved.error().message());
  }
  return DataError::make(DataErrorKind::kUnsupported, "", "",
                         "drdrill models table data on ADLS Gen2 (abfss://...) and under /mnt mounts; '" +
                             std::string(location) + "' is neither (the DBFS root is not modelled)");
}

DeltaLedgerEntry SqlEngine::ledger_entry(const std::string& table, const StorageLocation& root,
                                         std::string operation) const {
  DeltaLedgerEntry e;
  e.workspace = options_.workspace;
  e.cluster_id = options_.cluster_id;
  e.table = table;
  e.location = root.container.empty() ? "" : root.to_uri();
  e.write.store = root.container.empty() ? metastore_.last_write(clock_.now()).store : "storage:" + root.account;
  e.write.object = table;
  e.write.acknowledged_at = clock_.now();
  e.write.operation = std::move(operation);
  e.write.kind = "metastore";
  return e;
}

DataResult<SqlEngine::ResolvedTable> SqlEngine::resolve_table(const TableName& name,
                                                              const std::string& current_database) {
  auto hms = metastore_.client();
  if (!hms.ok()) return std::move(hms).error();
  ResolvedTable t;
  t.db = name.database.value_or(current_database);
  t.name = name.table;
  auto hive = (*hms)->get_table(t.db, t.name);
  if (!hive.ok()) {
    if (is_no_such_object(hive.error())) return table_not_found(t.db, t.name);
    return metastore_failure(hive.error());
  }
  t.hive = std::move(*hive);
  const auto provider = t.hive.parameters.find("spark.sql.sources.provider");
  if (provider == t.hive.parameters.end() || provider->second != "delta") {
    return DataError::make(DataErrorKind::kUnsupported, "DELTA_MISSING_DELTA_TABLE", "42P01",
                           "[DELTA_MISSING_DELTA_TABLE] " + quoted(t.db, t.name) +
                               " is not a Delta table (drdrill reads Delta tables only).");
  }
  auto root = resolve_location(t.hive.sd.location);
  if (!root.ok()) return std::move(root).error();
  t.root = std::move(*root);
  return t;
}

DataResult<StatementResult> SqlEngine::execute(const Statement& statement, std::string& current_database,
                                               const Parameters& parameters) {
  struct Visitor {
    SqlEngine& engine;
    std::string& db;
    const Parameters& params;
    DataResult<StatementResult> operator()(const CreateDatabase& s) { return engine.create_database(s); }
    DataResult<StatementResult> operator()(const DropDatabase& s) { return engine.drop_database(s); }
    DataResult<StatementResult> operator()(const UseDatabase& s) { return engine.use_database(s, db); }
    DataResult<StatementResult> operator()(const CreateTable& s) { return engine.create_table(s, db); }
    DataResult<StatementResult> operator()(const DropTable& s) { return engine.drop_table(s, db); }
    DataResult<StatementResult> operator()(const AlterTableAddColumns& s) { return engine.add_columns(s, db); }
    DataResult<StatementResult> operator()(const DescribeTable& s) { return engine.describe(s, db); }
    DataResult<StatementResult> operator()(const ShowTables& s) { return engine.show_tables(s, db); }
    DataResult<StatementResult> operator()(const InsertValues& s) { return engine.insert(s, db, params); }
    DataResult<StatementResult> operator()(const Select& s) { return engine.select(s, db, params); }
  };
  return std::visit(Visitor{*this, current_database, parameters}, statement);
}

// --- databases ---

DataResult<StatementResult> SqlEngine::create_database(const CreateDatabase& s) {
  auto hms = metastore_.client();
  if (!hms.ok()) return std::move(hms).error();
  sql::HiveDatabase db;
  db.name = s.name;
  db.description = s.comment;
  db.location_uri = s.location ? metastore_location(*s.location) : options_.warehouse_dir + "/" + s.name + ".db";
  db.owner_name = "root";
  auto created = (*hms)->create_database(db);
  StatementResult result;
  if (!created.ok()) {
    if (is_already_exists(created.error())) {
      if (s.if_not_exists) return result;
      return DataError::make(DataErrorKind::kAlreadyExists, "SCHEMA_ALREADY_EXISTS", "42P06",
                             "[SCHEMA_ALREADY_EXISTS] Cannot create schema " + quoted(s.name) +
                                 " because it already exists. Choose a different name, drop the existing schema, or "
                                 "add the IF NOT EXISTS clause to tolerate pre-existing schema.");
    }
    return metastore_failure(created.error());
  }
  DeltaLedgerEntry entry = ledger_entry(s.name, StorageLocation{}, "CREATE DATABASE");
  entry.write.underlying.push_back(metastore_.last_write(clock_.now()));
  result.writes.push_back(std::move(entry));
  return result;
}

DataResult<StatementResult> SqlEngine::drop_database(const DropDatabase& s) {
  auto hms = metastore_.client();
  if (!hms.ok()) return std::move(hms).error();
  auto dropped = (*hms)->drop_database(s.name, s.cascade);
  StatementResult result;
  if (!dropped.ok()) {
    const sql::MetastoreError& e = dropped.error();
    if (is_no_such_object(e)) {
      if (s.if_exists) return result;
      return schema_not_found(s.name);
    }
    if (!e.sql && e.kind == sql::MetastoreError::Kind::kInvalidOperation) {
      return DataError::make(DataErrorKind::kAnalysis, "SCHEMA_NOT_EMPTY", "2BP01",
                             "[SCHEMA_NOT_EMPTY] Cannot drop a schema " + quoted(s.name) +
                                 " because it contains objects. Use DROP SCHEMA ... CASCADE to drop the schema and "
                                 "all its objects.");
    }
    return metastore_failure(e);
  }
  DeltaLedgerEntry entry = ledger_entry(s.name, StorageLocation{}, "DROP DATABASE");
  entry.write.underlying.push_back(metastore_.last_write(clock_.now()));
  result.writes.push_back(std::move(entry));
  return result;
}

DataResult<StatementResult> SqlEngine::use_database(const UseDatabase& s, std::string& current_database) {
  auto hms = metastore_.client();
  if (!hms.ok()) return std::move(hms).error();
  auto db = (*hms)->get_database(s.name);
  if (!db.ok()) {
    if (is_no_such_object(db.error())) return schema_not_found(s.name);
    return metastore_failure(db.error());
  }
  current_database = s.name;
  return StatementResult{};
}

DataResult<StatementResult> SqlEngine::show_tables(const ShowTables& s, const std::string& current_database) {
  auto hms = metastore_.client();
  if (!hms.ok()) return std::move(hms).error();
  const std::string db = s.database.value_or(current_database);
  auto exists = (*hms)->get_database(db);
  if (!exists.ok()) {
    if (is_no_such_object(exists.error())) return schema_not_found(db);
    return metastore_failure(exists.error());
  }
  auto tables = (*hms)->get_tables(db);
  if (!tables.ok()) return metastore_failure(tables.error());
  StatementResult result;
  result.columns = {{"database", DataType::kString}, {"tableName", DataType::kString}, {"isTemporary", DataType::kBoolean}};
  for (const std::string& t : *tables) {
    if (s.pattern && !like(t, *s.pattern)) continue;
    result.rows.push_back({Value(db), Value(t), Value(false)});
  }
  return result;
}

// --- tables ---

DataResult<StatementResult> SqlEngine::create_table(const CreateTable& s, const std::string& current_database) {
  auto hms = metastore_.client();
  if (!hms.ok()) return std::move(hms).error();
  const std::string db = s.table.database.value_or(current_database);
  auto database = (*hms)->get_database(db);
  if (!database.ok()) {
    if (is_no_such_object(database.error())) return schema_not_found(db);
    return metastore_failure(database.error());
  }
  auto existing = (*hms)->get_table(db, s.table.table);
  if (existing.ok()) {
    if (s.if_not_exists) return StatementResult{};
    return DataError::make(DataErrorKind::kAlreadyExists, "TABLE_OR_VIEW_ALREADY_EXISTS", "42P07",
                           "[TABLE_OR_VIEW_ALREADY_EXISTS] Cannot create table or view " + quoted(db, s.table.table) +
                               " because it already exists. Choose a different name, drop or replace the existing "
                               "object, or add the IF NOT EXISTS clause to tolerate pre-existing objects.");
  }
  if (!is_no_such_object(existing.error())) return metastore_failure(existing.error());

  std::set<std::string> seen;
  for (const ColumnDefinition& c : s.columns) {
    if (!seen.insert(c.name).second) {
      return analysis("COLUMN_ALREADY_EXISTS", "42711", "The column `" + c.name + "` already exists.");
    }
  }
  const std::string location =
      s.location ? metastore_location(*s.location) : database->location_uri + "/" + s.table.table;
  auto root = resolve_location(location);
  if (!root.ok()) {
    DataError e = std::move(root).error();
    if (!s.location) e.message = "CREATE TABLE without LOCATION puts the table in its database's location: " + e.message;
    return e;
  }
  DeltaTable& delta = table_at(*root);
  DeltaReadReport report;
  auto head = delta.latest(DeltaReadMode::kStrict, report);
  std::vector<DeltaField> schema = fields_of(s.columns);
  DeltaLedgerEntry entry = ledger_entry(db + "." + s.table.table, *root, "CREATE TABLE");
  if (head.ok()) {
    // The location already holds a Delta table: register it; a schema given must be the same.
    if (!schema.empty() && schema != (*head)->metadata.schema) {
      return DataError::make(DataErrorKind::kSchemaMismatch, "DELTA_CREATE_TABLE_SCHEME_MISMATCH", "42KD7",
                             "[DELTA_CREATE_TABLE_SCHEME_MISMATCH] The specified schema does not match the existing "
                             "schema at " +
                                 root->to_uri() + ".\n\n== Specified ==\n" + describe_schema(schema) +
                                 "\n\n== Existing ==\n" + describe_schema((*head)->metadata.schema));
    }
    schema = (*head)->metadata.schema;
  } else if (head.error().kind == DataErrorKind::kMissingTransactionLog) {
    if (schema.empty()) {
      return analysis("DELTA_SCHEMA_NOT_PROVIDED", "42908",
                      "Table schema is not provided. Please provide the schema (column definition) of the table.");
    }
    const TimePoint now = clock_.now();
    DeltaCommit commit;
    commit.version = 0;
    DeltaCommitInfo info;
    info.timestamp_ms = epoch_ms(now);
    info.operation = "CREATE TABLE";
    info.operation_parameters = {{"isManaged", "false"}, {"description", s.comment}, {"partitionBy", "[]"},
                                 {"properties", "{}"}};
    info.is_blind_append = true;
    info.cluster_id = options_.cluster_id;
    commit.commit_info = std::move(info);
    commit.protocol = DeltaProtocol{};
    DeltaMetadata metadata;
    metadata.id = deterministic_uuid(root->to_uri() + "#" + std::to_string(epoch_ms(now)));
    metadata.schema = schema;
    metadata.created_time_ms = epoch_ms(now);
    commit.metadata = std::move(metadata);
    auto receipt = delta.commit(commit);
    if (!receipt.ok()) return std::move(receipt).error();
    entry.write.kind = "delta_commit";
    entry.write.delta_version = 0;
    entry.write.bytes += receipt->bytes;
    entry.write.underlying.push_back(underlying(*receipt));
  } else {
    return std::move(head).error();
  }

  sql::HiveTable table;
  table.db_name = db;
  table.table_name = s.table.table;
  table.owner = "root";
  table.table_type = sql::kExternalTable;
  table.sd.cols = hive_columns(schema);
  table.sd.location = location;
  // What Spark writes for a data source table the Hive SerDes cannot read.
  table.sd.input_format = "org.apache.hadoop.mapred.SequenceFileInputFormat";
  table.sd.output_format = "org.apache.hadoop.hive.ql.io.HiveSequenceFileOutputFormat";
  table.sd.serde_info.serialization_lib = "org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe";
  table.sd.serde_info.parameters = {{"path", location}, {"serialization.format", "1"}};
  table.parameters = {{"EXTERNAL", "TRUE"}, {"spark.sql.sources.provider", "delta"}};
  if (!s.comment.empty()) table.parameters["comment"] = s.comment;
  auto created = (*hms)->create_table(table);
  if (!created.ok()) {
    if (is_already_exists(created.error())) {
      return DataError::make(DataErrorKind::kAlreadyExists, "TABLE_OR_VIEW_ALREADY_EXISTS", "42P07",
                             "[TABLE_OR_VIEW_ALREADY_EXISTS] Cannot create table or view " + quoted(db, s.table.table) +
                                 " because it already exists.");
    }
    return metastore_failure(created.error());
  }
  entry.write.underlying.push_back(metastore_.last_write(clock_.now()));
  entry.write.acknowledged_at = clock_.now();
  StatementResult result;
  result.writes.push_back(std::move(entry));
  return result;
}

DataResult<StatementResult> SqlEngine::drop_table(const DropTable& s, const std::string& current_database) {
  auto hms = metastore_.client();
  if (!hms.ok()) return std::move(hms).error();
  const std::string db = s.table.database.value_or(current_database);
  auto dropped = (*hms)->drop_table(db, s.table.table);
  StatementResult result;
  if (!dropped.ok()) {
    if (is_no_such_object(dropped.error())) {
      if (s.if_exists) return result;
      return table_not_found(db, s.table.table);
    }
    return metastore_failure(dropped.error());
  }
  DeltaLedgerEntry entry = ledger_entry(db + "." + s.table.table, StorageLocation{}, "DROP TABLE");
  entry.write.underlying.push_back(metastore_.last_write(clock_.now()));
  result.writes.push_back(std::move(entry));
  return result;
}

DataResult<StatementResult> SqlEngine::add_columns(const AlterTableAddColumns& s, const std::string& current_database) {
  auto resolved = resolve_table(s.table, current_database);
  if (!resolved.ok()) return std::move(resolved).error();
  ResolvedTable& t = *resolved;
  DeltaTable& delta = table_at(t.root);
  DeltaReadReport report;
  auto head = delta.latest(DeltaReadMode::kStrict, report);
  if (!head.ok()) return std::move(head).error();
  const std::int64_t read_version = (*head)->version;
  DeltaMetadata metadata = (*head)->metadata;
  std::set<std::string> names;
  for (const DeltaField& f : metadata.schema) names.insert(f.name);
  for (const ColumnDefinition& c : s.columns) {
    if (!names.insert(c.name).second) {
      return analysis("FIELDS_ALREADY_EXISTS", "42710",
                      "Cannot add column, because `" + c.name + "` already exists in " + describe_schema(metadata.schema) + ".");
    }
    if (!c.nullable) {
      return analysis("DELTA_NOT_NULL_COLUMN_NOT_FOUND_IN_STRUCT", "42K09",
                      "Cannot add the NOT NULL column `" + c.name + "` to an existing Delta table: its rows have no value for it.");
    }
  }
  for (DeltaField& f : fields_of(s.columns)) metadata.schema.push_back(std::move(f));

  // The metastore first: on a read-only secondary this is where the change is refused (3906).
  auto hms = metastore_.client();
  if (!hms.ok()) return std::move(hms).error();
  sql::HiveTable altered = t.hive;
  altered.sd.cols = hive_columns(metadata.schema);
  auto changed = (*hms)->alter_table(t.db, t.name, altered);
  if (!changed.ok()) return metastore_failure(changed.error());
  DeltaLedgerEntry entry = ledger_entry(t.db + "." + t.name, t.root, "ADD COLUMNS");
  entry.write.underlying.push_back(metastore_.last_write(clock_.now()));

  DeltaCommit commit;
  commit.version = read_version + 1;
  DeltaCommitInfo info;
  info.timestamp_ms = epoch_ms(clock_.now());
  info.operation = "ADD COLUMNS";
  std::string added;
  for (const ColumnDefinition& c : s.columns) added += (added.empty() ? "" : ", ") + c.name;
  info.operation_parameters = {{"columns", "[" + added + "]"}};
  info.read_version = read_version;
  info.cluster_id = options_.cluster_id;
  commit.commit_info = std::move(info);
  commit.metadata = metadata;
  auto receipt = delta.commit(commit);
  if (!receipt.ok()) {
    // Undo the metastore change so the two stores keep agreeing (best effort: it may fail too).
    (void)(*hms)->alter_table(t.db, t.name, t.hive);
    return std::move(receipt).error();
  }
  entry.write.kind = "delta_commit";
  entry.write.delta_version = commit.version;
  entry.write.bytes = receipt->bytes;
  entry.write.underlying.push_back(underlying(*receipt));
  entry.write.acknowledged_at = clock_.now();
  StatementResult result;
  result.writes.push_back(std::move(entry));
  return result;
}

DataResult<StatementResult> SqlEngine::describe(const DescribeTable& s, const std::string& current_database) {
  auto resolved = resolve_table(s.table, current_database);
  if (!resolved.ok()) return std::move(resolved).error();
  DeltaReadReport report;
  auto head = table_at(resolved->root).latest(options_.read_mode, report);
  StatementResult result;
  result.read = report;
  if (!head.ok()) return std::move(head).error();
  result.columns = {{"col_name", DataType::kString}, {"data_type", DataType::kString}, {"comment", DataType::kString}};
  for (const DeltaField& f : (*head)->metadata.schema) {
    result.rows.push_back({Value(f.name), Value(std::string(hive_name(f.type))),
                           f.comment.empty() ? Value{} : Value(f.comment)});
  }
  return result;
}

// --- rows ---

DataResult<StatementResult> SqlEngine::append_rows(const ResolvedTable& table, const DeltaSnapshot& snapshot,
                                                   std::string content, std::int64_t count) {
  DeltaTable& delta = table_at(table.root);
  const std::int64_t read_version = snapshot.version;
  const std::int64_t size = static_cast<std::int64_t>(content.size());
  const std::string name = data_file_name(table.root.to_uri() + "#" + options_.cluster_id + "#" +
                                          std::to_string(read_version + 1) + "#" + std::to_string(files_written_++));
  auto data = delta.write_data_file(name, std::move(content));
  if (!data.ok()) return std::move(data).error();

  const TimePoint now = clock_.now();
  DeltaCommit commit;
  commit.version = read_version + 1;
  DeltaCommitInfo info;
  info.timestamp_ms = epoch_ms(now);
  info.operation = "WRITE";
  info.operation_parameters = {{"mode", "Append"}, {"partitionBy", "[]"}};
  info.read_version = read_version;
  info.is_blind_append = true;
  info.operation_metrics = {{"numFiles", "1"}, {"numOutputRows", std::to_string(count)},
                            {"numOutputBytes", std::to_string(size)}};
  info.cluster_id = options_.cluster_id;
  commit.commit_info = std::move(info);
  DeltaAddFile add;
  add.path = name;
  add.size_bytes = size;
  add.modification_time_ms = epoch_ms(now);
  add.num_records = count;
  commit.adds.push_back(std::move(add));
  auto log = delta.commit(commit);
  if (!log.ok()) return std::move(log).error();

  DeltaLedgerEntry entry = ledger_entry(table.db + "." + table.name, table.root, "WRITE");
  entry.write.kind = "delta_commit";
  entry.write.delta_version = commit.version;
  entry.write.rows = count;
  entry.write.bytes = data->bytes + log->bytes;
  entry.write.underlying.push_back(underlying(*data));
  entry.write.underlying.push_back(underlying(*log));
  entry.write.acknowledged_at = log->acknowledged_at;
  StatementResult result;
  result.columns = {{"num_affected_rows", DataType::kBigint}, {"num_inserted_rows", DataType::kBigint}};
  result.rows.push_back({Value(count), Value(count)});
  result.writes.push_back(std::move(entry));
  return result;
}

DataResult<StatementResult> SqlEngine::insert(const InsertValues& s, const std::string& current_database,
                                              const Parameters& parameters) {
  auto resolved = resolve_table(s.table, current_database);
  if (!resolved.ok()) return std::move(resolved).error();
  DeltaTable& delta = table_at(resolved->root);
  DeltaReadReport report;
  auto head = delta.latest(DeltaReadMode::kStrict, report);  // a writer never commits over a gap
  if (!head.ok()) return std::move(head).error();
  const DeltaSnapshot& snapshot = **head;
  const std::vector<DeltaField>& schema = snapshot.metadata.schema;
  const std::string qualified = quoted(resolved->db, resolved->name);

  // Which schema column each VALUES position fills.
  std::vector<std::size_t> targets;
  if (s.columns.empty()) {
    for (std::size_t i = 0; i < schema.size(); ++i) targets.push_back(i);
  } else {
    std::set<std::string> seen;
    for (const std::string& c : s.columns) {
      const DeltaField* f = find_field(schema, c);
      if (f == nullptr) return unresolved_column(c, schema);
      if (!seen.insert(c).second) {
        return analysis("COLUMN_ALREADY_EXISTS", "42711", "The column `" + c + "` already exists.");
      }
      targets.push_back(static_cast<std::size_t>(f - schema.data()));
    }
  }
  std::vector<std::vector<Value>> rows;
  rows.reserve(s.rows.size());
  for (const auto& literals : s.rows) {
    if (literals.size() != targets.size()) {
      const bool too_many = literals.size() > targets.size();
      return analysis(std::string("INSERT_COLUMN_ARITY_MISMATCH.") +
                          (too_many ? "TOO_MANY_DATA_COLUMNS" : "NOT_ENOUGH_DATA_COLUMNS"),
                      "21S01",
                      "Cannot write to " + qualified + ", the reason is " +
                          (too_many ? "too many data columns" : "not enough data columns") + ": table columns: " +
                          std::to_string(targets.size()) + ", data columns: " + std::to_string(literals.size()) + ".");
    }
    std::vector<Value> row(schema.size());
    for (std::size_t i = 0; i < literals.size(); ++i) {
      auto bound = bind(literals[i], parameters);
      if (!bound.ok()) return std::move(bound).error();
      auto value = store_value(*bound, schema[targets[i]], qualified);
      if (!value.ok()) return std::move(value).error();
      row[targets[i]] = std::move(*value);
    }
    for (std::size_t i = 0; i < schema.size(); ++i) {
      if (is_null(row[i]) && !schema[i].nullable) {
        return analysis("DELTA_NOT_NULL_CONSTRAINT_VIOLATED", "23502",
                        "NOT NULL constraint violated for column: " + schema[i].name + ".");
      }
    }
    rows.push_back(std::move(row));
  }
  const DeltaSnapshot copy = snapshot;
  const auto count = static_cast<std::int64_t>(rows.size());
  return append_rows(*resolved, copy, encode_data_file(schema, rows), count);
}

DataResult<StatementResult> SqlEngine::insert_generated_rows(const TableName& table, std::int64_t rows,
                                                             const std::string& current_database) {
  auto resolved = resolve_table(table, current_database);
  if (!resolved.ok()) return std::move(resolved).error();
  DeltaReadReport report;
  auto head = table_at(resolved->root).latest(DeltaReadMode::kStrict, report);
  if (!head.ok()) return std::move(head).error();
  // Not a copy (a table's snapshot holds every file it names): append_rows reads the snapshot only
  // before its commit, the one call that moves the table's cached snapshot on.
  const DeltaSnapshot& snapshot = **head;
  const std::int64_t first = snapshot.num_records() + 1;
  const std::string now = format_iso8601(clock_.now());
  const std::string today = now.substr(0, 10);
  const std::string timestamp = today + " " + now.substr(11, 8);
  // Written straight into the file (a job inserts 1,000 rows a run): the bytes encode_data_file
  // writes for the same values, without a Value per cell.
  const std::vector<DeltaField>& schema = snapshot.metadata.schema;
  std::string today_json;
  append_json_string(today_json, today);
  std::string timestamp_json;
  append_json_string(timestamp_json, timestamp);
  const DataFileRowWriter writer(schema);
  const std::int64_t count = std::max<std::int64_t>(rows, 0);
  // A row's text differs from the next row's only in the values made from its number n. The rest
  // (keys, punctuation, the date and timestamp columns, the quotes and "row-" around a string) is
  // worked out once, from one row the writer writes with the values left out, as literal runs
  // between the values; each row is then its runs and values appended in turn.
  enum class Slot { kDigits, kBoolean, kDouble };
  std::string runs;                                // the literal runs, back to back
  std::vector<std::pair<std::size_t, Slot>> slots;  // where in `runs` each value goes, and which
  writer.add_row(runs, [&](std::size_t field, std::string& out) {
    switch (schema[field].type) {
      case DataType::kBoolean: slots.emplace_back(out.size(), Slot::kBoolean); break;
      case DataType::kInt:
      case DataType::kBigint: slots.emplace_back(out.size(), Slot::kDigits); break;
      case DataType::kFloat:
      case DataType::kDouble: slots.emplace_back(out.size(), Slot::kDouble); break;
      case DataType::kString:
        out += "\"row-";  // "row-<n>": nothing in it to escape
        slots.emplace_back(out.size(), Slot::kDigits);
        out += '"';
        break;
      case DataType::kDate: out += today_json; break;
      case DataType::kTimestamp: out += timestamp_json; break;
    }
  });
  // n's digits (append_json_int's bytes: std::to_chars) are longest in the last row; a double of
  // an integer is at most 24 characters, a boolean 5.
  std::array<char, 24> digits_buffer{};
  const auto digits = [&](std::int64_t n) {
    const auto end = std::to_chars(digits_buffer.data(), digits_buffer.data() + digits_buffer.size(), n).ptr;
    return std::string_view(digits_buffer.data(), static_cast<std::size_t>(end - digits_buffer.data()));
  };
  std::size_t row_bytes_max = runs.size();
  const std::size_t digits_max = std::max(digits(first).size(), digits(first + std::max<std::int64_t>(count - 1, 0)).size());
  for (const auto& [at, slot] : slots) {
    row_bytes_max += slot == Slot::kDigits ? digits_max : slot == Slot::kBoolean ? 5 : 24;
  }
  std::string content;
  content.reserve(static_cast<std::size_t>(count) * row_bytes_max);
  for (std::int64_t i = 0; i < count; ++i) {
    const std::int64_t n = first + i;
    const std::string_view n_digits = digits(n);
    std::size_t from = 0;
    for (const auto& [at, slot] : slots) {
      content.append(runs.data() + from, at - from);
      switch (slot) {
        case Slot::kDigits: content += n_digits; break;
        case Slot::kBoolean: append_json_bool(content, n % 2 == 0); break;
        case Slot::kDouble: append_json_double(content, static_cast<double>(n)); break;
      }
      from = at;
    }
    content.append(runs.data() + from, runs.size() - from);
  }
  return append_rows(*resolved, snapshot, std::move(content), count);
}

DataResult<StatementResult> SqlEngine::select(const Select& s, const std::string& current_database,
                                              const Parameters& parameters) {
  StatementResult result;
  if (!s.from) {
    std::vector<Value> row;
    for (const SelectItem& item : s.items) {
      if (item.kind == SelectItem::Kind::kColumn) {
        return analysis("UNRESOLVED_COLUMN.WITHOUT_SUGGESTION", "42703",
                        "A column, variable, or function parameter with name `" + item.column + "` cannot be resolved.");
      }
      if (item.kind == SelectItem::Kind::kCountStar) {
        result.columns.push_back({item.alias.value_or(item.text), DataType::kBigint});
        row.emplace_back(std::int64_t{1});
        continue;
      }
      auto bound = bind(item.literal, parameters);
      if (!bound.ok()) return std::move(bound).error();
      auto [value, type] = natural_value(*bound);
      result.columns.push_back({item.alias.value_or(item.text), type});
      row.push_back(std::move(value));
    }
    if (!s.limit || *s.limit > 0) result.rows.push_back(std::move(row));
    return result;
  }

  bool counts = false;
  bool columns = s.star;
  for (const SelectItem& item : s.items) {
    counts = counts || item.kind == SelectItem::Kind::kCountStar;
    columns = columns || item.kind == SelectItem::Kind::kColumn;
  }
  if (counts && columns) {
    return analysis("MISSING_GROUP_BY", "42803",
                    "The query does not include a GROUP BY clause. Add GROUP BY or turn it into the window functions "
                    "using OVER clauses.");
  }
  auto resolved = resolve_table(*s.from, current_database);
  if (!resolved.ok()) return std::move(resolved).error();
  DeltaTable& delta = table_at(resolved->root);
  DeltaReadReport report;
  // count(*) without WHERE reads only the file statistics, but still checks each file exists, so a
  // missing file is found exactly as a full read would find it.
  const bool stats_only = counts && s.where.empty();
  auto scan = delta.scan(options_.read_mode, !stats_only, report);
  result.read = report;
  if (!scan.ok()) return std::move(scan).error();
  const std::vector<DeltaField>& schema = scan->snapshot().metadata.schema;

  // Resolve the projection and the predicates against the snapshot's schema.
  struct Output {
    std::optional<std::size_t> column;
    Value literal;
    bool count = false;
  };
  std::vector<Output> outputs;
  if (s.star) {
    for (std::size_t i = 0; i < schema.size(); ++i) {
      result.columns.push_back({schema[i].name, schema[i].type});
      outputs.push_back({i, Value{}, false});
    }
  }
  for (const SelectItem& item : s.items) {
    const std::string name = item.alias.value_or(item.text);
    if (item.kind == SelectItem::Kind::kColumn) {
      const DeltaField* f = find_field(schema, item.column);
      if (f == nullptr) return unresolved_column(item.column, schema);
      result.columns.push_back({name, f->type});
      outputs.push_back({static_cast<std::size_t>(f - schema.data()), Value{}, false});
    } else if (item.kind == SelectItem::Kind::kCountStar) {
      result.columns.push_back({name, DataType::kBigint});
      outputs.push_back({std::nullopt, Value{}, true});
    } else {
      auto bound = bind(item.literal, parameters);
      if (!bound.ok()) return std::move(bound).error();
      auto [value, type] = natural_value(*bound);
      result.columns.push_back({name, type});
      outputs.push_back({std::nullopt, std::move(value), false});
    }
  }
  struct Condition {
    std::size_t column;
    CompareOp op;
    Value value;
  };
  std::vector<Condition> conditions;
  for (const Predicate& p : s.where) {
    const DeltaField* f = find_field(schema, p.column);
    if (f == nullptr) return unresolved_column(p.column, schema);
    Value value;
    if (p.op != CompareOp::kIsNull && p.op != CompareOp::kIsNotNull) {
      auto bound = bind(p.literal, parameters);
      if (!bound.ok()) return std::move(bound).error();
      auto converted = comparison_value(*bound, *f);
      if (!converted.ok()) return std::move(converted).error();
      value = std::move(*converted);
    }
    conditions.push_back({static_cast<std::size_t>(f - schema.data()), p.op, std::move(value)});
  }

  const std::int64_t limit = s.limit.value_or(std::numeric_limits<std::int64_t>::max());
  if (counts) {
    std::int64_t n = 0;
    if (stats_only) {
      for (const auto& [file, content] : scan->files) n += file->num_records;
    } else {
      for (const auto& [file, content] : scan->files) {
        auto rows = decode_data_file(schema, content, StorageClient::display_url(resolved->root) + "/" + file->path);
        if (!rows.ok()) return std::move(rows).error();
        for (const auto& row : *rows) {
          bool keep = true;
          for (const Condition& c : conditions) keep = keep && satisfies(row[c.column], c.op, c.value);
          n += keep ? 1 : 0;
        }
      }
    }
    std::vector<Value> row;
    for (const Output& o : outputs) row.push_back(o.count ? Value(n) : o.literal);
    if (limit > 0) result.rows.push_back(std::move(row));
    return result;
  }
  for (const auto& [file, content] : scan->files) {
    auto rows = decode_data_file(schema, content, StorageClient::display_url(resolved->root) + "/" + file->path);
    if (!rows.ok()) return std::move(rows).error();
    for (auto& row : *rows) {
      if (static_cast<std::int64_t>(result.rows.size()) >= limit) return result;
      bool keep = true;
      for (const Condition& c : conditions) keep = keep && satisfies(row[c.column], c.op, c.value);
      if (!keep) continue;
      std::vector<Value> out;
      out.reserve(outputs.size());
      for (const Output& o : outputs) out.push_back(o.column ? row[*o.column] : o.literal);
      result.rows.push_back(std::move(out));
    }
  }
  return result;
}

}  // namespace drdrill::lakehouse
