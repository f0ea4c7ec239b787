#pragma once
// The workspace REST API as an http::Handler: what the Beast transport serves on loopback and what
// simulated drills and tests call directly.
//
// Served under /api/2.0, /api/2.1 and /api/2.2 alike (the Go SDK calls jobs at 2.2 and clusters at
// 2.1; older clients use 2.0), with the Databricks Go SDK's query encoding ('+' is a space).
// Every request passes, in order:
//   1. authentication (api_error.h / access_tokens.h: 403 "Invalid access token.");
//   2. routing: an unknown path is 404 ENDPOINT_NOT_FOUND "No API found for '<METHOD> <path>'";
//   3. the endpoint, which reads its fields as request_fields.h describes and answers with
//      compact, alphabetically keyed JSON (api_json.h).
//
// The handler keeps a reference to the workspace, which must outlive it.

#include <string_view>

#include "databricks/workspace.h"
#include "http/handler.h"

namespace drdrill::databricks {

http::Handler make_rest_api(Workspace& workspace);

// The request header through which the front passes the authenticated user to the endpoints. Any
// copy a client sends is removed before authentication, so it cannot be forged.
inline constexpr std::string_view kAuthenticatedUserHeader = "X-Drdrill-Authenticated-User";

}  // namespace drdrill::databricks
