#pragma once
// ASCII case folding for the names every layer compares case-insensitively (HTTP header names and
// hosts, SharedKey query names, SQL servers, databases, logins, failover groups, metastore
// identifiers, the drill's faults, runbook and ledger). The program never changes its locale, so
// std::tolower folds exactly A-Z, as these do, without a library call per character; and two names
// compare without building lower-cased copies.

#include <cstddef>
#include <string>
#include <string_view>

namespace drdrill {

constexpr char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

inline std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = ascii_lower(c);
  return out;
}

constexpr bool equals_ignoring_ascii_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
  }
  return true;
}

}  // namespace drdrill
