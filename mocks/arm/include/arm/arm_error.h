#pragma once
// ArmError: an error as Azure Resource Manager and the resource providers behind it report it —
// an HTTP status and the JSON body every Azure management client parses:
//   {"error":{"code":"ResourceNotFound","message":"The Resource '...' was not found. ..."}}
// ("target" and "details" are optional in the ARM contract; drdrill sends "target" when it has one).
//
// The factories below are the errors ARM itself answers for any provider (authentication,
// api-version, unknown subscription, resource group or resource, routing). Provider-specific
// errors (Microsoft.Storage, Microsoft.Sql) are built by their services with the same struct.

#include <string>
#include <string_view>

#include "http/response.h"

namespace drdrill::arm {

struct ArmError {
  int status = 500;
  std::string code;
  std::string message;
  std::string target;  // optional: the parameter or property at fault
};

// The response for an error: status, "Content-Type: application/json; charset=utf-8" and the body.
// The caller (arm::Gateway) adds the headers every response carries.
http::Response render_error(const ArmError& error);

// The JSON body alone: {"error":{"code":...,"message":...[,"target":...]}}.
std::string error_body(const ArmError& error);

namespace errors {

// 401 AuthenticationFailed: no Authorization header at all.
ArmError authorization_header_missing();
// 401 AuthenticationFailed: an Authorization header that is not "Bearer <token>".
ArmError authorization_header_invalid_format();
// 401 InvalidAuthenticationToken: "Bearer" with an empty token.
ArmError invalid_authentication_token();
// 400 MissingApiVersionParameter: no (or an empty) api-version query parameter.
ArmError missing_api_version();

// 404 SubscriptionNotFound / ResourceGroupNotFound / ResourceNotFound, worded as ARM words them.
ArmError subscription_not_found(std::string_view subscription_id);
ArmError resource_group_not_found(std::string_view resource_group);
// `type` is the full resource type ("Microsoft.Storage/storageAccounts").
ArmError resource_not_found(std::string_view type, std::string_view name, std::string_view resource_group);

// Routing: 404 for a path no provider serves, 405 for a method a resource does not take, 400 for a
// malformed URL. `detail` is the router's description (quoted into the message).
ArmError no_route(std::string_view detail);
ArmError method_not_allowed(std::string_view method);
ArmError bad_request_uri(std::string_view detail);

// 404 for a long-running operation id the registry never issued.
ArmError operation_not_found(std::string_view operation_id);

// 400 InvalidRequestContent: a body that is not the JSON the operation takes.
ArmError invalid_request_content(std::string_view detail);

// 500 InternalServerError.
ArmError internal_error(std::string_view detail);

}  // namespace errors
}  // namespace drdrill::arm
