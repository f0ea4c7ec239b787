#include "databricks/rest_api.h"

#include <chrono>
#include <cstdlib>
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
  add_statements_routes(api, workspace);

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

AsyncHandler make_async_rest_api(Workspace& workspace) {
  return [&workspace, sync = make_rest_api(workspace)](const http::Request& request, AsyncReply reply) {
    http::Response response = sync(request);
    if (request.method != http::Method::kPost || operation_of(request.path()) != "sql/statements" ||
        response.status != 200) {
      reply(std::move(response));
      return;
    }
    // A statement was submitted: wait as wait_timeout says (validated by the endpoint already).
    const Json sent = Json::parse(request.body, nullptr, false);
    const Json answered = Json::parse(response.body, nullptr, false);
    if (sent.is_discarded() || answered.is_discarded()) {
      reply(std::move(response));
      return;
    }
    const std::string wait = sent.is_object() ? string_or(sent, "wait_timeout", "10s") : "10s";
    const int seconds = wait.size() > 1 ? std::atoi(wait.c_str()) : 10;
    const std::string id = string_or(answered, "statement_id", "");
    StatementService& statements = workspace.statements();
    statements.when_settled(id, workspace.scheduler().now() + std::chrono::seconds(seconds),
                            [&statements, id, reply = std::move(reply)] {
                              auto s = statements.get(id);
                              reply(s.ok() ? json_response((*s)->to_json()) : error_response(s.error()));
                            });
  };
}

}  // namespace drdrill::databricks
