#pragma once
// EnumNames<E>: how a scenario enum is spelled in scenario files, one table per enum, kept next to
// the enum. The loader, the JSON Schema and the field reference all read the same table, so a value
// the loader accepts is always one the schema lists and the docs show.

#include <array>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

namespace drdrill::sim {

// Specialised next to each enum:
//   template <> struct EnumNames<Redundancy> {
//     static constexpr std::array kEntries{std::pair{Redundancy::kLrs, std::string_view{"LRS"}}, ...};
//   };
template <typename E>
struct EnumNames;

template <typename E>
concept NamedEnum = requires { EnumNames<E>::kEntries; };

// The file spelling of `value`; "?" for a value missing from the table (a programming error).
template <NamedEnum E>
constexpr std::string_view enum_name(E value) {
  for (const auto& [v, name] : EnumNames<E>::kEntries) {
    if (v == value) return name;
  }
  return "?";
}

// The value spelled `text` (exact, case-sensitive: files are strict), if any.
template <NamedEnum E>
constexpr std::optional<E> parse_enum(std::string_view text) {
  for (const auto& [v, name] : EnumNames<E>::kEntries) {
    if (name == text) return v;
  }
  return std::nullopt;
}

// Every spelling, in table order.
template <NamedEnum E>
std::vector<std::string_view> enum_spellings() {
  std::vector<std::string_view> out;
  for (const auto& entry : EnumNames<E>::kEntries) out.push_back(entry.second);
  return out;
}

}  // namespace drdrill::sim
