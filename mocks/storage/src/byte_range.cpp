#include "storage/byte_range.h"

#include <algorithm>
#include <charconv>

namespace drdrill::storage {

namespace {
std::optional<std::uint64_t> parse_u64(std::string_view s) {
  if (s.empty()) return std::nullopt;
  std::uint64_t v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return v;
}
}  // namespace

std::optional<ByteRange> parse_byte_range(std::string_view value) {
  constexpr std::string_view kPrefix = "bytes=";
  if (!value.starts_with(kPrefix)) return std::nullopt;
  value.remove_prefix(kPrefix.size());
  const auto dash = value.find('-');
  if (dash == std::string_view::npos) return std::nullopt;
  const auto first = parse_u64(value.substr(0, dash));
  if (!first) return std::nullopt;
  const std::string_view last_text = value.substr(dash + 1);
  if (last_text.empty()) return ByteRange{*first, std::nullopt};
  const auto last = parse_u64(last_text);
  if (!last || *last < *first) return std::nullopt;
  return ByteRange{*first, *last};
}

std::optional<ResolvedRange> resolve_range(const ByteRange& range, std::uint64_t size_bytes) {
  if (range.first >= size_bytes) return std::nullopt;
  const std::uint64_t last = std::min(range.last.value_or(size_bytes - 1), size_bytes - 1);
  return ResolvedRange{range.first, last};
}

}  // namespace drdrill::storage
