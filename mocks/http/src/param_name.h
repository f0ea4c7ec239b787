#pragma once
// Private to drdrill::http: the one rule for "{name}" in path and host patterns.

#include <algorithm>
#include <string_view>

namespace drdrill::http::detail {

// [A-Za-z_][A-Za-z0-9_]*: a name a service can spell as a C++ string literal without surprises.
inline bool is_param_name(std::string_view name) {
  if (name.empty() || (name.front() >= '0' && name.front() <= '9')) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

}  // namespace drdrill::http::detail
