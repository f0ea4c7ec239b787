#pragma once
// What a fuzz target does when the code under test breaks its contract: say which clause and on
// what, then abort, which libFuzzer reports as a crash (and saves the input) and which fails the
// replay test. Not an assert: it must also fire in builds with NDEBUG.

#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

namespace drdrill::fuzz {

inline void require(bool holds, std::string_view clause, std::string_view detail = {}) {
  if (holds) return;
  std::fprintf(stderr, "contract broken: %.*s\n", static_cast<int>(clause.size()), clause.data());
  if (!detail.empty()) std::fprintf(stderr, "  %.*s\n", static_cast<int>(detail.size()), detail.data());
  std::abort();
}

inline std::string_view as_text(const unsigned char* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

}  // namespace drdrill::fuzz
