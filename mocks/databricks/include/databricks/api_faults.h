#pragma once
// Faults a drill injects into a workspace's REST API.
//
// - Control-plane outage: the workspace is single-region (dr-parameters.md B3, 2c.1), so when its
//   region is down every API call fails. How a client sees that is the mode: the transport refuses
//   connections or hangs; a handler called directly (simulated drills) answers 503
//   TEMPORARILY_UNAVAILABLE for every mode.
// - Error injection: per operation ("jobs/run-now", "clusters/*", "*"), a rate and a window; a
//   matching request is answered 429 REQUEST_LIMIT_EXCEEDED or 503 TEMPORARILY_UNAVAILABLE (the
//   codes the SDKs retry), with the real service's wording. Draws come from the workspace's own
//   stream ("databricks.<workspace>.api_faults"), one per matching rule in its window (whether or
//   not an earlier rule fired), so a seed replays the same faults.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/random.h"
#include "core/time.h"
#include "databricks/api_error.h"

namespace drdrill::databricks {

enum class ControlPlaneOutage {
  kNone,                 // serving normally
  kRefuseConnections,    // the transport refuses the TCP connection
  kServiceUnavailable,   // every request gets 503 TEMPORARILY_UNAVAILABLE
  kHang,                 // the transport accepts and never answers
};

// "none", "refuse", "service-unavailable", "hang": the names scenario files use.
std::string_view to_string(ControlPlaneOutage mode);
std::optional<ControlPlaneOutage> parse_control_plane_outage(std::string_view name);

struct ApiFaultRule {
  // The operation: the path after /api/<version>/ ("jobs/runs/get"); "prefix/*" matches below a
  // prefix ("jobs/*"); "*" matches everything.
  std::string operation = "*";
  ErrorCode code = ErrorCode::kRequestLimitExceeded;
  double rate = 1.0;  // probability per matching request, in [0, 1]
  TimePoint from = TimePoint::min();
  TimePoint until = TimePoint::max();  // exclusive
};

class ApiFaults {
 public:
  explicit ApiFaults(RandomStream rng) : rng_(rng) {}

  void add(ApiFaultRule rule) { rules_.push_back(std::move(rule)); }
  void clear() { rules_.clear(); }

  // The error to answer this request with, if a rule fires. Every active rule matching the
  // operation takes one draw, in the order added; the first that fires decides the error.
  std::optional<ApiError> draw(std::string_view operation, std::string_view path, TimePoint now);
  // How many requests were answered with an injected error.
  std::uint64_t injected() const { return injected_; }

 private:
  RandomStream rng_;
  std::vector<ApiFaultRule> rules_;
  std::uint64_t injected_ = 0;
};

// True if `pattern` ("*", "jobs/*", "jobs/run-now") covers `operation` ("jobs/run-now").
bool operation_matches(std::string_view pattern, std::string_view operation);

// The error a request gets while the control plane is down.
ApiError control_plane_unavailable(std::string_view path);

}  // namespace drdrill::databricks
