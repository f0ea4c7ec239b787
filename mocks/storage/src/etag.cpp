#include "storage/etag.h"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdio>

namespace drdrill::storage {

namespace {
// Seconds from 1601-01-01 to 1970-01-01.
constexpr std::int64_t kFiletimeEpochOffsetSeconds = 11644473600;
}  // namespace

// "0x" and upper-case hex in quotes, without snprintf (every response to a blob read carries one).
char* write_etag(char* buf, std::uint64_t value) {
  buf[0] = '"';
  buf[1] = '0';
  buf[2] = 'x';
  const auto [end, ec] = std::to_chars(buf + 3, buf + 3 + 16, value, 16);
  (void)ec;  // 16 hex digits always fit
  std::transform(buf + 3, end, buf + 3, [](char c) { return c >= 'a' ? static_cast<char>(c - 'a' + 'A') : c; });
  *end = '"';
  return end + 1;
}

std::string format_etag(std::uint64_t value) {
  char buf[24];
  return std::string(buf, write_etag(buf, value));
}

void append_etag(std::string& out, std::uint64_t value) {
  char buf[24];
  out.append(buf, write_etag(buf, value));
}

std::uint64_t filetime_ticks(TimePoint t) {
  const auto micros = t.time_since_epoch().count() + kFiletimeEpochOffsetSeconds * 1'000'000;
  return static_cast<std::uint64_t>(std::max<std::int64_t>(micros, 0)) * 10;
}

std::uint64_t EtagSequence::next(TimePoint now) {
  last_ = std::max(last_ + 1, filetime_ticks(now));
  return last_;
}

}  // namespace drdrill::storage
