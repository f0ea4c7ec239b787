#pragma once
// Shared by the ARM tests: requests as the Azure management SDKs send them, and responses as text.

#include <string>
#include <utility>

#include <nlohmann/json.hpp>

#include "http/method.h"
#include "http/request.h"
#include "http/response.h"

namespace drdrill::arm::testing {

inline constexpr std::string_view kHost = "management.localhost:8443";

// A request with a bearer token and the Host the JS client sends to a local endpoint.
inline http::Request arm_request(http::Method method, std::string target, std::string body = {}) {
  http::Request r;
  r.method = method;
  r.target = std::move(target);
  r.secure = true;
  r.headers.add("Host", std::string(kHost));
  r.headers.add("Authorization", "Bearer any-token-will-do");
  if (!body.empty()) r.headers.add("Content-Type", "application/json");
  r.body = std::move(body);
  return r;
}

// Status line, headers in order, blank line, body: for byte-exact comparisons.
inline std::string dump(const http::Response& r) {
  std::string out = std::to_string(r.status) + "\n";
  for (const auto& [name, value] : r.headers) out += name + ": " + value + "\n";
  out += "\n" + r.body;
  return out;
}

inline nlohmann::json body_json(const http::Response& r) { return nlohmann::json::parse(r.body, nullptr, false); }

}  // namespace drdrill::arm::testing
