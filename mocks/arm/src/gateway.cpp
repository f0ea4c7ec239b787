#include "arm/gateway.h"

#include <cstdio>
#include <optional>
#include <string_view>
#include <utility>

#include "arm/arm_error.h"
#include "http/query.h"

namespace drdrill::arm {

namespace {

// What ARM answers for an Authorization header, or nullopt when the request is authenticated.
std::optional<ArmError> check_bearer(const http::Request& request) {
  const auto authorization = request.headers.get("Authorization");
  if (!authorization) return errors::authorization_header_missing();
  const std::string_view value = *authorization;
  // The scheme is case-insensitive (RFC 9110 section 11.1).
  if (value.size() < 6 || !http::iequals(value.substr(0, 6), "Bearer")) return errors::authorization_header_invalid_format();
  std::string_view token = value.substr(6);
  if (!token.empty() && token.front() != ' ') return errors::authorization_header_invalid_format();
  while (!token.empty() && token.front() == ' ') token.remove_prefix(1);
  while (!token.empty() && token.back() == ' ') token.remove_suffix(1);
  if (token.empty()) return errors::invalid_authentication_token();
  return std::nullopt;
}

http::Response unauthorized(const ArmError& error) {
  http::Response response = render_error(error);
  // ARM's challenge names the tenant-neutral authority; the SDKs' bearer policy only acts on
  // challenges carrying claims (continuous access evaluation), so this one is informational.
  response.headers.add("WWW-Authenticate", "Bearer authorization_uri=\"https://login.microsoftonline.com/common\", "
                                           "error=\"invalid_token\", error_description=\"" + error.message + "\"");
  return response;
}

bool has_api_version(const http::Request& request) {
  const auto query = http::QueryParams::parse(request.query());
  // A malformed query string is the router's to report (400); here only presence matters.
  if (!query.ok()) return true;
  const auto version = query->iget("api-version");
  return version && !version->empty();
}

}  // namespace

Gateway::Gateway(const Clock& clock, GatewayConfig config) : clock_(clock), config_(std::move(config)) {
  routes_.set_error_responder([](const http::Request& request, const http::RoutingError& error) {
    switch (error.kind) {
      case http::RoutingError::Kind::kBadRequest: return render_error(errors::bad_request_uri(error.message));
      case http::RoutingError::Kind::kMethodNotAllowed:
        return render_error(errors::method_not_allowed(http::to_string(request.method)));
      case http::RoutingError::Kind::kNotFound: break;
    }
    return render_error(errors::no_route(request.path()));
  });
}

http::Response Gateway::handle(const http::Request& request) {
  const std::string request_id = next_id('8');
  http::Response response;
  if (auto error = check_bearer(request)) {
    response = unauthorized(*error);
  } else if (!has_api_version(request)) {
    response = render_error(errors::missing_api_version());
  } else {
    response = routes_(request);
  }
  response.headers.add("x-ms-request-id", request_id);
  const auto correlation = request.headers.get("x-ms-correlation-request-id");
  response.headers.add("x-ms-correlation-request-id", correlation ? std::string(*correlation) : next_id('9'));
  if (const auto client_id = request.headers.get("x-ms-client-request-id")) {
    response.headers.add("x-ms-client-request-id", std::string(*client_id));
  }
  response.headers.add("Date", format_rfc1123(clock_.now()));
  return response;
}

std::string Gateway::base_url(const http::Request& request) const {
  if (!config_.public_base_url.empty()) return config_.public_base_url;
  return "https://" + std::string(request.headers.get("Host").value_or("localhost"));
}

std::string Gateway::next_id(char variant) {
  // GUID-shaped like ARM's, counted per gateway so a replay produces the same ids. The variant digit
  // tells request ids ('8') from correlation ids ('9') at a glance.
  if (variant == '8') ++requests_;
  char buf[40];
  std::snprintf(buf, sizeof buf, "00000000-0000-4000-%c000-%012llx", variant, static_cast<unsigned long long>(requests_));
  return buf;
}

}  // namespace drdrill::arm
