#include "lakehouse/sql_lexer.h"

#include <algorithm>
#include <array>
#include <optional>

namespace drdrill::lakehouse {
namespace {

bool is_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_word(char c) { return is_letter(c) || is_digit(c); }
bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

char upper(char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c; }

class Lexer {
 public:
  explicit Lexer(std::string_view sql) : sql_(sql) {}

  ParseResult<std::vector<Token>> run() {
    std::vector<Token> tokens;
    while (true) {
      if (auto error = skip_space_and_comments()) return std::move(*error);
      const SourcePosition start = here();
      if (at_end()) {
        tokens.push_back(Token{TokenKind::kEnd, "", "", start});
        return tokens;
      }
      auto token = next(start);
      if (!token.ok()) return std::move(token).error();
      tokens.push_back(std::move(*token));
    }
  }

 private:
  bool at_end() const { return i_ >= sql_.size(); }
  char peek(std::size_t ahead = 0) const { return i_ + ahead < sql_.size() ? sql_[i_ + ahead] : '\0'; }
  SourcePosition here() const { return {i_, line_, static_cast<int>(i_ - line_start_)}; }

  void advance() {
    if (sql_[i_] == '\n') {
      ++line_;
      line_start_ = i_ + 1;
    }
    ++i_;
  }

  std::string raw_from(const SourcePosition& start) const {
    return std::string(sql_.substr(start.offset, i_ - start.offset));
  }

  std::optional<ParseError> skip_space_and_comments() {
    while (!at_end()) {
      if (is_space(peek())) {
        advance();
      } else if (peek() == '-' && peek(1) == '-') {
        while (!at_end() && peek() != '\n') advance();
      } else if (peek() == '/' && peek(1) == '*') {
        const SourcePosition start = here();
        advance();
        advance();
        while (!at_end() && !(peek() == '*' && peek(1) == '/')) advance();
        if (at_end()) {
          return ParseError::at("UNCLOSED_BRACKETED_COMMENT", "42601",
                                "Found an unclosed bracketed comment. Please, append */ at the end of the comment",
                                start, sql_);
        }
        advance();
        advance();
      } else {
        break;
      }
    }
    return std::nullopt;
  }

  ParseResult<Token> next(const SourcePosition& start) {
    const char c = peek();
    if (is_letter(c)) {
      while (!at_end() && is_word(peek())) advance();
      std::string raw = raw_from(start);
      return Token{TokenKind::kIdentifier, raw, raw, start};
    }
    if (is_digit(c) || (c == '.' && is_digit(peek(1)))) return number(start);
    if (c == '\'' || c == '"') return quoted(start, c, TokenKind::kString);
    if (c == '`') return quoted(start, c, TokenKind::kQuotedIdentifier);
    if (c == ':' && is_letter(peek(1))) {
      advance();
      while (!at_end() && is_word(peek())) advance();
      std::string raw = raw_from(start);
      return Token{TokenKind::kParameter, raw.substr(1), raw, start};
    }
    static constexpr std::array<std::string_view, 5> kTwoChar = {"<=", ">=", "<>", "!=", "=="};
    for (std::string_view symbol : kTwoChar) {
      if (sql_.substr(i_, 2) == symbol) {
        advance();
        advance();
        return Token{TokenKind::kSymbol, std::string(symbol), std::string(symbol), start};
      }
    }
    static constexpr std::string_view kOneChar = "(),;.*=<>-+";
    if (kOneChar.find(c) != std::string_view::npos) {
      advance();
      return Token{TokenKind::kSymbol, std::string(1, c), std::string(1, c), start};
    }
    advance();
    return ParseError::syntax(raw_from(start), "", start, sql_);
  }

  ParseResult<Token> number(const SourcePosition& start) {
    bool decimal = false;
    while (is_digit(peek())) advance();
    if (peek() == '.' && is_digit(peek(1))) {
      decimal = true;
      advance();
      while (is_digit(peek())) advance();
    } else if (peek() == '.' && !is_word(peek(1))) {
      decimal = true;  // "1." is a decimal in Spark
      advance();
    }
    if ((peek() == 'e' || peek() == 'E') &&
        (is_digit(peek(1)) || ((peek(1) == '-' || peek(1) == '+') && is_digit(peek(2))))) {
      decimal = true;
      advance();
      if (peek() == '-' || peek() == '+') advance();
      while (is_digit(peek())) advance();
    }
    if (is_letter(peek())) {
      // "12abc": Spark reads an identifier that starts with digits; drdrill has no use for it.
      while (!at_end() && is_word(peek())) advance();
      return ParseError::syntax(raw_from(start), "", start, sql_);
    }
    std::string raw = raw_from(start);
    return Token{decimal ? TokenKind::kDecimal : TokenKind::kInteger, raw, raw, start};
  }

  ParseResult<Token> quoted(const SourcePosition& start, char quote, TokenKind kind) {
    advance();
    std::string text;
    while (true) {
      if (at_end()) {
        const std::string_view what = kind == TokenKind::kString ? "string literal" : "quoted identifier";
        return ParseError::syntax(raw_from(start), "unclosed " + std::string(what), start, sql_);
      }
      const char c = peek();
      if (c == quote) {
        if (peek(1) == quote) {  // a doubled quote stands for itself
          text += quote;
          advance();
          advance();
          continue;
        }
        advance();
        break;
      }
      if (c == '\\' && kind == TokenKind::kString && i_ + 1 < sql_.size()) {
        advance();
        const char e = peek();
        switch (e) {
          case 'n': text += '\n'; break;
          case 't': text += '\t'; break;
          case 'r': text += '\r'; break;
          case '0': text += '\0'; break;
          default: text += e; break;  // \' \" \\ and any other character stand for themselves
        }
        advance();
        continue;
      }
      text += c;
      advance();
    }
    return Token{kind, std::move(text), raw_from(start), start};
  }

  std::string_view sql_;
  std::size_t i_ = 0;
  int line_ = 1;
  std::size_t line_start_ = 0;
};

}  // namespace

bool Token::is_keyword(std::string_view keyword) const {
  if (kind != TokenKind::kIdentifier || text.size() != keyword.size()) return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (upper(text[i]) != keyword[i]) return false;
  }
  return true;
}

ParseResult<std::vector<Token>> tokenize(std::string_view sql) { return Lexer(sql).run(); }

ParseError ParseError::at(std::string_view error_class, std::string_view sql_state, std::string_view what,
                          SourcePosition position, std::string_view sql) {
  // append(), not "[" + std::string(...): GCC 12 reports a false -Wrestrict for that at -O3.
  std::string message = std::string("[")
                            .append(error_class)
                            .append("] ")
                            .append(what)
                            .append(".(line ")
                            .append(std::to_string(position.line))
                            .append(", pos ")
                            .append(std::to_string(position.column))
                            .append(")\n\n== SQL ==\n");
  // The SQL line by line, with a marker line after the line holding the error.
  int line = 1;
  std::size_t begin = 0;
  while (begin <= sql.size()) {
    const std::size_t end = std::min(sql.find('\n', begin), sql.size());
    message += std::string(sql.substr(begin, end - begin)) + "\n";
    if (line == position.line) message += std::string(static_cast<std::size_t>(position.column), '-') + "^^^\n";
    if (end == sql.size()) break;
    begin = end + 1;
    ++line;
  }
  return ParseError{std::string(error_class), std::string(sql_state), std::move(message), position};
}

ParseError ParseError::syntax(std::string_view near, std::string_view hint, SourcePosition position,
                              std::string_view sql) {
  std::string what = near.empty() ? "Syntax error at or near end of input" : "Syntax error at or near '" + std::string(near) + "'";
  if (!hint.empty()) what += ": " + std::string(hint);
  return at("PARSE_SYNTAX_ERROR", "42601", what, position, sql);
}

}  // namespace drdrill::lakehouse
