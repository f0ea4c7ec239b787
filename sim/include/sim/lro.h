#pragma once
// poll_lro(): waits for an Azure Resource Manager long-running operation the way the official
// clients' poller (@azure/core-lro, api-facts 4.2) does, in simulated time — so the reference
// runbook sees exactly what a real tool would, including how long it waits:
// - the initial response must be 200, 201 or 202 (anything else: the request was refused);
// - with Azure-AsyncOperation: poll it, reading body.status (Succeeded / Failed / Canceled end it,
//   anything else is running); after Succeeded, GET the Location once for the final result;
// - else with Location: poll it; 202 is running, another 2xx succeeded, >= 300 failed;
// - else: done at once;
// - the first poll at once, then one every interval: 2 s until a running poll response carries a
//   Retry-After (seconds), whose value it then uses.
// A poll that gets no answer (the gateway is unreachable) counts as running; the poller gives up
// after `max_wait`.

#include <string>

#include "core/scheduler.h"
#include "core/task.h"
#include "http/handler.h"
#include "http/response.h"

namespace drdrill::sim {

struct LroOutcome {
  enum class State { kSucceeded, kFailed, kRefused, kGaveUp };
  State state = State::kSucceeded;
  int polls = 0;
  http::Response last;  // the final response (the result, the failure, or the refusal)
  std::string error;    // "409 StorageAccountOperationInProgress: ...", when not succeeded

  bool succeeded() const { return state == State::kSucceeded; }
};

// `initial` is the response to the request that started the operation. `arm` must outlive the task.
Task<LroOutcome> poll_lro(Scheduler& scheduler, const http::Handler& arm, http::Response initial, Duration max_wait);

}  // namespace drdrill::sim
