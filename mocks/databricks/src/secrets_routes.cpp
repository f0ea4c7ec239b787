// Secrets API 2.0: /secrets/scopes/create, scopes/list, scopes/delete, put, list, delete, get.

#include "databricks/base64.h"
#include "routes.h"

namespace drdrill::databricks {
namespace {

ApiStatus create_scope(Workspace& ws, const http::Request& request) {
  auto body = body_of(request);
  DRDRILL_API_RETURN_IF_ERROR(body);
  auto name = required_string(*body, "scope");
  DRDRILL_API_RETURN_IF_ERROR(name);
  auto backend_text = optional_string(*body, "scope_backend_type");
  DRDRILL_API_RETURN_IF_ERROR(backend_text);
  auto vault = optional_object(*body, "backend_azure_keyvault");
  DRDRILL_API_RETURN_IF_ERROR(vault);

  ScopeInfo scope;
  scope.name = std::move(*name);
  if (backend_text->has_value()) {
    const auto backend = parse_scope_backend(**backend_text);
    if (!backend.has_value()) return ApiError::InvalidParameterValue("Invalid scope_backend_type: " + **backend_text);
    scope.backend = *backend;
  }
  if (*vault != nullptr) {
    auto resource_id = optional_string(**vault, "resource_id");
    DRDRILL_API_RETURN_IF_ERROR(resource_id);
    auto dns_name = optional_string(**vault, "dns_name");
    DRDRILL_API_RETURN_IF_ERROR(dns_name);
    scope.keyvault = KeyVaultMetadata{resource_id->value_or(""), dns_name->value_or("")};
  }
  return ws.secrets().create_scope(scope);
}

Json list_scopes(Workspace& ws) {
  Json out = Json::object();
  const auto scopes = ws.secrets().list_scopes();
  if (scopes.empty()) return out;
  Json list = Json::array();
  for (const ScopeInfo& scope : scopes) {
    Json item = Json::object();
    item["name"] = scope.name;
    item["backend_type"] = std::string(to_string(scope.backend));
    if (scope.keyvault.has_value()) {
      item["keyvault_metadata"] = Json{{"dns_name", scope.keyvault->dns_name}, {"resource_id", scope.keyvault->resource_id}};
    }
    list.push_back(std::move(item));
  }
  out["scopes"] = std::move(list);
  return out;
}

ApiStatus delete_scope(Workspace& ws, const http::Request& request) {
  auto body = body_of(request);
  DRDRILL_API_RETURN_IF_ERROR(body);
  auto name = required_string(*body, "scope");
  DRDRILL_API_RETURN_IF_ERROR(name);
  return ws.secrets().delete_scope(*name);
}

ApiStatus put_secret(Workspace& ws, const http::Request& request) {
  auto body = body_of(request);
  DRDRILL_API_RETURN_IF_ERROR(body);
  auto scope = required_string(*body, "scope");
  DRDRILL_API_RETURN_IF_ERROR(scope);
  auto key = required_string(*body, "key");
  DRDRILL_API_RETURN_IF_ERROR(key);
  auto string_value = optional_string(*body, "string_value");
  DRDRILL_API_RETURN_IF_ERROR(string_value);
  auto bytes_value = optional_string(*body, "bytes_value");
  DRDRILL_API_RETURN_IF_ERROR(bytes_value);
  if (string_value->has_value() == bytes_value->has_value()) {
    return ApiError::InvalidParameterValue("Exactly one of string_value and bytes_value must be specified");
  }
  std::string value;
  if (string_value->has_value()) {
    value = std::move(**string_value);
  } else {
    auto decoded = base64_decode(**bytes_value);
    if (!decoded.has_value()) return ApiError::MalformedRequest("bytes_value must be base64-encoded");
    value = std::move(*decoded);
  }
  return ws.secrets().put(*scope, *key, std::move(value));
}

ApiResult<Json> list_secrets(Workspace& ws, const http::RouteMatch& match) {
  auto scope = required_query_string(match.query, "scope");
  DRDRILL_API_RETURN_IF_ERROR(scope);
  auto secrets = ws.secrets().list(*scope);
  DRDRILL_API_RETURN_IF_ERROR(secrets);
  Json out = Json::object();
  if (secrets->empty()) return out;
  Json list = Json::array();
  for (const SecretMetadata& secret : *secrets) {
    list.push_back(Json{{"key", secret.key}, {"last_updated_timestamp", epoch_ms(secret.last_updated)}});
  }
  out["secrets"] = std::move(list);
  return out;
}

ApiStatus delete_secret(Workspace& ws, const http::Request& request) {
  auto body = body_of(request);
  DRDRILL_API_RETURN_IF_ERROR(body);
  auto scope = required_string(*body, "scope");
  DRDRILL_API_RETURN_IF_ERROR(scope);
  auto key = required_string(*body, "key");
  DRDRILL_API_RETURN_IF_ERROR(key);
  return ws.secrets().remove(*scope, *key);
}

ApiResult<Json> get_secret(Workspace& ws, const http::RouteMatch& match) {
  auto scope = required_query_string(match.query, "scope");
  DRDRILL_API_RETURN_IF_ERROR(scope);
  auto key = required_query_string(match.query, "key");
  DRDRILL_API_RETURN_IF_ERROR(key);
  auto value = ws.secrets().get(*scope, *key);
  DRDRILL_API_RETURN_IF_ERROR(value);
  return Json{{"key", *key}, {"value", base64_encode(*value)}};
}

}  // namespace

void add_secrets_routes(http::Router& api, Workspace& ws) {
  using http::Method;
  using http::Request;
  using http::RouteMatch;
  api.add(Method::kPost, "/secrets/scopes/create",
          [&ws](const Request& r, const RouteMatch&) { return respond(create_scope(ws, r)); })
      .add(Method::kGet, "/secrets/scopes/list",
           [&ws](const Request&, const RouteMatch&) { return json_response(list_scopes(ws)); })
      .add(Method::kPost, "/secrets/scopes/delete",
           [&ws](const Request& r, const RouteMatch&) { return respond(delete_scope(ws, r)); })
      .add(Method::kPost, "/secrets/put",
           [&ws](const Request& r, const RouteMatch&) { return respond(put_secret(ws, r)); })
      .add(Method::kGet, "/secrets/list",
           [&ws](const Request&, const RouteMatch& m) { return respond(list_secrets(ws, m)); })
      .add(Method::kPost, "/secrets/delete",
           [&ws](const Request& r, const RouteMatch&) { return respond(delete_secret(ws, r)); })
      .add(Method::kGet, "/secrets/get",
           [&ws](const Request&, const RouteMatch& m) { return respond(get_secret(ws, m)); });
}

}  // namespace drdrill::databricks
