#include "databricks/rest_api.h"

#include <string>
#include <utility>

#include "routes.h"

namespace drdrill::databricks {
namespace {

// Routing failures in the service's own dialect. The real service answers an unknown endpoint
// with 404 ENDPOINT_NOT_FOUND "No API found for '<METHOD> <path>'".
http::Response routing_error(const http::Request& request, const http::RoutingError& error) {
  if (error.kind == http::RoutingError::Kind::kBadRequest) {
    return error_response(ApiError::MalformedRequest(error.message));
  }
  const std::string message =
      "No API found for '" + std::string(http::to_string(request.method)) + " " + std::string(request.path()) + "'";
  return error_response(ApiError(ErrorCode::kEndpointNotFound, message, error.status));
}

http::Router build_router(Workspace& workspace) {
  http::Router api;
  api.set_query_plus_sign(http::PlusSign::kSpace);
  add_workspace_routes(api, workspace);
  add_secrets_routes(api, workspace);
  add_clusters_routes(api, workspace);
  add_jobs_routes(api, workspace);
  add_mounts_routes(api, workspace);

  http::Router root;
  root.set_error_responder(routing_error);
  for (const char* version : {"/api/2.0", "/api/2.1", "/api/2.2"}) root.mount(version, api);
  return root;
}

}  // namespace

std::string_view operation_of(std::string_view path) {
  constexpr std::string_view kApi = "/api/";
  if (path.substr(0, kApi.size()) != kApi) return path;
  path.remove_prefix(kApi.size());
  const auto slash = path.find('/');
  return slash == std::string_view::npos ? std::string_view() : path.substr(slash + 1);
}

std::string authenticated_user(const http::Request& request) {
  return request.headers.get_or(kAuthenticatedUserHeader, "");
}

http::Handler make_rest_api(Workspace& workspace) {
  return [&workspace, router = build_router(workspace)](const http::Request& request) {
    if (workspace.control_plane_outage() != ControlPlaneOutage::kNone) {
      return error_response(control_plane_unavailable(request.path()));
    }
    http::Request authenticated = request;
    authenticated.headers.remove(kAuthenticatedUserHeader);
    const auto user = workspace.tokens().authenticate(authenticated);
    if (!user.has_value()) return invalid_token_response();
    if (auto injected = workspace.api_faults().draw(operation_of(request.path()), request.path(),
                                                    workspace.scheduler().now())) {
      return error_response(*injected);
    }
    authenticated.headers.set(std::string(kAuthenticatedUserHeader), *user);
    return router(authenticated);
  };
}

}  // namespace drdrill::databricks
