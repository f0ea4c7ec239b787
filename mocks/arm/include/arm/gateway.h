#pragma once
// Gateway: the Azure Resource Manager front door as an http::Handler. Resource providers
// (Microsoft.Storage, Microsoft.Sql) register their routes in it; the gateway applies what ARM
// applies to every request before a provider sees it, and stamps every response.
//
// For each request, in ARM's order:
// 1. Authentication: "Authorization: Bearer <token>" with any non-empty token is accepted (drdrill
//    has no identity provider). No header -> 401 AuthenticationFailed; another scheme -> 401
//    AuthenticationFailed ("invalid format"); "Bearer" with no token -> 401
//    InvalidAuthenticationToken. A 401 carries WWW-Authenticate: Bearer ... as ARM's does.
// 2. api-version: every request must name one (any value is accepted, as the clients in use span
//    years of versions); missing or empty -> 400 MissingApiVersionParameter.
// 3. Routing through routes() (http::Router): a path no provider serves -> 404, a method a
//    resource does not take -> 405, a malformed path or query -> 400, all in ARM's JSON error
//    dialect (arm/arm_error.h).
// Every response then carries x-ms-request-id and x-ms-correlation-request-id (counted, so runs
// are reproducible; the correlation id echoes the client's x-ms-correlation-request-id when it sends
// one), the client's x-ms-client-request-id echoed, and Date from the injected clock.
//
// Route paths are matched case-sensitively as the Azure SDKs spell them
// ("/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/..."); ARM itself
// ignores case in paths, which drdrill does not model.
//
// Lifetime and threading: route handlers usually capture the provider that registered them, so the
// providers must outlive the gateway's use. Single-threaded like every service model.

#include <cstdint>
#include <string>

#include "core/clock.h"
#include "http/request.h"
#include "http/response.h"
#include "http/router.h"

namespace drdrill::arm {

struct GatewayConfig {
  // Scheme and authority of the absolute URLs the gateway hands out (long-running operation
  // Location and Azure-AsyncOperation), e.g. "https://127.0.0.1:8443" when the transport knows the
  // address clients use. Empty: "https://" + the request's Host header (as sent, port included). The
  // ARM SDKs refuse to poll anything but https (api-facts 7), so the default scheme is https even
  // when a simulated request did not arrive over TLS.
  std::string public_base_url;
};

class Gateway {
 public:
  explicit Gateway(const Clock& clock, GatewayConfig config = {});
  // Routes capture providers that capture this gateway; it stays where it was built.
  Gateway(const Gateway&) = delete;
  Gateway& operator=(const Gateway&) = delete;

  // Where providers register their routes. Route handlers return complete responses (use
  // render_error / json_response); the gateway only adds the common headers.
  http::Router& routes() { return routes_; }

  http::Response handle(const http::Request& request);
  http::Response operator()(const http::Request& request) { return handle(request); }

  // "https://127.0.0.1:8443": what absolute URLs for this request start with (see GatewayConfig).
  std::string base_url(const http::Request& request) const;

  const Clock& clock() const { return clock_; }

 private:
  std::string next_id(char variant);

  const Clock& clock_;
  GatewayConfig config_;
  http::Router routes_;
  std::uint64_t requests_ = 0;
};

}  // namespace drdrill::arm
