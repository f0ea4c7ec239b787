#pragma once
// Internal: the route tables of the REST API, one function per API area, and what they share.

#include <string>

#include "databricks/api_json.h"
#include "databricks/request_fields.h"
#include "databricks/workspace.h"
#include "http/router.h"

namespace drdrill::databricks {

void add_workspace_routes(http::Router& api, Workspace& workspace);
void add_secrets_routes(http::Router& api, Workspace& workspace);
void add_clusters_routes(http::Router& api, Workspace& workspace);
void add_jobs_routes(http::Router& api, Workspace& workspace);
void add_mounts_routes(http::Router& api, Workspace& workspace);
void add_statements_routes(http::Router& api, Workspace& workspace);

// The user the front authenticated (routes run only after authentication).
std::string authenticated_user(const http::Request& request);

// The parsed JSON body of a POST, or the error to answer with.
inline ApiResult<Json> body_of(const http::Request& request) { return parse_request_body(request.body); }

}  // namespace drdrill::databricks
