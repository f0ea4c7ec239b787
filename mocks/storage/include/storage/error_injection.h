#pragma once
// ErrorInjector: per-operation failures a drill switches on — "25% of Put Blob on the primary fail
// with 503 ServerBusy between 10:00 and 10:05" — drawn from a seeded stream so a run replays.
//
// The blob service consults it after authenticating a request and before running it, so an injected
// failure is exactly what a client sees when the service refuses work: nothing is written, nothing is
// acknowledged or replicated.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/random.h"
#include "core/time.h"
#include "storage/blob_error.h"
#include "storage/blob_operation.h"

namespace drdrill::storage {

struct ErrorRule {
  std::optional<BlobOperation> operation;  // nullopt: every operation
  std::string account;                     // empty: every account
  std::optional<bool> secondary;           // nullopt: both endpoints; true: only -secondary
  TimePoint start = TimePoint::min();      // active during [start, end)
  TimePoint end = TimePoint::max();
  double rate = 1.0;                       // probability that a matching request fails
  BlobError error = errors::server_busy();
};

class ErrorInjector {
 public:
  explicit ErrorInjector(RandomStream rng) : rng_(rng) {}

  void add(ErrorRule rule) { rules_.push_back(std::move(rule)); }
  void clear() { rules_.clear(); }

  // The error to answer instead of running the request, if a rule fires. Each rule that matches the
  // request and is active takes exactly one draw, in the order the rules were added, so the stream's
  // position depends only on the requests and rules, never on earlier outcomes.
  std::optional<BlobError> draw(std::string_view account, bool secondary, BlobOperation op, TimePoint now);

  std::uint64_t injected() const { return injected_; }

 private:
  RandomStream rng_;
  std::vector<ErrorRule> rules_;
  std::uint64_t injected_ = 0;
};

}  // namespace drdrill::storage
