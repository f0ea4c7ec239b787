#pragma once
// The workspace REST API as an http::Handler: what the Beast transport serves on loopback and what
// simulated drills and tests call directly.
//
// Served under /api/2.0, /api/2.1 and /api/2.2 alike (the Go SDK calls jobs at 2.2 and clusters at
// 2.1; older clients use 2.0), with the Databricks Go SDK's query encoding ('+' is a space).
// Every request passes, in order:
//   1. the control-plane outage check (api_faults.h): while the workspace's region is down every
//      request gets 503 TEMPORARILY_UNAVAILABLE (a transport may refuse or hang instead);
//   2. authentication (access_tokens.h: 403 "Invalid access token.");
//   3. injected API errors for the operation (api_faults.h: 429 REQUEST_LIMIT_EXCEEDED,
//      503 TEMPORARILY_UNAVAILABLE);
//   4. routing: an unknown path is 404 ENDPOINT_NOT_FOUND "No API found for '<METHOD> <path>'";
//   5. the endpoint, which reads its fields as request_fields.h describes and answers with
//      compact, alphabetically keyed JSON (api_json.h).
//
// Endpoints: workspace/{import,export,list,mkdirs,delete,get-status};
// clusters/{create,get,list,start,restart,delete,permanent-delete,edit,resize};
// secrets/{scopes/create,scopes/list,scopes/delete,put,list,delete,get};
// jobs/{create,get,list,reset,update,delete,run-now,runs/get,runs/list,runs/cancel};
// sql/statements (POST), sql/statements/{id} (GET), sql/statements/{id}/cancel (POST),
// sql/statements/{id}/result/chunks/{n} (GET) — see statement_service.h for the warehouse mapping;
// and one drdrill extension, which the real service does not have (its mounts are made with
// dbutils on a cluster): drdrill/mounts/{create,update,delete,list}, e.g.
//   POST /api/2.0/drdrill/mounts/create
//   {"mount_point": "/mnt/raw", "source": "abfss://raw@acct-secondary.dfs.core.windows.net/tables"}

// The handler keeps a reference to the workspace, which must outlive it.

#include <functional>
#include <string_view>

#include "databricks/workspace.h"
#include "http/handler.h"

namespace drdrill::databricks {

http::Handler make_rest_api(Workspace& workspace);

// The same API for a front that can answer later, which is what the SQL Statement Execution API's
// wait_timeout needs: POST /sql/statements with a wait of 5-50 s is answered when the statement
// finishes or the wait runs out (then, with on_wait_timeout CANCEL, as CANCELED), in the
// scheduler's time — so in a simulated drill the answer arrives at the simulated instant a client
// would have received it. Every other request is answered at once, exactly as make_rest_api does.
// The synchronous handler above cannot let time pass inside a call: it answers a statement POST
// at once with the statement PENDING (as a wait_timeout of 0s would), which clients that poll (the
// SDKs' ExecuteAndWait) handle; a CANCEL wait still cancels the statement on time, it is only the
// reply that comes early.
using AsyncReply = std::function<void(http::Response)>;
using AsyncHandler = std::function<void(const http::Request&, AsyncReply)>;
AsyncHandler make_async_rest_api(Workspace& workspace);

// The operation a request path names, for fault rules: "/api/2.1/jobs/runs/get" -> "jobs/runs/get".
std::string_view operation_of(std::string_view path);

// The request header through which the front passes the authenticated user to the endpoints. Any
// copy a client sends is removed before authentication, so it cannot be forged.
inline constexpr std::string_view kAuthenticatedUserHeader = "X-Drdrill-Authenticated-User";

}  // namespace drdrill::databricks
