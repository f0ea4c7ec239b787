#pragma once
// The drdrill SQL parser: a recursive-descent parser over sql_lexer's tokens for the statements
// a DR drill needs (sql_ast.h), with Spark's error reporting (parse_error.h).
//
//   CREATE {DATABASE | SCHEMA} [IF NOT EXISTS] db [COMMENT 'c'] [LOCATION 'path']
//   DROP {DATABASE | SCHEMA} [IF EXISTS] db [CASCADE]
//   USE [DATABASE | SCHEMA] db
//   CREATE TABLE [IF NOT EXISTS] t [(col type [NOT NULL] [COMMENT 'c'], ...)]
//       [USING DELTA] [LOCATION 'path'] [COMMENT 'c']           (clauses in any order)
//   DROP TABLE [IF EXISTS] t
//   ALTER TABLE t ADD {COLUMNS (col type, ...) | COLUMN col type}
//   {DESCRIBE | DESC} [TABLE] t
//   SHOW TABLES [{IN | FROM} db] [[LIKE] 'pattern']
//   INSERT INTO [TABLE] t [(col, ...)] VALUES (literal, ...), ...
//   SELECT {* | item, ...} [FROM t] [WHERE col op literal [AND ...]] [LIMIT n]
//       item: col | literal | COUNT(*) | COUNT(1), each [[AS] alias]
//       op: = == <> != < <= > >= | IS [NOT] NULL
//   literals: 42, -4.2, 'text', TRUE, FALSE, NULL, DATE 'yyyy-mm-dd', TIMESTAMP '...', :param
// Table names: t, db.t, or hive_metastore.db.t / spark_catalog.db.t.
//
// Anything else is an error naming the token it stopped at and what it expected there. Statements
// Spark knows but drdrill does not model (UPDATE, MERGE, ...) are UNSUPPORTED_FEATURE rather than a
// misleading syntax error.

#include <string>
#include <string_view>
#include <vector>

#include "lakehouse/parse_error.h"
#include "lakehouse/sql_ast.h"

namespace drdrill::lakehouse {

struct ParsedStatement {
  Statement statement;
  std::string text;  // the statement's own text, trimmed, without the ';'
  SourcePosition position;
};

// Exactly one statement (a trailing ';' is allowed).
ParseResult<Statement> parse_statement(std::string_view sql);

// A script: statements separated by ';' (empty ones skipped), as a SQL notebook cell holds them.
ParseResult<std::vector<ParsedStatement>> parse_script(std::string_view sql);

}  // namespace drdrill::lakehouse
