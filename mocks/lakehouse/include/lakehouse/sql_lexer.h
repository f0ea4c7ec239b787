#pragma once
// The tokenizer of the drdrill SQL engine: Spark SQL's lexical rules for the subset it parses.
//
// - Identifiers: letters, digits and '_' not starting with a digit, or any text in backquotes
//   (`a b`, with `` for a backquote). Keywords are identifiers; the parser matches them
//   case-insensitively, so `SELECT` and `select` are one keyword and `select` in backquotes is not.
// - String literals in single or double quotes, with backslash escapes (\' \" \\ \n \t) and a
//   doubled quote; adjacent literals are not concatenated.
// - Numbers: 42, 4.2, .5, 1e3 (integers without '.' or exponent, decimals otherwise).
// - Parameter markers ":name" (SQL Statement Execution API named parameters).
// - Symbols: ( ) , ; . * = == <> != < <= > >= - +
// - Comments: "-- to end of line" and "/* ... */" (bracketed comments must be closed).
//
// Positions are reported as Spark does: line from 1, "pos" (column) from 0, in bytes.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "lakehouse/parse_error.h"

namespace drdrill::lakehouse {

enum class TokenKind {
  kIdentifier,        // bare word: a keyword or a name
  kQuotedIdentifier,  // `...`
  kString,            // '...' or "..."
  kInteger,
  kDecimal,
  kParameter,         // :name (text is the name)
  kSymbol,
  kEnd,
};

struct Token {
  TokenKind kind = TokenKind::kEnd;
  std::string text;  // identifiers and symbols as written; strings and quoted identifiers unescaped
  std::string raw;   // the source text of the token, for error messages
  SourcePosition position;

  // A bare identifier spelled `keyword` in any case.
  bool is_keyword(std::string_view keyword) const;
  bool is_symbol(std::string_view symbol) const { return kind == TokenKind::kSymbol && text == symbol; }
};

// The tokens of `sql`, ending with one kEnd token; or the lexical error (an unclosed string,
// identifier or comment, a character that starts no token).
ParseResult<std::vector<Token>> tokenize(std::string_view sql);

}  // namespace drdrill::lakehouse
