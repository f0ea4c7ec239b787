#include "storage/etag.h"

#include <algorithm>
#include <bit>
#include <chrono>
#include <cstdio>

namespace drdrill::storage {

namespace {
// Seconds from 1601-01-01 to 1970-01-01.
constexpr std::int64_t kFiletimeEpochOffsetSeconds = 11644473600;
}  // namespace

// "0x" and upper-case hex in quotes, without snprintf (every response to a blob read carries one).
char* write_etag(char* buf, std::uint64_t value) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  buf[0] = '"';
  buf[1] = '0';
  buf[2] = 'x';
  // As many hex digits as the value needs (one for zero), written from the last.
  const int digits = std::max(1, (static_cast<int>(std::bit_width(value)) + 3) / 4);
  for (int i = digits - 1; i >= 0; --i) {
    buf[3 + i] = kHex[value & 0xF];
    value >>= 4;
  }
  buf[3 + digits] = '"';
  return buf + 4 + digits;
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
