#pragma once
// The column types the drdrill SQL engine knows, and the values that live in them.
//
// One type has several spellings, one per place it is written down:
//   SQL text and DESCRIBE   INT        BIGINT  DOUBLE  STRING  BOOLEAN  DATE  TIMESTAMP  FLOAT
//   Hive metastore (COLUMNS_V2)  int   bigint  double  string  boolean  date  timestamp  float
//   Delta schemaString      integer    long    double  string  boolean  date  timestamp  float
//   Statement API type_name INT        LONG    DOUBLE  STRING  BOOLEAN  DATE  TIMESTAMP  FLOAT
// DATE and TIMESTAMP values are kept as their canonical text ("2026-01-01",
// "2026-01-01 10:00:00[.ffffff]"), which also orders them correctly.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace drdrill::lakehouse {

enum class DataType { kBoolean, kInt, kBigint, kFloat, kDouble, kString, kDate, kTimestamp };

std::string_view sql_name(DataType type);       // "BIGINT"
std::string_view hive_name(DataType type);      // "bigint"
std::string_view delta_name(DataType type);     // "long"
std::string_view api_type_name(DataType type);  // "LONG"

// From a type keyword of SQL text (case-insensitive: INT, INTEGER, BIGINT, LONG, ...).
std::optional<DataType> data_type_from_sql(std::string_view keyword);
std::optional<DataType> data_type_from_hive(std::string_view name);
std::optional<DataType> data_type_from_delta(std::string_view name);

bool is_integral(DataType type);  // INT, BIGINT
bool is_numeric(DataType type);   // INT, BIGINT, FLOAT, DOUBLE

// A value: NULL, a boolean, an integer (INT and BIGINT), a floating-point number (FLOAT and
// DOUBLE), or text (STRING, DATE, TIMESTAMP).
using Value = std::variant<std::monostate, bool, std::int64_t, double, std::string>;

inline bool is_null(const Value& v) { return std::holds_alternative<std::monostate>(v); }

// How a value reads in a result set (Statement API data_array, the SQL console): integers in
// decimal, floating-point numbers as Java's Double.toString writes them ("1.0", "0.1", "1.0E20"),
// booleans "true"/"false", text as it is. nullopt for NULL.
std::optional<std::string> format_value(const Value& v);

// Java's Double.toString: the shortest digits that round-trip, in plain notation within
// [1e-3, 1e7) and scientific ("1.0E-4") outside it; "NaN", "Infinity", "-Infinity".
std::string format_double(double value);

// Validates and canonicalises date and timestamp text: "2026-01-31"; "2026-01-31 10:00:00" with an
// optional fraction of up to 6 digits ('T' accepted as the separator). nullopt if malformed.
std::optional<std::string> canonical_date(std::string_view text);
std::optional<std::string> canonical_timestamp(std::string_view text);

// -1, 0, 1 comparing two non-NULL values of one column; numbers compare numerically across
// integer and floating point, text lexicographically, false < true. nullopt when the two cannot
// be compared (a number against text).
std::optional<int> compare_values(const Value& a, const Value& b);

}  // namespace drdrill::lakehouse
