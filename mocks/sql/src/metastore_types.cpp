#include "sql/metastore_types.h"

#include <string_view>

#include "core/ascii_case.h"

namespace drdrill::sql {
namespace {

std::string lower_name(const std::string& s) {
  std::string out(s);
  for (char& c : out) c = ascii_lower(c);
  return out;
}

}  // namespace

std::string escape_path_name(const std::string& text) {
  // FileUtils.charToEscape: control characters and these, as %XX upper-case hex.
  static constexpr std::string_view kEscaped = "\"#%'*/:=?\\\x7F{[]^";
  std::string out;
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || kEscaped.find(c) != std::string_view::npos) {
      static constexpr char kHex[] = "0123456789ABCDEF";
      out += '%';
      out += kHex[u >> 4];
      out += kHex[u & 0xF];
    } else {
      out += c;
    }
  }
  return out;
}

std::string make_partition_name(const std::vector<FieldSchema>& keys, const std::vector<std::string>& values) {
  std::string name;
  for (std::size_t i = 0; i < keys.size() && i < values.size(); ++i) {
    if (i > 0) name += '/';
    name += escape_path_name(lower_name(keys[i].name)) + "=" + escape_path_name(values[i]);
  }
  return name;
}

}  // namespace drdrill::sql
