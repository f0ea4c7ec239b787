// The drdrill SQL parser: the statements a DR drill runs parse into the right shape, and everything
// else is refused with Spark's error classes, a position, and a hint of what was expected.

#include <gtest/gtest.h>

#include "lakehouse/sql_parser.h"

namespace drdrill::lakehouse {
namespace {

// The statement, by value (the ParseResult is a temporary).
template <typename T>
T parsed_as(const ParseResult<Statement>& r) {
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
  if (!r.ok() || !std::holds_alternative<T>(*r)) {
    ADD_FAILURE() << "parsed as another statement kind";
    return T{};
  }
  return std::get<T>(*r);
}

ParseError error_of(std::string_view sql) {
  auto r = parse_statement(sql);
  EXPECT_FALSE(r.ok()) << sql;
  return r.ok() ? ParseError{} : r.error();
}

TEST(SparkSqlParser, ParsesCreateTableWithColumnsUsingDeltaAndLocation) {
  const auto s = parsed_as<CreateTable>(parse_statement(
      "CREATE TABLE IF NOT EXISTS Sales.Orders (id BIGINT NOT NULL, amount DOUBLE COMMENT 'EUR', note string) "
      "USING DELTA LOCATION '/mnt/raw/orders'"));
  EXPECT_TRUE(s.if_not_exists);
  EXPECT_EQ(s.table.database, "sales");
  EXPECT_EQ(s.table.table, "orders");
  ASSERT_EQ(s.columns.size(), 3u);
  EXPECT_EQ(s.columns[0].name, "id");
  EXPECT_EQ(s.columns[0].type, DataType::kBigint);
  EXPECT_FALSE(s.columns[0].nullable);
  EXPECT_EQ(s.columns[1].comment, "EUR");
  EXPECT_EQ(s.columns[2].type, DataType::kString);
  EXPECT_EQ(s.location, "/mnt/raw/orders");
}

TEST(SparkSqlParser, AcceptsTheClausesOfCreateTableInAnyOrderButEachOnce) {
  const auto s = parsed_as<CreateTable>(
      parse_statement("create table t (a int) location 'abfss://c@acct.dfs.core.windows.net/t' using delta"));
  EXPECT_EQ(s.location, "abfss://c@acct.dfs.core.windows.net/t");
  const ParseError e = error_of("CREATE TABLE t (a INT) LOCATION '/mnt/a' LOCATION '/mnt/b'");
  EXPECT_EQ(e.error_class, "DUPLICATE_CLAUSES");
}

TEST(SparkSqlParser, ParsesInsertWithColumnListAndSeveralRowsOfLiterals) {
  const auto s = parsed_as<InsertValues>(
      parse_statement("INSERT INTO hive_metastore.default.t (id, name) VALUES (1, 'it''s'), (-2.5, NULL), "
                      "(3, DATE '2026-01-31')"));
  EXPECT_EQ(s.table.database, "default");
  EXPECT_EQ(s.columns, (std::vector<std::string>{"id", "name"}));
  ASSERT_EQ(s.rows.size(), 3u);
  EXPECT_EQ(s.rows[0][1].kind, Literal::Kind::kString);
  EXPECT_EQ(s.rows[0][1].text, "it's");
  EXPECT_EQ(s.rows[1][0].kind, Literal::Kind::kDecimal);
  EXPECT_EQ(s.rows[1][0].text, "-2.5");
  EXPECT_EQ(s.rows[1][1].kind, Literal::Kind::kNull);
  EXPECT_EQ(s.rows[2][1].kind, Literal::Kind::kDate);
}

TEST(SparkSqlParser, ParsesSelectWithProjectionCountWhereAndLimit) {
  const auto s = parsed_as<Select>(
      parse_statement("SELECT id, name AS n, count(*) FROM t WHERE id >= 10 AND name <> 'x' AND note IS NOT NULL "
                      "LIMIT 5;"));
  ASSERT_EQ(s.items.size(), 3u);
  EXPECT_EQ(s.items[1].alias, "n");
  EXPECT_EQ(s.items[2].kind, SelectItem::Kind::kCountStar);
  EXPECT_EQ(s.items[2].text, "count(1)");
  ASSERT_EQ(s.where.size(), 3u);
  EXPECT_EQ(s.where[0].op, CompareOp::kGe);
  EXPECT_EQ(s.where[1].op, CompareOp::kNe);
  EXPECT_EQ(s.where[2].op, CompareOp::kIsNotNull);
  EXPECT_EQ(s.limit, 5);
}

TEST(SparkSqlParser, ParsesSelectStarAndSelectOfLiteralsWithoutFrom) {
  EXPECT_TRUE(parsed_as<Select>(parse_statement("select * from `my table`")).star);
  const auto probe = parsed_as<Select>(parse_statement("SELECT 1"));
  EXPECT_FALSE(probe.from.has_value());
  EXPECT_EQ(probe.items.at(0).text, "1");
}

TEST(SparkSqlParser, ParsesTheDdlAndCatalogStatements) {
  EXPECT_EQ(parsed_as<AlterTableAddColumns>(parse_statement("ALTER TABLE t ADD COLUMNS (c STRING, d INT)")).columns.size(),
            2u);
  EXPECT_EQ(parsed_as<AlterTableAddColumns>(parse_statement("ALTER TABLE t ADD COLUMN c STRING")).columns.size(), 1u);
  EXPECT_EQ(parsed_as<DescribeTable>(parse_statement("DESCRIBE TABLE db.t")).table.database, "db");
  EXPECT_EQ(parsed_as<DescribeTable>(parse_statement("DESC t")).table.table, "t");
  EXPECT_EQ(parsed_as<ShowTables>(parse_statement("SHOW TABLES IN db LIKE 'sa*'")).pattern, "sa*");
  EXPECT_TRUE(parsed_as<DropTable>(parse_statement("DROP TABLE IF EXISTS t")).if_exists);
  EXPECT_EQ(parsed_as<CreateDatabase>(parse_statement("CREATE SCHEMA IF NOT EXISTS sales LOCATION '/mnt/raw/sales'"))
                .location,
            "/mnt/raw/sales");
  EXPECT_EQ(parsed_as<UseDatabase>(parse_statement("USE sales")).name, "sales");
  EXPECT_TRUE(parsed_as<DropDatabase>(parse_statement("DROP DATABASE sales CASCADE")).cascade);
}

TEST(SparkSqlParser, ReportsASyntaxErrorAtTheTokenWithLinePositionAndACaretLikeSpark) {
  const ParseError e = error_of("SELECT * FRM t");
  EXPECT_EQ(e.error_class, "PARSE_SYNTAX_ERROR");
  EXPECT_EQ(e.sql_state, "42601");
  EXPECT_EQ(e.position.line, 1);
  EXPECT_EQ(e.position.column, 9);
  EXPECT_EQ(e.message,
            "[PARSE_SYNTAX_ERROR] Syntax error at or near 'FRM': expected FROM.(line 1, pos 9)\n\n== SQL ==\n"
            "SELECT * FRM t\n---------^^^\n");
}

TEST(SparkSqlParser, CountsLinesAndColumnsAcrossNewlines) {
  const ParseError e = error_of("SELECT id\nFROM t\nWHERE id = ");
  EXPECT_EQ(e.position.line, 3);
  EXPECT_EQ(e.position.column, 11);
  EXPECT_NE(e.message.find("Syntax error at or near end of input"), std::string::npos) << e.message;
  EXPECT_NE(e.message.find("WHERE id = \n-----------^^^\n"), std::string::npos) << e.message;
}

TEST(SparkSqlParser, SaysWhatItExpectedWhereAListIsCutShort) {
  EXPECT_NE(error_of("INSERT INTO t VALUES (1, 2").message.find("Syntax error at or near end of input: expected ',' or ')'"),
            std::string::npos);
  EXPECT_NE(error_of("CREATE TABLE t (a INT,)").message.find("at or near ')': expected a column name"), std::string::npos);
  EXPECT_NE(error_of("SELECT FROM t").message.find("at or near 'FROM'"), std::string::npos);
}

TEST(SparkSqlParser, RefusesUnterminatedStringsAndComments) {
  const ParseError s = error_of("SELECT 'abc");
  EXPECT_EQ(s.error_class, "PARSE_SYNTAX_ERROR");
  EXPECT_EQ(s.position.column, 7);
  EXPECT_NE(s.message.find("unclosed string literal"), std::string::npos);
  EXPECT_EQ(error_of("SELECT 1 /* no end").error_class, "UNCLOSED_BRACKETED_COMMENT");
}

TEST(SparkSqlParser, CallsStatementsSparkKnowsButDrdrillDoesNotRunUnsupportedRatherThanSyntaxErrors) {
  EXPECT_EQ(error_of("UPDATE t SET a = 1").error_class, "UNSUPPORTED_FEATURE");
  EXPECT_EQ(error_of("MERGE INTO t USING s ON t.id = s.id").error_class, "UNSUPPORTED_FEATURE");
  EXPECT_EQ(error_of("INSERT OVERWRITE t VALUES (1)").error_class, "UNSUPPORTED_FEATURE");
  EXPECT_EQ(error_of("SELECT id FROM t ORDER BY id").error_class, "UNSUPPORTED_FEATURE");
  EXPECT_EQ(error_of("CREATE TABLE t (a INT) USING PARQUET").error_class, "UNSUPPORTED_FEATURE");
  const ParseError type = error_of("CREATE TABLE t (a DECIMAL(10,2))");
  EXPECT_EQ(type.error_class, "UNSUPPORTED_DATATYPE");
  EXPECT_EQ(type.position.column, 18);
}

TEST(SparkSqlParser, RefusesAnInvalidTypedLiteralAndAForeignCatalog) {
  EXPECT_EQ(error_of("SELECT DATE '2026-02-30'").error_class, "INVALID_TYPED_LITERAL");
  EXPECT_EQ(error_of("SELECT * FROM main.sales.orders").error_class, "CATALOG_NOT_FOUND");
}

TEST(SparkSqlParser, TakesOneStatementUnlessAskedForAScript) {
  const ParseError e = error_of("SELECT 1; SELECT 2");
  EXPECT_EQ(e.position.column, 10);
  auto script = parse_script("USE sales;\n-- a comment\nINSERT INTO t VALUES (1);;\nSELECT count(*) FROM t");
  ASSERT_TRUE(script.ok()) << script.error().message;
  ASSERT_EQ(script->size(), 3u);
  EXPECT_EQ((*script)[1].text, "INSERT INTO t VALUES (1)");
  EXPECT_EQ((*script)[2].position.line, 4);
}

TEST(SparkSqlParser, TreatsQuotedNamesAsNamesAndLowerCasesAllNames) {
  const auto s = parsed_as<Select>(parse_statement("SELECT `From`, `select` FROM `Db`.`T`"));
  EXPECT_EQ(s.items.at(0).column, "from");
  EXPECT_EQ(s.items.at(1).column, "select");
  EXPECT_EQ(s.from->database, "db");
}

TEST(SparkSqlParser, ReadsParameterMarkers) {
  const auto s = parsed_as<Select>(parse_statement("SELECT * FROM t WHERE id = :id"));
  EXPECT_EQ(s.where.at(0).literal.kind, Literal::Kind::kParameter);
  EXPECT_EQ(s.where.at(0).literal.text, "id");
}

}  // namespace
}  // namespace drdrill::lakehouse
