#include "sim/call.h"

#include <utility>

#include "core/delay.h"
#include "sim/requests.h"

namespace drdrill::sim {

Reach reach_of(storage::OutageMode mode) {
  switch (mode) {
    case storage::OutageMode::kHang: return Reach::kHang;
    case storage::OutageMode::kRefuseConnections: return Reach::kRefuse;
    case storage::OutageMode::kServerBusy:
    case storage::OutageMode::kNone: return Reach::kServe;
  }
  return Reach::kServe;
}

Reach reach_of(databricks::ControlPlaneOutage mode) {
  switch (mode) {
    case databricks::ControlPlaneOutage::kHang: return Reach::kHang;
    case databricks::ControlPlaneOutage::kRefuseConnections: return Reach::kRefuse;
    case databricks::ControlPlaneOutage::kServiceUnavailable:
    case databricks::ControlPlaneOutage::kNone: return Reach::kServe;
  }
  return Reach::kServe;
}

std::string CallOutcome::describe() const {
  if (!response) return failure;
  if (ok()) return std::to_string(response->status);
  return describe_error(*response);
}

Task<CallOutcome> call(Scheduler& scheduler, const http::Handler& handler, http::Request request, Reach reach,
                       Duration timeout) {
  switch (reach) {
    case Reach::kRefuse: co_return CallOutcome{std::nullopt, "connection refused"};
    case Reach::kHang:
      co_await delay_for(scheduler, timeout, "sim.call.timeout");
      co_return CallOutcome{std::nullopt, "no answer: timed out after " + format_duration(timeout)};
    case Reach::kServe: break;
  }
  co_return CallOutcome{handler(request), ""};
}

}  // namespace drdrill::sim
