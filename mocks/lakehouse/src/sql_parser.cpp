#include "lakehouse/sql_parser.h"

#include <algorithm>
#include <array>
#include <limits>
#include <optional>
#include <utility>

#include "core/ascii_case.h"
#include "lakehouse/sql_lexer.h"

namespace drdrill::lakehouse {
namespace {

// Statements Spark parses that drdrill does not run: refused with UNSUPPORTED_FEATURE, not as a
// syntax error, so a scenario author sees that the statement is fine but not modelled.
constexpr std::array<std::string_view, 14> kUnsupportedStatements = {
    "UPDATE", "DELETE", "MERGE", "REPLACE", "TRUNCATE", "OPTIMIZE", "VACUUM", "RESTORE",
    "MSCK",   "FSCK",   "COPY",  "CACHE",   "ANALYZE",  "WITH"};

// Words that end or structure a clause: never read as a bare name, so "SELECT FROM t" is an error
// at FROM rather than a column named "from". (Quoted, they are ordinary names.)
constexpr std::array<std::string_view, 20> kReserved = {"SELECT", "FROM", "WHERE", "AND", "OR",    "LIMIT", "VALUES",
                                                        "AS",     "NOT",  "NULL",  "IS",  "ON",    "JOIN",  "GROUP",
                                                        "ORDER",  "BY",   "HAVING", "UNION", "INTO", "USING"};

bool is_reserved(const Token& t) {
  for (std::string_view word : kReserved) {
    if (t.is_keyword(word)) return true;
  }
  return false;
}

class Parser {
 public:
  Parser(std::string_view sql, std::vector<Token> tokens) : sql_(sql), tokens_(std::move(tokens)) {}

  ParseResult<std::vector<ParsedStatement>> script() {
    std::vector<ParsedStatement> out;
    while (true) {
      while (peek().is_symbol(";")) advance();
      if (peek().kind == TokenKind::kEnd) return out;
      const Token& first = peek();
      auto statement = parse_one();
      if (!statement.ok()) return std::move(statement).error();
      const std::size_t end = peek().position.offset;
      if (!peek().is_symbol(";") && peek().kind != TokenKind::kEnd) {
        return unexpected("expected ';' or end of input");
      }
      std::string text(sql_.substr(first.position.offset, end - first.position.offset));
      while (!text.empty() && (text.back() == ' ' || text.back() == '\n' || text.back() == '\t' || text.back() == '\r')) {
        text.pop_back();
      }
      out.push_back(ParsedStatement{std::move(*statement), std::move(text), first.position});
    }
  }

  ParseResult<Statement> single() {
    if (peek().kind == TokenKind::kEnd) return unexpected("");
    auto statement = parse_one();
    if (!statement.ok()) return statement;
    if (peek().is_symbol(";")) advance();
    if (peek().kind != TokenKind::kEnd) return unexpected("expected end of input");
    return statement;
  }

 private:
  const Token& peek(std::size_t ahead = 0) const {
    const std::size_t i = std::min(pos_ + ahead, tokens_.size() - 1);
    return tokens_[i];
  }
  const Token& advance() {
    const Token& t = tokens_[pos_];
    if (pos_ + 1 < tokens_.size()) ++pos_;
    return t;
  }
  bool accept_keyword(std::string_view keyword) {
    if (!peek().is_keyword(keyword)) return false;
    advance();
    return true;
  }
  bool accept_symbol(std::string_view symbol) {
    if (!peek().is_symbol(symbol)) return false;
    advance();
    return true;
  }

  ParseError unexpected(std::string_view hint) const {
    const Token& t = peek();
    return ParseError::syntax(t.kind == TokenKind::kEnd ? "" : t.raw, hint, t.position, sql_);
  }
  std::optional<ParseError> expect_keyword(std::string_view keyword) {
    if (accept_keyword(keyword)) return std::nullopt;
    return unexpected("expected " + std::string(keyword));
  }
  std::optional<ParseError> expect_symbol(std::string_view symbol) {
    if (accept_symbol(symbol)) return std::nullopt;
    return unexpected("expected '" + std::string(symbol) + "'");
  }

  ParseResult<Statement> parse_one() {
    const Token& t = peek();
    if (t.is_keyword("SELECT")) return wrap(select());
    if (t.is_keyword("INSERT")) return wrap(insert());
    if (t.is_keyword("CREATE")) return create();
    if (t.is_keyword("DROP")) return drop();
    if (t.is_keyword("ALTER")) return wrap(alter());
    if (t.is_keyword("DESCRIBE") || t.is_keyword("DESC")) return wrap(describe());
    if (t.is_keyword("SHOW")) return wrap(show());
    if (t.is_keyword("USE")) return wrap(use());
    for (std::string_view keyword : kUnsupportedStatements) {
      if (t.is_keyword(keyword)) {
        return ParseError::at("UNSUPPORTED_FEATURE", "0A000",
                              "The feature is not supported: " + std::string(keyword) +
                                  " statements in the drdrill SQL engine (it runs CREATE/DROP DATABASE, USE, CREATE "
                                  "TABLE, DROP TABLE, ALTER TABLE ADD COLUMNS, DESCRIBE TABLE, SHOW TABLES, INSERT "
                                  "INTO ... VALUES and SELECT)",
                              t.position, sql_);
      }
    }
    return unexpected("expected a statement (SELECT, INSERT, CREATE, DROP, ALTER, DESCRIBE, SHOW or USE)");
  }

  template <typename T>
  static ParseResult<Statement> wrap(ParseResult<T> r) {
    if (!r.ok()) return std::move(r).error();
    return Statement(std::move(*r));
  }

  // --- names ---

  // Any identifier (bare or quoted), lower-cased. Keywords are allowed as names, as Spark allows
  // most of them; `what` names the expected thing in the error.
  ParseResult<std::string> name(std::string_view what) {
    const Token& t = peek();
    if ((t.kind != TokenKind::kIdentifier && t.kind != TokenKind::kQuotedIdentifier) || is_reserved(t)) {
      return unexpected("expected " + std::string(what));
    }
    advance();
    return ascii_lower(t.text);
  }

  ParseResult<TableName> table_name() {
    const SourcePosition position = peek().position;
    std::vector<std::string> parts;
    auto first = name("a table name");
    if (!first.ok()) return std::move(first).error();
    parts.push_back(std::move(*first));
    while (accept_symbol(".")) {
      auto part = name("a name after '.'");
      if (!part.ok()) return std::move(part).error();
      parts.push_back(std::move(*part));
    }
    if (parts.size() > 3) {
      return ParseError::at("REQUIRES_SINGLE_PART_NAMESPACE", "42K05",
                            "The table name has too many parts: at most catalog.database.table", position, sql_);
    }
    if (parts.size() == 3) {
      if (parts[0] != "hive_metastore" && parts[0] != "spark_catalog") {
        return ParseError::at("CATALOG_NOT_FOUND", "42P08",
                              "The catalog `" + parts[0] +
                                  "` is not found (drdrill models the Hive metastore only: hive_metastore or "
                                  "spark_catalog)",
                              position, sql_);
      }
      parts.erase(parts.begin());
    }
    TableName out;
    out.position = position;
    if (parts.size() == 2) out.database = parts[0];
    out.table = parts.back();
    return out;
  }

  ParseResult<std::string> string_literal(std::string_view what) {
    const Token& t = peek();
    if (t.kind != TokenKind::kString) return unexpected("expected " + std::string(what));
    advance();
    return t.text;
  }

  // --- literals ---

  ParseResult<Literal> literal() {
    Literal lit;
    lit.position = peek().position;
    bool negative = false;
    if (peek().is_symbol("-") || peek().is_symbol("+")) {
      negative = peek().is_symbol("-");
      advance();
      if (peek().kind != TokenKind::kInteger && peek().kind != TokenKind::kDecimal) {
        return unexpected("expected a number after the sign");
      }
    }
    const Token& t = peek();
    switch (t.kind) {
      case TokenKind::kInteger:
      case TokenKind::kDecimal:
        lit.kind = t.kind == TokenKind::kInteger ? Literal::Kind::kInteger : Literal::Kind::kDecimal;
        lit.text = (negative ? "-" : "") + t.text;
        advance();
        return lit;
      case TokenKind::kString:
        lit.kind = Literal::Kind::kString;
        lit.text = t.text;
        advance();
        return lit;
      case TokenKind::kParameter:
        lit.kind = Literal::Kind::kParameter;
        lit.text = t.text;
        advance();
        return lit;
      case TokenKind::kIdentifier:
        if (t.is_keyword("NULL")) {
          advance();
          return lit;
        }
        if (t.is_keyword("TRUE") || t.is_keyword("FALSE")) {
          lit.kind = Literal::Kind::kBoolean;
          lit.boolean = t.is_keyword("TRUE");
          lit.text = lit.boolean ? "true" : "false";
          advance();
          return lit;
        }
        if ((t.is_keyword("DATE") || t.is_keyword("TIMESTAMP")) && peek(1).kind == TokenKind::kString) {
          const bool date = t.is_keyword("DATE");
          advance();
          const Token& value = advance();
          auto canonical = date ? canonical_date(value.text) : canonical_timestamp(value.text);
          if (!canonical) {
            return ParseError::at("INVALID_TYPED_LITERAL", "42604",
                                  "The value of the typed literal \"" + std::string(date ? "DATE" : "TIMESTAMP") +
                                      "\" is invalid: '" + value.text + "'",
                                  lit.position, sql_);
          }
          lit.kind = date ? Literal::Kind::kDate : Literal::Kind::kTimestamp;
          lit.text = std::move(*canonical);
          return lit;
        }
        break;
      default:
        break;
    }
    return unexpected("expected a literal (number, 'string', TRUE, FALSE, NULL, DATE '...', TIMESTAMP '...')");
  }

  // --- column definitions ---

  ParseResult<ColumnDefinition> column_definition() {
    ColumnDefinition col;
    auto column_name = name("a column name");
    if (!column_name.ok()) return std::move(column_name).error();
    col.name = std::move(*column_name);
    const Token& type = peek();
    if (type.kind != TokenKind::kIdentifier) return unexpected("expected a data type");
    const auto parsed = data_type_from_sql(type.text);
    if (!parsed) {
      return ParseError::at("UNSUPPORTED_DATATYPE", "0A000",
                            "Unsupported data type \"" + type.text +
                                "\" (drdrill supports BOOLEAN, INT, BIGINT, FLOAT, DOUBLE, STRING, DATE, TIMESTAMP)",
                            type.position, sql_);
    }
    advance();
    col.type = *parsed;
    while (true) {
      if (peek().is_keyword("NOT") && peek(1).is_keyword("NULL")) {
        advance();
        advance();
        col.nullable = false;
      } else if (accept_keyword("COMMENT")) {
        auto comment = string_literal("a comment string");
        if (!comment.ok()) return std::move(comment).error();
        col.comment = std::move(*comment);
      } else {
        break;
      }
    }
    return col;
  }

  ParseResult<std::vector<ColumnDefinition>> column_list() {
    if (auto e = expect_symbol("(")) return std::move(*e);
    std::vector<ColumnDefinition> cols;
    do {
      auto col = column_definition();
      if (!col.ok()) return std::move(col).error();
      cols.push_back(std::move(*col));
    } while (accept_symbol(","));
    if (!peek().is_symbol(")")) return unexpected("expected ',' or ')'");
    advance();
    return cols;
  }

  // --- statements ---

  ParseResult<Statement> create() {
    advance();  // CREATE
    if (peek().is_keyword("DATABASE") || peek().is_keyword("SCHEMA")) return wrap(create_database());
    if (peek().is_keyword("TABLE")) return wrap(create_table());
    if (peek().is_keyword("OR") || peek().is_keyword("VIEW") || peek().is_keyword("TEMPORARY") ||
        peek().is_keyword("FUNCTION") || peek().is_keyword("EXTERNAL")) {
      return ParseError::at("UNSUPPORTED_FEATURE", "0A000",
                            "The feature is not supported: CREATE " + ascii_lower(peek().text) +
                                " in the drdrill SQL engine (it creates databases and Delta tables)",
                            peek().position, sql_);
    }
    return unexpected("expected TABLE, DATABASE or SCHEMA");
  }

  bool if_not_exists() {
    if (peek().is_keyword("IF") && peek(1).is_keyword("NOT") && peek(2).is_keyword("EXISTS")) {
      advance();
      advance();
      advance();
      return true;
    }
    return false;
  }

  bool if_exists() {
    if (peek().is_keyword("IF") && peek(1).is_keyword("EXISTS")) {
      advance();
      advance();
      return true;
    }
    return false;
  }

  ParseResult<CreateDatabase> create_database() {
    advance();  // DATABASE | SCHEMA
    CreateDatabase out;
    out.if_not_exists = if_not_exists();
    auto db = name("a database name");
    if (!db.ok()) return std::move(db).error();
    out.name = std::move(*db);
    while (true) {
      if (accept_keyword("COMMENT")) {
        auto c = string_literal("a comment string");
        if (!c.ok()) return std::move(c).error();
        out.comment = std::move(*c);
      } else if (accept_keyword("LOCATION")) {
        auto l = string_literal("a location string");
        if (!l.ok()) return std::move(l).error();
        out.location = std::move(*l);
      } else {
        return out;
      }
    }
  }

  ParseResult<CreateTable> create_table() {
    advance();  // TABLE
    CreateTable out;
    out.if_not_exists = if_not_exists();
    auto table = table_name();
    if (!table.ok()) return std::move(table).error();
    out.table = std::move(*table);
    if (peek().is_symbol("(")) {
      auto cols = column_list();
      if (!cols.ok()) return std::move(cols).error();
      out.columns = std::move(*cols);
    }
    bool using_seen = false;
    bool location_seen = false;
    bool comment_seen = false;
    while (true) {
      const Token& clause = peek();
      if (clause.is_keyword("USING") && !using_seen) {
        advance();
        using_seen = true;
        auto provider = name("a data source name");
        if (!provider.ok()) return std::move(provider).error();
        if (*provider != "delta") {
          return ParseError::at("UNSUPPORTED_FEATURE", "0A000",
                                "The feature is not supported: USING " + *provider +
                                    " (drdrill tables are Delta tables)",
                                clause.position, sql_);
        }
        out.provider = std::move(*provider);
      } else if (clause.is_keyword("LOCATION") && !location_seen) {
        advance();
        location_seen = true;
        auto l = string_literal("a location string");
        if (!l.ok()) return std::move(l).error();
        out.location = std::move(*l);
      } else if (clause.is_keyword("COMMENT") && !comment_seen) {
        advance();
        comment_seen = true;
        auto c = string_literal("a comment string");
        if (!c.ok()) return std::move(c).error();
        out.comment = std::move(*c);
      } else if (clause.is_keyword("USING") || clause.is_keyword("LOCATION") || clause.is_keyword("COMMENT")) {
        return ParseError::at("DUPLICATE_CLAUSES", "42614", "Found duplicate clauses: " + clause.text, clause.position,
                              sql_);
      } else {
        return out;
      }
    }
  }

  ParseResult<Statement> drop() {
    advance();  // DROP
    if (accept_keyword("TABLE")) {
      DropTable out;
      out.if_exists = if_exists();
      auto table = table_name();
      if (!table.ok()) return std::move(table).error();
      out.table = std::move(*table);
      return Statement(std::move(out));
    }
    if (accept_keyword("DATABASE") || accept_keyword("SCHEMA")) {
      DropDatabase out;
      out.if_exists = if_exists();
      auto db = name("a database name");
      if (!db.ok()) return std::move(db).error();
      out.name = std::move(*db);
      if (accept_keyword("CASCADE")) {
        out.cascade = true;
      } else {
        (void)accept_keyword("RESTRICT");
      }
      return Statement(std::move(out));
    }
    return unexpected("expected TABLE, DATABASE or SCHEMA");
  }

  ParseResult<UseDatabase> use() {
    advance();  // USE
    if (!accept_keyword("DATABASE")) (void)accept_keyword("SCHEMA");
    auto db = name("a database name");
    if (!db.ok()) return std::move(db).error();
    return UseDatabase{std::move(*db)};
  }

  ParseResult<AlterTableAddColumns> alter() {
    advance();  // ALTER
    if (auto e = expect_keyword("TABLE")) return std::move(*e);
    AlterTableAddColumns out;
    auto table = table_name();
    if (!table.ok()) return std::move(table).error();
    out.table = std::move(*table);
    if (!peek().is_keyword("ADD")) {
      if (peek().kind == TokenKind::kIdentifier) {
        return ParseError::at("UNSUPPORTED_FEATURE", "0A000",
                              "The feature is not supported: ALTER TABLE ... " + peek().text +
                                  " (drdrill supports ALTER TABLE ... ADD COLUMNS)",
                              peek().position, sql_);
      }
      return unexpected("expected ADD");
    }
    advance();
    if (accept_keyword("COLUMNS")) {
      auto cols = column_list();
      if (!cols.ok()) return std::move(cols).error();
      out.columns = std::move(*cols);
      return out;
    }
    if (accept_keyword("COLUMN")) {
      auto col = column_definition();
      if (!col.ok()) return std::move(col).error();
      out.columns.push_back(std::move(*col));
      return out;
    }
    return unexpected("expected COLUMNS or COLUMN");
  }

  ParseResult<DescribeTable> describe() {
    advance();  // DESCRIBE | DESC
    if (peek().is_keyword("TABLE") && peek(1).kind != TokenKind::kEnd && !peek(1).is_symbol(";")) advance();
    auto table = table_name();
    if (!table.ok()) return std::move(table).error();
    return DescribeTable{std::move(*table)};
  }

  ParseResult<ShowTables> show() {
    advance();  // SHOW
    if (auto e = expect_keyword("TABLES")) return std::move(*e);
    ShowTables out;
    if (accept_keyword("IN") || accept_keyword("FROM")) {
      auto db = name("a database name");
      if (!db.ok()) return std::move(db).error();
      out.database = std::move(*db);
    }
    const bool like = accept_keyword("LIKE");
    if (like || peek().kind == TokenKind::kString) {
      auto pattern = string_literal("a pattern string");
      if (!pattern.ok()) return std::move(pattern).error();
      out.pattern = std::move(*pattern);
    }
    return out;
  }

  ParseResult<InsertValues> insert() {
    advance();  // INSERT
    if (peek().is_keyword("OVERWRITE")) {
      return ParseError::at("UNSUPPORTED_FEATURE", "0A000",
                            "The feature is not supported: INSERT OVERWRITE (drdrill appends with INSERT INTO)",
                            peek().position, sql_);
    }
    if (auto e = expect_keyword("INTO")) return std::move(*e);
    (void)accept_keyword("TABLE");
    InsertValues out;
    auto table = table_name();
    if (!table.ok()) return std::move(table).error();
    out.table = std::move(*table);
    if (accept_symbol("(")) {
      do {
        auto col = name("a column name");
        if (!col.ok()) return std::move(col).error();
        out.columns.push_back(std::move(*col));
      } while (accept_symbol(","));
      if (!peek().is_symbol(")")) return unexpected("expected ',' or ')'");
      advance();
    }
    if (peek().is_keyword("SELECT")) {
      return ParseError::at("UNSUPPORTED_FEATURE", "0A000",
                            "The feature is not supported: INSERT INTO ... SELECT (drdrill inserts VALUES)",
                            peek().position, sql_);
    }
    if (auto e = expect_keyword("VALUES")) return std::move(*e);
    do {
      if (auto e = expect_symbol("(")) return std::move(*e);
      std::vector<Literal> row;
      do {
        auto lit = literal();
        if (!lit.ok()) return std::move(lit).error();
        row.push_back(std::move(*lit));
      } while (accept_symbol(","));
      if (!peek().is_symbol(")")) return unexpected("expected ',' or ')'");
      advance();
      out.rows.push_back(std::move(row));
    } while (accept_symbol(","));
    return out;
  }

  ParseResult<SelectItem> select_item() {
    SelectItem item;
    item.position = peek().position;
    const std::size_t start = peek().position.offset;
    const Token& t = peek();
    if (t.is_keyword("COUNT") && peek(1).is_symbol("(")) {
      advance();
      advance();
      if (!accept_symbol("*")) {
        if (!(peek().kind == TokenKind::kInteger && peek().text == "1")) return unexpected("expected '*' or 1");
        advance();
      }
      if (auto e = expect_symbol(")")) return std::move(*e);
      item.kind = SelectItem::Kind::kCountStar;
      item.text = "count(1)";  // Spark names count(*) so
    } else if ((t.kind == TokenKind::kQuotedIdentifier || (t.kind == TokenKind::kIdentifier && !is_reserved(t))) &&
               !t.is_keyword("TRUE") && !t.is_keyword("FALSE") &&
               !((t.is_keyword("DATE") || t.is_keyword("TIMESTAMP")) && peek(1).kind == TokenKind::kString)) {
      if (t.kind == TokenKind::kIdentifier && peek(1).is_symbol("(")) {
        return ParseError::at("UNSUPPORTED_FEATURE", "0A000",
                              "The feature is not supported: the function " + t.text +
                                  "() (drdrill evaluates count(*) only)",
                              t.position, sql_);
      }
      auto column = name("a column");
      if (!column.ok()) return std::move(column).error();
      item.kind = SelectItem::Kind::kColumn;
      item.column = std::move(*column);
      item.text = item.column;
    } else {
      auto lit = literal();
      if (!lit.ok()) return std::move(lit).error();
      item.kind = SelectItem::Kind::kLiteral;
      item.literal = std::move(*lit);
      item.text = std::string(sql_.substr(start, peek().position.offset - start));
      while (!item.text.empty() && item.text.back() == ' ') item.text.pop_back();
    }
    if (accept_keyword("AS")) {
      auto alias = name("an alias");
      if (!alias.ok()) return std::move(alias).error();
      item.alias = std::move(*alias);
    } else if (peek().kind == TokenKind::kQuotedIdentifier ||
               (peek().kind == TokenKind::kIdentifier && !is_reserved(peek()))) {
      auto alias = name("an alias");
      if (!alias.ok()) return std::move(alias).error();
      item.alias = std::move(*alias);
    }
    return item;
  }

  ParseResult<Predicate> predicate() {
    Predicate p;
    p.position = peek().position;
    auto column = name("a column name");
    if (!column.ok()) return std::move(column).error();
    p.column = std::move(*column);
    if (accept_keyword("IS")) {
      const bool negated = accept_keyword("NOT");
      if (auto e = expect_keyword("NULL")) return std::move(*e);
      p.op = negated ? CompareOp::kIsNotNull : CompareOp::kIsNull;
      return p;
    }
    static constexpr std::array<std::pair<std::string_view, CompareOp>, 8> kOps = {{{"=", CompareOp::kEq},
                                                                                    {"==", CompareOp::kEq},
                                                                                    {"<>", CompareOp::kNe},
                                                                                    {"!=", CompareOp::kNe},
                                                                                    {"<", CompareOp::kLt},
                                                                                    {"<=", CompareOp::kLe},
                                                                                    {">", CompareOp::kGt},
                                                                                    {">=", CompareOp::kGe}}};
    bool found = false;
    for (const auto& [symbol, op] : kOps) {
      if (peek().is_symbol(symbol)) {
        p.op = op;
        found = true;
        advance();
        break;
      }
    }
    if (!found) return unexpected("expected a comparison (=, <>, !=, <, <=, >, >=) or IS [NOT] NULL");
    auto lit = literal();
    if (!lit.ok()) return std::move(lit).error();
    p.literal = std::move(*lit);
    return p;
  }

  ParseResult<Select> select() {
    advance();  // SELECT
    Select out;
    if (accept_symbol("*")) {
      out.star = true;
    } else {
      do {
        auto item = select_item();
        if (!item.ok()) return std::move(item).error();
        out.items.push_back(std::move(*item));
      } while (accept_symbol(","));
    }
    if (accept_keyword("FROM")) {
      auto table = table_name();
      if (!table.ok()) return std::move(table).error();
      out.from = std::move(*table);
    } else if (out.star) {
      return unexpected("expected FROM");
    }
    if (accept_keyword("WHERE")) {
      if (!out.from) return unexpected("expected FROM before WHERE");
      do {
        auto p = predicate();
        if (!p.ok()) return std::move(p).error();
        out.where.push_back(std::move(*p));
      } while (accept_keyword("AND"));
      if (peek().is_keyword("OR")) {
        return ParseError::at("UNSUPPORTED_FEATURE", "0A000",
                              "The feature is not supported: OR in WHERE (drdrill ANDs simple comparisons)",
                              peek().position, sql_);
      }
    }
    if (peek().is_keyword("GROUP") || peek().is_keyword("ORDER") || peek().is_keyword("JOIN") ||
        peek().is_keyword("HAVING") || peek().is_keyword("UNION")) {
      return ParseError::at("UNSUPPORTED_FEATURE", "0A000",
                            "The feature is not supported: " + peek().text +
                                " (drdrill selects columns, literals and count(*) from one table)",
                            peek().position, sql_);
    }
    if (accept_keyword("LIMIT")) {
      const Token& n = peek();
      if (n.kind != TokenKind::kInteger) return unexpected("expected a non-negative integer");
      advance();
      std::int64_t value = 0;
      for (char c : n.text) {
        if (value > (std::numeric_limits<std::int64_t>::max() - (c - '0')) / 10) return unexpected("expected a smaller LIMIT");
        value = value * 10 + (c - '0');
      }
      out.limit = value;
    }
    return out;
  }

  std::string_view sql_;
  std::vector<Token> tokens_;
  std::size_t pos_ = 0;
};

}  // namespace

std::string_view statement_kind(const Statement& statement) {
  struct Visitor {
    std::string_view operator()(const CreateDatabase&) const { return "CREATE DATABASE"; }
    std::string_view operator()(const DropDatabase&) const { return "DROP DATABASE"; }
    std::string_view operator()(const UseDatabase&) const { return "USE"; }
    std::string_view operator()(const CreateTable&) const { return "CREATE TABLE"; }
    std::string_view operator()(const DropTable&) const { return "DROP TABLE"; }
    std::string_view operator()(const AlterTableAddColumns&) const { return "ADD COLUMNS"; }
    std::string_view operator()(const DescribeTable&) const { return "DESCRIBE TABLE"; }
    std::string_view operator()(const ShowTables&) const { return "SHOW TABLES"; }
    std::string_view operator()(const InsertValues&) const { return "INSERT"; }
    std::string_view operator()(const Select&) const { return "SELECT"; }
  };
  return std::visit(Visitor{}, statement);
}

bool statement_writes(const Statement& statement) {
  return !std::holds_alternative<UseDatabase>(statement) && !std::holds_alternative<DescribeTable>(statement) &&
         !std::holds_alternative<ShowTables>(statement) && !std::holds_alternative<Select>(statement);
}

ParseResult<Statement> parse_statement(std::string_view sql) {
  auto tokens = tokenize(sql);
  if (!tokens.ok()) return std::move(tokens).error();
  return Parser(sql, std::move(*tokens)).single();
}

ParseResult<std::vector<ParsedStatement>> parse_script(std::string_view sql) {
  auto tokens = tokenize(sql);
  if (!tokens.ok()) return std::move(tokens).error();
  return Parser(sql, std::move(*tokens)).script();
}

}  // namespace drdrill::lakehouse
