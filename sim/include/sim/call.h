#pragma once
// call(): how drdrill's own clients (the runbook, probes, the workload) send a request to a service
// in simulated time. A handler answers at once; what a handler cannot express is the network:
// an endpoint that is down in "hang" mode accepts the connection and never answers, so the client
// waits for its timeout and fails; one in "refuse" mode fails at once with no response. Services
// down in "unavailable" mode answer their own error (503), which the handler already does.

#include <optional>
#include <string>

#include "core/scheduler.h"
#include "core/task.h"
#include "databricks/api_faults.h"
#include "http/handler.h"
#include "http/request.h"
#include "http/response.h"
#include "storage/region_outage.h"

namespace drdrill::sim {

// How the network delivers a request to an endpoint right now.
enum class Reach { kServe, kRefuse, kHang };

Reach reach_of(storage::OutageMode mode);
Reach reach_of(databricks::ControlPlaneOutage mode);

struct CallOutcome {
  std::optional<http::Response> response;  // absent: no answer at all
  std::string failure;                     // why there was no answer ("timed out after 10s", ...)

  bool answered() const { return response.has_value(); }
  // Answered with a 2xx.
  bool ok() const { return response && response->status >= 200 && response->status < 300; }
  // "200", "503 ServerBusy: ...", or the failure, for logs.
  std::string describe() const;
};

// Sends `request` as the network currently delivers it (`reach`), waiting at most `timeout`.
// `handler` and `scheduler` must outlive the task.
Task<CallOutcome> call(Scheduler& scheduler, const http::Handler& handler, http::Request request, Reach reach,
                       Duration timeout);

}  // namespace drdrill::sim
