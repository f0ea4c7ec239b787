#pragma once
// The statements the drdrill SQL engine runs, as the parser produces them. Plain values.
//
// Names are case-insensitive in Spark and stored lower-cased in the Hive metastore, so the parser
// lower-cases database, table and column names (quoted or not) and keeps the spelling only for
// messages.

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "lakehouse/data_type.h"
#include "lakehouse/parse_error.h"

namespace drdrill::lakehouse {

// [catalog.][database.]table; catalog, when given, was hive_metastore or spark_catalog.
struct TableName {
  std::optional<std::string> database;
  std::string table;
  SourcePosition position;
};

struct Literal {
  enum class Kind { kNull, kBoolean, kInteger, kDecimal, kString, kDate, kTimestamp, kParameter };
  Kind kind = Kind::kNull;
  std::string text;        // digits (with sign), string contents, date/timestamp text, parameter name
  bool boolean = false;
  SourcePosition position;
};

struct ColumnDefinition {
  std::string name;
  DataType type = DataType::kString;
  bool nullable = true;
  std::string comment;
};

struct CreateDatabase {
  std::string name;
  bool if_not_exists = false;
  std::optional<std::string> location;
  std::string comment;
};

struct DropDatabase {
  std::string name;
  bool if_exists = false;
  bool cascade = false;
};

struct UseDatabase {
  std::string name;
};

struct CreateTable {
  TableName table;
  bool if_not_exists = false;
  std::vector<ColumnDefinition> columns;  // empty: take the schema of an existing Delta log
  std::string provider = "delta";         // USING <provider>; only delta is supported
  std::optional<std::string> location;
  std::string comment;
};

struct DropTable {
  TableName table;
  bool if_exists = false;
};

struct AlterTableAddColumns {
  TableName table;
  std::vector<ColumnDefinition> columns;
};

struct DescribeTable {
  TableName table;
};

struct ShowTables {
  std::optional<std::string> database;
  std::optional<std::string> pattern;  // LIKE 'sales*|orders' (Spark's * and | wildcards)
};

struct InsertValues {
  TableName table;
  std::vector<std::string> columns;  // empty: every column in table order
  std::vector<std::vector<Literal>> rows;
};

// One item of a SELECT list.
struct SelectItem {
  enum class Kind { kColumn, kLiteral, kCountStar };
  Kind kind = Kind::kColumn;
  std::string column;  // kColumn
  Literal literal;     // kLiteral
  std::optional<std::string> alias;
  std::string text;    // as written, Spark's default output name ("count(1)", "id", "1")
  SourcePosition position;
};

enum class CompareOp { kEq, kNe, kLt, kLe, kGt, kGe, kIsNull, kIsNotNull };

// column <op> literal; IS [NOT] NULL has no literal.
struct Predicate {
  std::string column;
  CompareOp op = CompareOp::kEq;
  Literal literal;
  SourcePosition position;
};

struct Select {
  bool star = false;                // SELECT *
  std::vector<SelectItem> items;    // when not star
  std::optional<TableName> from;    // absent: SELECT 1
  std::vector<Predicate> where;     // ANDed
  std::optional<std::int64_t> limit;
};

using Statement = std::variant<CreateDatabase, DropDatabase, UseDatabase, CreateTable, DropTable, AlterTableAddColumns,
                               DescribeTable, ShowTables, InsertValues, Select>;

// "CREATE TABLE", "INSERT", "SELECT", ...: for ledgers and messages.
std::string_view statement_kind(const Statement& statement);
// Whether the statement writes (to the metastore or to storage).
bool statement_writes(const Statement& statement);

}  // namespace drdrill::lakehouse
