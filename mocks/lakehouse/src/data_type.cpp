#include "lakehouse/data_type.h"

#include <array>
#include <charconv>
#include <cmath>
#include <system_error>

namespace drdrill::lakehouse {
namespace {

struct TypeNames {
  DataType type;
  std::string_view sql;
  std::string_view hive;
  std::string_view delta;
  std::string_view api;
};

constexpr std::array<TypeNames, 8> kTypes = {{
    {DataType::kBoolean, "BOOLEAN", "boolean", "boolean", "BOOLEAN"},
    {DataType::kInt, "INT", "int", "integer", "INT"},
    {DataType::kBigint, "BIGINT", "bigint", "long", "LONG"},
    {DataType::kFloat, "FLOAT", "float", "float", "FLOAT"},
    {DataType::kDouble, "DOUBLE", "double", "double", "DOUBLE"},
    {DataType::kString, "STRING", "string", "string", "STRING"},
    {DataType::kDate, "DATE", "date", "date", "DATE"},
    {DataType::kTimestamp, "TIMESTAMP", "timestamp", "timestamp", "TIMESTAMP"},
}};

const TypeNames& names(DataType type) {
  for (const TypeNames& n : kTypes) {
    if (n.type == type) return n;
  }
  return kTypes[0];  // unreachable: every enumerator is listed
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i];
    char y = b[i];
    if (x >= 'a' && x <= 'z') x = static_cast<char>(x - 'a' + 'A');
    if (y >= 'a' && y <= 'z') y = static_cast<char>(y - 'a' + 'A');
    if (x != y) return false;
  }
  return true;
}

bool digits(std::string_view text, std::size_t from, std::size_t count) {
  if (from + count > text.size()) return false;
  for (std::size_t i = from; i < from + count; ++i) {
    if (text[i] < '0' || text[i] > '9') return false;
  }
  return true;
}

int number_at(std::string_view text, std::size_t from, std::size_t count) {
  int n = 0;
  for (std::size_t i = from; i < from + count; ++i) n = n * 10 + (text[i] - '0');
  return n;
}

bool leap_year(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int days_in_month(int y, int m) {
  constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && leap_year(y) ? 29 : kDays[static_cast<std::size_t>(m - 1)];
}

}  // namespace

std::string_view sql_name(DataType type) { return names(type).sql; }
std::string_view hive_name(DataType type) { return names(type).hive; }
std::string_view delta_name(DataType type) { return names(type).delta; }
std::string_view api_type_name(DataType type) { return names(type).api; }

std::optional<DataType> data_type_from_sql(std::string_view keyword) {
  if (iequals(keyword, "INTEGER")) return DataType::kInt;
  if (iequals(keyword, "LONG")) return DataType::kBigint;
  if (iequals(keyword, "REAL")) return DataType::kFloat;
  for (const TypeNames& n : kTypes) {
    if (iequals(keyword, n.sql)) return n.type;
  }
  return std::nullopt;
}

std::optional<DataType> data_type_from_hive(std::string_view name) {
  for (const TypeNames& n : kTypes) {
    if (name == n.hive) return n.type;
  }
  if (name == "integer") return DataType::kInt;
  return std::nullopt;
}

std::optional<DataType> data_type_from_delta(std::string_view name) {
  for (const TypeNames& n : kTypes) {
    if (name == n.delta) return n.type;
  }
  return std::nullopt;
}

bool is_integral(DataType type) { return type == DataType::kInt || type == DataType::kBigint; }
bool is_numeric(DataType type) { return is_integral(type) || type == DataType::kFloat || type == DataType::kDouble; }

std::string format_double(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "Infinity" : "-Infinity";
  if (value == 0) return std::signbit(value) ? "-0.0" : "0.0";
  const double magnitude = std::fabs(value);
  char buf[64];
  if (magnitude >= 1e-3 && magnitude < 1e7) {
    const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::fixed);
    std::string out(buf, ec == std::errc() ? end : buf);
    if (out.find('.') == std::string::npos) out += ".0";
    return out;
  }
  // Shortest scientific digits: "1e+20" -> "1.0E20", "1.5e-05" -> "1.5E-5".
  const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::scientific);
  const std::string text(buf, ec == std::errc() ? end : buf);
  const auto e = text.find('e');
  std::string mantissa = text.substr(0, e);
  if (mantissa.find('.') == std::string::npos) mantissa += ".0";
  std::string exponent = text.substr(e + 1);
  bool negative = false;
  if (!exponent.empty() && (exponent[0] == '+' || exponent[0] == '-')) {
    negative = exponent[0] == '-';
    exponent.erase(0, 1);
  }
  while (exponent.size() > 1 && exponent[0] == '0') exponent.erase(0, 1);
  return mantissa + "E" + (negative ? "-" : "") + exponent;
}

std::optional<std::string> format_value(const Value& v) {
  struct Visitor {
    std::optional<std::string> operator()(std::monostate) const { return std::nullopt; }
    std::optional<std::string> operator()(bool b) const { return std::string(b ? "true" : "false"); }
    std::optional<std::string> operator()(std::int64_t i) const { return std::to_string(i); }
    std::optional<std::string> operator()(double d) const { return format_double(d); }
    std::optional<std::string> operator()(const std::string& s) const { return s; }
  };
  return std::visit(Visitor{}, v);
}

std::optional<std::string> canonical_date(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  if (!digits(text, 0, 4) || !digits(text, 5, 2) || !digits(text, 8, 2)) return std::nullopt;
  const int y = number_at(text, 0, 4);
  const int m = number_at(text, 5, 2);
  const int d = number_at(text, 8, 2);
  if (m < 1 || m > 12 || d < 1 || d > days_in_month(y, m)) return std::nullopt;
  return std::string(text);
}

std::optional<std::string> canonical_timestamp(std::string_view text) {
  if (text.size() == 10) {
    auto date = canonical_date(text);
    if (!date) return std::nullopt;
    return *date + " 00:00:00";
  }
  if (text.size() < 19 || (text[10] != ' ' && text[10] != 'T')) return std::nullopt;
  auto date = canonical_date(text.substr(0, 10));
  if (!date) return std::nullopt;
  if (text[13] != ':' || text[16] != ':' || !digits(text, 11, 2) || !digits(text, 14, 2) || !digits(text, 17, 2)) {
    return std::nullopt;
  }
  if (number_at(text, 11, 2) > 23 || number_at(text, 14, 2) > 59 || number_at(text, 17, 2) > 59) return std::nullopt;
  std::string out = *date + " " + std::string(text.substr(11, 8));
  if (text.size() > 19) {
    if (text[19] != '.' || text.size() == 20 || text.size() > 26 || !digits(text, 20, text.size() - 20)) {
      return std::nullopt;
    }
    out += std::string(text.substr(19));
  }
  return out;
}

std::optional<int> compare_values(const Value& a, const Value& b) {
  const auto sign = [](auto x, auto y) { return x < y ? -1 : (y < x ? 1 : 0); };
  if (const auto* x = std::get_if<std::int64_t>(&a)) {
    if (const auto* y = std::get_if<std::int64_t>(&b)) return sign(*x, *y);
    if (const auto* y = std::get_if<double>(&b)) return sign(static_cast<double>(*x), *y);
    return std::nullopt;
  }
  if (const auto* x = std::get_if<double>(&a)) {
    if (const auto* y = std::get_if<double>(&b)) return sign(*x, *y);
    if (const auto* y = std::get_if<std::int64_t>(&b)) return sign(*x, static_cast<double>(*y));
    return std::nullopt;
  }
  if (const auto* x = std::get_if<std::string>(&a)) {
    if (const auto* y = std::get_if<std::string>(&b)) return sign(x->compare(*y), 0);
    return std::nullopt;
  }
  if (const auto* x = std::get_if<bool>(&a)) {
    if (const auto* y = std::get_if<bool>(&b)) return sign(*x, *y);
    return std::nullopt;
  }
  return std::nullopt;
}

}  // namespace drdrill::lakehouse
