#pragma once
// ParseError: a statement the parser refused, reported as Spark reports it:
//
//   [PARSE_SYNTAX_ERROR] Syntax error at or near 'FRM': expected FROM or end of input.(line 1, pos 9)
//
//   == SQL ==
//   SELECT * FRM t
//   ---------^^^
//
// The error class and SQLSTATE travel separately too, so the SQL Statement API can fill
// status.error and status.sql_state and a drill can count parse errors by class.

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace drdrill::lakehouse {

struct SourcePosition {
  std::size_t offset = 0;  // bytes from the start of the text
  int line = 1;            // from 1
  int column = 0;          // Spark's "pos": bytes from the start of the line, from 0
};

struct ParseError {
  std::string error_class;  // PARSE_SYNTAX_ERROR, UNSUPPORTED_DATATYPE, UNSUPPORTED_FEATURE, ...
  std::string sql_state;    // 42601, 0A000, ...
  std::string message;      // the whole text above, error class first
  SourcePosition position;

  // "[<class>] <what>.(line L, pos P)\n\n== SQL ==\n<sql with a caret line under the error>"
  static ParseError at(std::string_view error_class, std::string_view sql_state, std::string_view what,
                       SourcePosition position, std::string_view sql);
  // PARSE_SYNTAX_ERROR at a token: "Syntax error at or near '<near>'[: <hint>]" ("end of input"
  // when `near` is empty).
  static ParseError syntax(std::string_view near, std::string_view hint, SourcePosition position, std::string_view sql);
};

template <typename T>
class [[nodiscard]] ParseResult {
 public:
  ParseResult(T value) : v_(std::move(value)) {}          // NOLINT(google-explicit-constructor)
  ParseResult(ParseError error) : v_(std::move(error)) {}  // NOLINT(google-explicit-constructor)
  bool ok() const { return v_.index() == 0; }
  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  const ParseError& error() const& { return std::get<1>(v_); }
  ParseError&& error() && { return std::get<1>(std::move(v_)); }

 private:
  std::variant<T, ParseError> v_;
};

}  // namespace drdrill::lakehouse
