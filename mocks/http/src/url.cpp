#include "http/url.h"

#include <algorithm>
#include <array>

namespace drdrill::http {

namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

constexpr bool is_unreserved(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
         c == '_' || c == '~';
}

// Which bytes pass unescaped, per byte: with and without '/'.
struct KeepTable {
  std::array<bool, 256> plain{};
  std::array<bool, 256> path{};
};
constexpr KeepTable make_keep_table() {
  KeepTable t;
  for (int b = 0; b < 256; ++b) {
    t.plain[static_cast<std::size_t>(b)] = is_unreserved(static_cast<char>(b));
    t.path[static_cast<std::size_t>(b)] = t.plain[static_cast<std::size_t>(b)] || b == '/';
  }
  return t;
}
constexpr KeepTable kKeep = make_keep_table();

std::string encode(std::string_view raw, bool keep_slash) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  const std::array<bool, 256>& keep = keep_slash ? kKeep.path : kKeep.plain;
  const auto kept = [&](char c) { return keep[static_cast<unsigned char>(c)]; };
  std::string out;
  out.reserve(raw.size());
  std::size_t i = 0;
  while (i < raw.size()) {
    // Copy the run up to the next byte to escape at once (most names have none).
    std::size_t j = i;
    while (j < raw.size() && kept(raw[j])) ++j;
    out.append(raw.data() + i, j - i);
    if (j == raw.size()) break;
    const auto byte = static_cast<unsigned char>(raw[j]);
    const char escape[3] = {'%', kHex[byte >> 4], kHex[byte & 0x0F]};
    out.append(escape, 3);
    i = j + 1;
  }
  return out;
}

}  // namespace

namespace {

// Appends the decoded `encoded` to `out`. Offsets in errors count from the start of `encoded`.
Status decode_into(std::string& out, std::string_view encoded, PlusSign plus) {
  const auto next_special = [&](std::size_t from) {
    return plus == PlusSign::kSpace ? encoded.find_first_of("%+", from) : encoded.find('%', from);
  };
  std::size_t next = next_special(0);
  if (next == std::string_view::npos) {  // most names and values have no escape at all
    out.append(encoded);
    return Status::Ok();
  }
  out.reserve(out.size() + encoded.size());
  for (std::size_t i = 0; i < encoded.size(); ++i) {
    // Copy the run up to the next escape at once.
    if (i > 0) next = next_special(i);
    out.append(encoded.substr(i, next == std::string_view::npos ? std::string_view::npos : next - i));
    if (next == std::string_view::npos) break;
    i = next;
    if (encoded[i] == '+') {
      out += ' ';
      continue;
    }
    if (i + 2 >= encoded.size()) {
      return Status::InvalidArgument("truncated percent-escape '" + std::string(encoded.substr(i)) +
                                     "' at offset " + std::to_string(i));
    }
    const int high = hex_value(encoded[i + 1]);
    const int low = hex_value(encoded[i + 2]);
    if (high < 0 || low < 0) {
      return Status::InvalidArgument("malformed percent-escape '" + std::string(encoded.substr(i, 3)) +
                                     "' at offset " + std::to_string(i));
    }
    out += static_cast<char>(high * 16 + low);
    i += 2;
  }
  return Status::Ok();
}

}  // namespace

Result<std::string> percent_decode(std::string_view encoded, PlusSign plus) {
  std::string out;
  Status decoded = decode_into(out, encoded, plus);
  if (!decoded.ok()) return decoded;
  return out;
}

std::string percent_encode(std::string_view raw) { return encode(raw, /*keep_slash=*/false); }

std::string percent_encode_path(std::string_view raw) { return encode(raw, /*keep_slash=*/true); }

Result<std::vector<std::string>> split_path(std::string_view raw_path) {
  if (raw_path.empty() || raw_path.front() != '/') {
    return Status::InvalidArgument("path '" + std::string(raw_path) + "' does not start with '/'");
  }
  std::vector<std::string> segments;
  std::string_view rest = raw_path.substr(1);
  if (rest.empty()) return segments;
  segments.reserve(static_cast<std::size_t>(std::count(rest.begin(), rest.end(), '/')) + 1);
  while (true) {
    const auto slash = rest.find('/');
    // Decoded straight into its place in the list.
    Status decoded = decode_into(segments.emplace_back(), rest.substr(0, slash), PlusSign::kLiteral);
    if (!decoded.ok()) return decoded;
    if (slash == std::string_view::npos) break;
    rest.remove_prefix(slash + 1);
  }
  return segments;
}

}  // namespace drdrill::http
