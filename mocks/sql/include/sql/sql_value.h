#pragma once
// SqlValue: one value bound to, or read from, a SQL statement. Values always travel as bound
// parameters, never spliced into SQL text, so a table name like "o'brien" or a location with a
// quote cannot change what a statement does.

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

namespace drdrill::sql {

using Blob = std::vector<std::uint8_t>;

// The alternatives mirror SQLite's storage classes: NULL, INTEGER, REAL, TEXT, BLOB.
// An integer literal picks std::int64_t (C++20 forbids the narrowing conversion to double).
using SqlValue = std::variant<std::nullptr_t, std::int64_t, double, std::string, Blob>;

inline bool is_null(const SqlValue& v) { return std::holds_alternative<std::nullptr_t>(v); }

// A row as read back: one value per result column, in SELECT order.
using Row = std::vector<SqlValue>;

}  // namespace drdrill::sql
