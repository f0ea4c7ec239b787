#include "serve/control_api.h"

#include <charconv>
#include <map>
#include <utility>

#include "core/time.h"
#include "sim/ledger.h"
#include "sim/scenario_loader.h"

namespace drdrill::serve {
namespace {

using Json = nlohmann::json;

http::Response json_response(int status, const Json& body) { return http::Response::json(status, body.dump(2) + "\n"); }

http::Response error(int status, std::string code, std::string message, std::optional<std::string> field = std::nullopt) {
  Json e = {{"code", std::move(code)}, {"message", std::move(message)}};
  if (field) e["field"] = *field;
  http::Response response = json_response(status, Json{{"error", std::move(e)}});
  if (status == 401) response.headers.add("WWW-Authenticate", "Bearer realm=\"drdrill\"");
  return response;
}

double seconds(Duration d) { return to_seconds(d); }

// Constant-time comparison: the token guards the drill, however local.
bool same_token(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  unsigned diff = 0;
  for (std::size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned>(a[i] ^ b[i]);
  return diff == 0;
}

}  // namespace

ControlApi::ControlApi(sim::Drill& drill, std::string token, std::string scenario_text, std::function<void()> on_end)
    : drill_(drill),
      token_(std::move(token)),
      scenario_(Json::parse(scenario_text, nullptr, false)),
      on_end_(std::move(on_end)) {
  const Json faults = scenario_.is_object() ? scenario_.value("faults", Json::array()) : Json::array();
  for (const Json& f : faults) fault_json_.push_back(f);
}

http::Response ControlApi::handle(const http::Request& request) {
  const auto authorization = request.headers.get("Authorization");
  static constexpr std::string_view kBearer = "Bearer ";
  if (!authorization || !authorization->starts_with(kBearer)) {
    return error(401, "Unauthorized", "the control API needs 'Authorization: Bearer <control.token>' (endpoints file)");
  }
  if (!same_token(authorization->substr(kBearer.size()), token_)) {
    return error(401, "Unauthorized", "wrong control token: use control.token from the endpoints file");
  }
  std::string_view path = request.path();
  path.remove_prefix(kControlPrefix.size());
  if (path.ends_with('/')) path.remove_suffix(1);
  const http::Method method = request.method;
  const auto only = [&](http::Method allowed, auto&& fn) -> http::Response {
    if (method != allowed) return error(405, "MethodNotAllowed", std::string(http::to_string(method)) + " is not allowed here");
    return fn();
  };
  if (path == "status") return only(http::Method::kGet, [&] { return status(); });
  if (path == "timeline") return only(http::Method::kGet, [&] { return timeline(); });
  if (path == "ledger") return only(http::Method::kGet, [&] { return ledger(); });
  if (path == "faults") {
    if (method == http::Method::kGet) return list_faults();
    if (method == http::Method::kPost) return add_fault(request);
    return error(405, "MethodNotAllowed", std::string(http::to_string(method)) + " is not allowed here");
  }
  if (path.starts_with("faults/")) {
    return only(http::Method::kDelete, [&] { return remove_fault(path.substr(7)); });
  }
  if (path == "end") {
    return only(http::Method::kPost, [&] {
      if (ended_) return error(403, "DrillEnded", "the drill has ended already");
      ended_ = true;
      if (on_end_) on_end_();
      return json_response(202, Json{{"ending", true}, {"t_s", seconds(drill_.now() - drill_.epoch())}});
    });
  }
  return error(404, "NotFound", "no control endpoint " + std::string(request.path()));
}

http::Response ControlApi::status() const {
  return json_response(200, Json{{"scenario", drill_.scenario().name},
                                 {"seed", drill_.scenario().seed},
                                 {"epoch", format_iso8601(drill_.epoch())},
                                 {"now", format_iso8601(drill_.now())},
                                 {"t_s", seconds(drill_.now() - drill_.epoch())},
                                 {"end", format_iso8601(drill_.end_time())},
                                 {"end_s", seconds(drill_.end_time() - drill_.epoch())},
                                 {"ended", ended_}});
}

http::Response ControlApi::list_faults() const {
  Json faults = Json::array();
  for (const sim::FaultInjector::FaultState& f : drill_.faults().list()) {
    const char* state = f.removed ? "removed" : f.ended ? "ended" : f.started ? "active" : "pending";
    Json entry = {{"index", f.index},
                  {"kind", std::string(f.fault->kind())},
                  {"state", state},
                  {"start_s", seconds(f.fault->window.start)}};
    entry["end_s"] = f.fault->window.end ? Json(seconds(*f.fault->window.end)) : Json(nullptr);
    entry["fault"] = f.index < fault_json_.size() ? fault_json_[f.index] : Json(nullptr);
    faults.push_back(std::move(entry));
  }
  return json_response(200, Json{{"faults", std::move(faults)}});
}

http::Response ControlApi::add_fault(const http::Request& request) {
  if (ended_) return error(403, "DrillEnded", "the drill has ended: faults can no longer change");
  const Json body = Json::parse(request.body, nullptr, false);
  if (body.is_discarded()) return error(400, "InvalidJson", "the body is not JSON", "");
  if (!body.is_object()) return error(400, "InvalidFault", "expected a fault object like a scenario's faults[] entry", "");
  if (!scenario_.is_object()) return error(500, "Internal", "the served scenario's JSON is not available");
  // Validated exactly as in a scenario file: the served scenario with this fault as its only one.
  Json document = scenario_;
  document["faults"] = Json::array({body});
  const sim::LoadReport loaded = sim::load_scenario_report(document.dump(), "<fault>");
  if (!loaded.ok()) {
    static constexpr std::string_view kPrefix = "/faults/0";
    Json diagnostics = Json::array();
    std::optional<std::string> first_field;
    std::string first_message;
    for (const sim::Diagnostic& d : loaded.diagnostics) {
      std::string field = d.pointer;
      if (field.starts_with(kPrefix)) field = field.substr(kPrefix.size());
      if (field.empty()) field = "";
      if (!first_field) {
        first_field = field;
        first_message = d.message;
      }
      diagnostics.push_back(Json{{"field", field}, {"message", d.message}});
    }
    http::Response response =
        error(400, "InvalidFault", (first_field->empty() ? "" : *first_field + ": ") + first_message, first_field);
    Json with = Json::parse(response.body);
    with["error"]["diagnostics"] = std::move(diagnostics);
    return json_response(400, with);
  }
  sim::Fault fault = loaded.scenario->faults.front();
  // Its window counts from now, not from the drill's start.
  const Duration now = drill_.now() - drill_.epoch();
  fault.window.start += now;
  if (fault.window.end) *fault.window.end += now;
  const std::size_t index = drill_.faults().add(fault);
  while (fault_json_.size() < index) fault_json_.push_back(nullptr);
  fault_json_.push_back(body);
  Json answer = {{"index", index}, {"kind", std::string(fault.kind())}, {"start_s", seconds(fault.window.start)}};
  answer["end_s"] = fault.window.end ? Json(seconds(*fault.window.end)) : Json(nullptr);
  return json_response(201, answer);
}

http::Response ControlApi::remove_fault(std::string_view text) {
  if (ended_) return error(403, "DrillEnded", "the drill has ended: faults can no longer change");
  std::size_t index = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), index);
  if (ec != std::errc() || end != text.data() + text.size()) {
    return error(404, "NotFound", "no fault '" + std::string(text) + "': faults are numbered from 0");
  }
  const Status removed = drill_.faults().remove(index);
  if (removed.is_not_found()) return error(404, "NotFound", removed.message());
  if (!removed.ok()) return error(409, "Conflict", removed.message());
  return json_response(200, Json{{"index", index}, {"state", "removed"}});
}

http::Response ControlApi::timeline() const {
  Json events = Json::array();
  for (const sim::TimelineEvent& e : drill_.timeline().events()) {
    events.push_back(Json{{"t", format_iso8601(e.at)}, {"t_s", seconds(e.at - drill_.epoch())}, {"actor", e.actor}, {"what", e.what}});
  }
  return json_response(200, Json{{"events", std::move(events)}});
}

http::Response ControlApi::ledger() const {
  struct Counts {
    std::int64_t acknowledged = 0;
    std::int64_t arrived = 0;
    std::int64_t lost = 0;
    std::int64_t in_flight = 0;
    std::uint64_t bytes_lost = 0;
  };
  std::map<std::string, Counts> stores;
  for (const sim::Store store : {sim::Store::kStorage, sim::Store::kMetastore}) stores[std::string(sim::to_string(store))];
  sim::World& world = drill_.world();
  for (const sim::LedgerEntry& e : world.ledger().entries(world.storage())) {
    Counts& c = stores[std::string(sim::to_string(e.store))];
    ++c.acknowledged;
    if (e.lost) {
      ++c.lost;
      c.bytes_lost += e.bytes;
    } else if (e.arrived) {
      ++c.arrived;
    } else {
      ++c.in_flight;
    }
  }
  Json out = Json::object();
  for (const auto& [name, c] : stores) {
    out[name] = Json{{"acknowledged", c.acknowledged}, {"arrived", c.arrived}, {"lost", c.lost}, {"in_flight", c.in_flight},
                     {"bytes_lost", c.bytes_lost}};
  }
  return json_response(200, Json{{"now", format_iso8601(drill_.now())},
                                 {"t_s", seconds(drill_.now() - drill_.epoch())},
                                 {"stores", std::move(out)}});
}

}  // namespace drdrill::serve
