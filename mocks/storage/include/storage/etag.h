#pragma once
// ETags as Azure Storage forms them: a quoted "0x" followed by upper-case hex digits, e.g.
// "0x1DC7A9F3B2C4E00" (Azurite and the real service derive the number from the modification time
// in 100 ns ticks since 1601). drdrill does the same, deterministically: the number is the
// modification time in ticks, bumped past the previous ETag of the account when two writes share a
// tick, so it never repeats and never comes from a random source or a real clock.

#include <algorithm>
#include <cstdint>
#include <string>

#include "core/time.h"

namespace drdrill::storage {

// "\"0x1DC7A9F3B2C4E00\"" (with the quotes: clients compare ETags as exact strings).
std::string format_etag(std::uint64_t value);
// Appends format_etag(value) to `out` (a listing carries one per blob).
void append_etag(std::string& out, std::uint64_t value);
// Writes format_etag(value) at `buf` (at most kEtagMaxBytes) and returns the end of what it wrote.
inline constexpr std::size_t kEtagMaxBytes = 20;
char* write_etag(char* buf, std::uint64_t value);

// Windows FILETIME ticks (100 ns since 1601-01-01) of a time point; what Azure ETags count.
std::uint64_t filetime_ticks(TimePoint t);

// The ETags of one account, strictly increasing in the order they are issued.
class EtagSequence {
 public:
  std::uint64_t next(TimePoint now);
  // Issues nothing at or below `etag` from now on (an ETag restored from an earlier run).
  void skip_past(std::uint64_t etag) { last_ = std::max(last_, etag); }

 private:
  std::uint64_t last_ = 0;
};

}  // namespace drdrill::storage
