#include "databricks/api_faults.h"

namespace drdrill::databricks {

std::string_view to_string(ControlPlaneOutage mode) {
  switch (mode) {
    case ControlPlaneOutage::kNone: return "none";
    case ControlPlaneOutage::kRefuseConnections: return "refuse";
    case ControlPlaneOutage::kServiceUnavailable: return "service-unavailable";
    case ControlPlaneOutage::kHang: return "hang";
  }
  return "none";
}

std::optional<ControlPlaneOutage> parse_control_plane_outage(std::string_view name) {
  for (ControlPlaneOutage mode : {ControlPlaneOutage::kNone, ControlPlaneOutage::kRefuseConnections,
                                  ControlPlaneOutage::kServiceUnavailable, ControlPlaneOutage::kHang}) {
    if (name == to_string(mode)) return mode;
  }
  return std::nullopt;
}

bool operation_matches(std::string_view pattern, std::string_view operation) {
  if (pattern == "*") return true;
  if (pattern.size() >= 2 && pattern.substr(pattern.size() - 2) == "/*") {
    const std::string_view prefix = pattern.substr(0, pattern.size() - 1);  // keeps the '/'
    return operation.substr(0, prefix.size()) == prefix;
  }
  return pattern == operation;
}

ApiError control_plane_unavailable(std::string_view path) {
  return {ErrorCode::kTemporarilyUnavailable,
          "The service at " + std::string(path) + " is temporarily unavailable. Please try again later."};
}

std::optional<ApiError> ApiFaults::draw(std::string_view operation, std::string_view path, TimePoint now) {
  // Every active matching rule takes exactly one draw, even after an earlier one fired, so the
  // stream's position depends only on the requests and the rules, never on earlier outcomes.
  const ApiFaultRule* fired = nullptr;
  for (const ApiFaultRule& rule : rules_) {
    if (now < rule.from || now >= rule.until || !operation_matches(rule.operation, operation)) continue;
    if (rng_.bernoulli(rule.rate) && fired == nullptr) fired = &rule;
  }
  if (fired == nullptr) return std::nullopt;
  ++injected_;
  if (fired->code == ErrorCode::kTemporarilyUnavailable) return control_plane_unavailable(path);
  if (fired->code == ErrorCode::kRequestLimitExceeded) {
    return ApiError(fired->code, "Too many requests. Please wait a moment and try again.");
  }
  return ApiError(fired->code, "drdrill injected " + std::string(to_string(fired->code)) + " for " + std::string(operation));
}

}  // namespace drdrill::databricks
