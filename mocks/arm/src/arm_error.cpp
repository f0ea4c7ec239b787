#include "arm/arm_error.h"

#include <string>

#include "arm/arm_json.h"

namespace drdrill::arm {

std::string error_body(const ArmError& error) {
  Json inner;
  inner["code"] = error.code;
  inner["message"] = error.message;
  if (!error.target.empty()) inner["target"] = error.target;
  Json body;
  body["error"] = std::move(inner);
  return dump_json(body);
}

http::Response render_error(const ArmError& error) {
  return http::Response::text(error.status, error_body(error), "application/json; charset=utf-8");
}

namespace errors {

// Wording follows what ARM answers on the wire (front-door messages quoted in countless client
// issues); where a message embeds a name, it is the name as the client sent it.

ArmError authorization_header_missing() {
  return {401, "AuthenticationFailed", "Authentication failed. The 'Authorization' header is missing.", ""};
}

ArmError authorization_header_invalid_format() {
  return {401, "AuthenticationFailed", "Authentication failed. The 'Authorization' header is provided in an invalid format.", ""};
}

ArmError invalid_authentication_token() {
  return {401, "InvalidAuthenticationToken", "The access token is invalid.", ""};
}

ArmError missing_api_version() {
  return {400, "MissingApiVersionParameter",
          "The api-version query parameter (?api-version=) is required for all requests.", ""};
}

ArmError subscription_not_found(std::string_view subscription_id) {
  return {404, "SubscriptionNotFound", "The subscription '" + std::string(subscription_id) + "' could not be found.", ""};
}

ArmError resource_group_not_found(std::string_view resource_group) {
  return {404, "ResourceGroupNotFound", "Resource group '" + std::string(resource_group) + "' could not be found.", ""};
}

ArmError resource_not_found(std::string_view type, std::string_view name, std::string_view resource_group) {
  return {404, "ResourceNotFound",
          "The Resource '" + std::string(type) + "/" + std::string(name) + "' under resource group '" +
              std::string(resource_group) + "' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix",
          ""};
}

// The three routing answers are drdrill's wording: ARM's own replies for unknown paths vary by
// provider and are not documented.
ArmError no_route(std::string_view detail) {
  return {404, "NotFound", "No HTTP resource was found that matches the request URI: " + std::string(detail), ""};
}

ArmError method_not_allowed(std::string_view method) {
  return {405, "MethodNotAllowed", "The requested resource does not support http method '" + std::string(method) + "'.", ""};
}

ArmError bad_request_uri(std::string_view detail) {
  return {400, "InvalidRequestUri", "The request URI is not valid: " + std::string(detail), ""};
}

ArmError operation_not_found(std::string_view operation_id) {
  return {404, "NotFound", "The operation '" + std::string(operation_id) + "' was not found.", ""};
}

ArmError invalid_request_content(std::string_view detail) {
  return {400, "InvalidRequestContent",
          "The request content was invalid and could not be deserialized: '" + std::string(detail) + "'.", ""};
}

ArmError internal_error(std::string_view detail) {
  return {500, "InternalServerError", std::string(detail), ""};
}

}  // namespace errors
}  // namespace drdrill::arm
