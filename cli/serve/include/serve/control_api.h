#pragma once
// ControlApi: drdrill's own endpoints on a served drill, under the reserved prefix /_drdrill/ of the
// ARM listener, with their own bearer token (not ARM's "any token"): what LocalStack's chaos
// endpoint or Toxiproxy's API are to their fakes.
//
//   GET    /_drdrill/status          the drill: scenario, seed, simulated now, end, ended
//   GET    /_drdrill/faults          every fault, the scenario's first, with its state
//   POST   /_drdrill/faults          add a fault: the JSON of a scenario fault, its start relative
//                                    to now ("0s": at once); 201 with its index
//   DELETE /_drdrill/faults/{index}  cancel a pending fault or end an active one now
//   GET    /_drdrill/timeline        the drill's events so far
//   GET    /_drdrill/ledger          per store: writes acknowledged, arrived, lost, in flight
//   POST   /_drdrill/end             end the drill now (reports follow)
//
// Errors are JSON {"error": {"code", "message"[, "field"]}}: 401 Unauthorized without the token or
// with another one, 400 InvalidFault naming the field (a JSON pointer into the body) as the scenario
// loader does, 404 NotFound, 405 MethodNotAllowed, 409 Conflict (a fault that cannot be removed),
// 403 DrillEnded (changes after the drill ended). Documented in docs/serve.md.
//
// Single-threaded, on the event loop. The drill must outlive it.

#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "http/request.h"
#include "http/response.h"
#include "sim/drill.h"

namespace drdrill::serve {

inline constexpr std::string_view kControlPrefix = "/_drdrill/";

class ControlApi {
 public:
  // `scenario_text`: the served scenario's JSON, which an added fault is validated within.
  // `on_end`: what POST /_drdrill/end does (the drill ends on the loop after the answer).
  ControlApi(sim::Drill& drill, std::string token, std::string scenario_text, std::function<void()> on_end);

  static bool is_control_path(std::string_view path) { return path.starts_with(kControlPrefix); }

  http::Response handle(const http::Request& request);

  // Mutations are refused (403) once this is set.
  void set_ended() { ended_ = true; }

 private:
  http::Response status() const;
  http::Response list_faults() const;
  http::Response add_fault(const http::Request& request);
  http::Response remove_fault(std::string_view index);
  http::Response timeline() const;
  http::Response ledger() const;

  sim::Drill& drill_;
  std::string token_;
  nlohmann::json scenario_;  // parsed scenario_text
  std::vector<nlohmann::json> fault_json_;  // by FaultInjector index, as given
  std::function<void()> on_end_;
  bool ended_ = false;
};

}  // namespace drdrill::serve
