#include "sim/requests.h"

#include <utility>

#include "sim/world.h"

namespace drdrill::sim {

http::Request databricks_request(std::string_view host, std::string_view token, http::Method method,
                                 std::string target, const Json* body) {
  http::Request request;
  request.method = method;
  request.target = std::move(target);
  request.secure = true;
  request.headers.add("Host", std::string(host));
  request.headers.add("Authorization", "Bearer " + std::string(token));
  request.headers.add("User-Agent", "drdrill-runbook");
  if (body != nullptr) {
    request.body = body->dump();
    request.headers.add("Content-Type", "application/json");
  }
  return request;
}

http::Request arm_request(http::Method method, std::string target, const Json* body) {
  // The same bearer-token JSON request as the Databricks REST API's, to ARM's host.
  http::Request request = databricks_request(kArmHost, kArmToken, method, std::move(target), body);
  if (body == nullptr && method == http::Method::kPost) request.headers.add("Content-Length", "0");
  return request;
}

std::optional<Json> json_body(const http::Response& response) {
  Json parsed = Json::parse(response.body, nullptr, false);
  if (parsed.is_discarded()) return std::nullopt;
  return parsed;
}

std::string describe_error(const http::Response& response) {
  std::string out = std::to_string(response.status);
  if (const auto body = json_body(response); body && body->is_object()) {
    // Databricks: {"error_code": "...", "message": "..."}; ARM: {"error": {"code": ..., "message": ...}}.
    const Json* e = body->contains("error") && (*body)["error"].is_object() ? &(*body)["error"] : &*body;
    for (const char* key : {"error_code", "code"}) {
      if (e->contains(key)) {
        const Json& v = (*e)[key];
        out += " " + (v.is_string() ? v.get<std::string>() : v.dump());
        break;
      }
    }
    if (e->contains("message") && (*e)["message"].is_string()) out += ": " + (*e)["message"].get<std::string>();
    return out;
  }
  if (const auto code = response.headers.get("x-ms-error-code")) return out + " " + std::string(*code);
  if (!response.body.empty()) out += ": " + response.body.substr(0, 120);
  return out;
}

}  // namespace drdrill::sim
