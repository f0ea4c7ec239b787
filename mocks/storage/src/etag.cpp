#include "storage/etag.h"

#include <algorithm>
#include <chrono>
#include <cstdio>

namespace drdrill::storage {

namespace {
// Seconds from 1601-01-01 to 1970-01-01.
constexpr std::int64_t kFiletimeEpochOffsetSeconds = 11644473600;
}  // namespace

std::string format_etag(std::uint64_t value) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "\"0x%llX\"", static_cast<unsigned long long>(value));
  return buf;
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
