#pragma once
// Requests as drdrill's own clients send them (CI/CD deploying workspaces, the reference runbook,
// probes, the workload): the headers the real clients send, so the fakes' handlers see exactly
// what they would see from the official tools.

#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "http/request.h"
#include "http/response.h"

namespace drdrill::sim {

using Json = nlohmann::json;

// The management endpoint's host, as the Azure SDKs address it.
inline constexpr std::string_view kArmHost = "management.azure.com";
// The api-versions drdrill's runbook sends (any value is accepted; these are current ones).
inline constexpr std::string_view kStorageApiVersion = "2023-05-01";
inline constexpr std::string_view kSqlApiVersion = "2023-08-01";

// A Databricks REST request: Bearer PAT, Host, JSON body (when given).
http::Request databricks_request(std::string_view host, std::string_view token, http::Method method,
                                 std::string target, const Json* body = nullptr);

// An ARM request: Bearer token, Host management.azure.com, JSON body (when given). `target` holds
// the path and query, api-version included.
http::Request arm_request(http::Method method, std::string target, const Json* body = nullptr);

// The JSON body of a response, or nullopt when it is not JSON.
std::optional<Json> json_body(const http::Response& response);

// "503 TEMPORARILY_UNAVAILABLE: <message>" from a Databricks or ARM JSON error (or the status and
// the start of the body when it is not one), for step and probe logs.
std::string describe_error(const http::Response& response);

}  // namespace drdrill::sim
