#pragma once
// Byte ranges of Get Blob: "bytes=<first>-[<last>]" in x-ms-range (which wins) or Range.

#include <cstdint>
#include <optional>
#include <string_view>

namespace drdrill::storage {

struct ByteRange {
  std::uint64_t first = 0;
  std::optional<std::uint64_t> last;  // inclusive; absent: to the end

  friend bool operator==(const ByteRange&, const ByteRange&) = default;
};

// nullopt if the value is not "bytes=a-b" (a <= b) or "bytes=a-". Suffix ranges ("bytes=-500")
// and multiple ranges are not supported by the Blob service and are not accepted.
std::optional<ByteRange> parse_byte_range(std::string_view value);

// The range clipped to a blob of `size_bytes`: [first, last] both inclusive; nullopt if it starts at
// or past the end (the service answers 416 InvalidRange).
struct ResolvedRange {
  std::uint64_t first;
  std::uint64_t last;
  std::uint64_t length() const { return last - first + 1; }
};
std::optional<ResolvedRange> resolve_range(const ByteRange& range, std::uint64_t size_bytes);

}  // namespace drdrill::storage
