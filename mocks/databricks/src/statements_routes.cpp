// SQL Statement Execution API 2.0: POST /sql/statements, GET /sql/statements/{id},
// POST /sql/statements/{id}/cancel, GET /sql/statements/{id}/result/chunks/{chunk_index}.
//
// Malformed requests get the ordinary HTTP error body (400 INVALID_PARAMETER_VALUE); an unknown
// warehouse is 404 RESOURCE_DOES_NOT_EXIST; SQL failures come back in a 200 response whose
// status.state is FAILED (api-facts 6.7).

#include <charconv>

#include "routes.h"

namespace drdrill::databricks {
namespace {

// "0s", or "5s".."50s".
ApiResult<Duration> parse_wait_timeout(const std::string& text) {
  const auto bad = [&] {
    return ApiError::InvalidParameterValue("wait_timeout must be 0s or between 5s and 50s, got '" + text + "'");
  };
  if (text.size() < 2 || text.back() != 's') return bad();
  int seconds = 0;
  const char* end = text.data() + text.size() - 1;
  const auto [parsed, ec] = std::from_chars(text.data(), end, seconds);
  if (ec != std::errc() || parsed != end) return bad();
  if (seconds != 0 && (seconds < 5 || seconds > 50)) return bad();
  return Duration(std::chrono::seconds(seconds));
}

ApiResult<StatementRequest> read_statement_request(const http::Request& r) {
  auto body = body_of(r);
  DRDRILL_API_RETURN_IF_ERROR(body);
  StatementRequest request;
  auto statement = required_string(*body, "statement");
  DRDRILL_API_RETURN_IF_ERROR(statement);
  request.statement = std::move(*statement);
  auto warehouse = required_string(*body, "warehouse_id");
  DRDRILL_API_RETURN_IF_ERROR(warehouse);
  request.warehouse_id = std::move(*warehouse);
  auto catalog = optional_string(*body, "catalog");
  DRDRILL_API_RETURN_IF_ERROR(catalog);
  request.catalog = std::move(*catalog);
  auto schema = optional_string(*body, "schema");
  DRDRILL_API_RETURN_IF_ERROR(schema);
  request.schema = std::move(*schema);
  auto wait = optional_string(*body, "wait_timeout");
  DRDRILL_API_RETURN_IF_ERROR(wait);
  auto timeout = parse_wait_timeout(wait->value_or("10s"));
  DRDRILL_API_RETURN_IF_ERROR(timeout);
  request.wait_timeout = *timeout;
  auto on_timeout = optional_string(*body, "on_wait_timeout");
  DRDRILL_API_RETURN_IF_ERROR(on_timeout);
  const std::string mode = on_timeout->value_or("CONTINUE");
  if (mode != "CONTINUE" && mode != "CANCEL") {
    return ApiError::InvalidParameterValue("on_wait_timeout must be CONTINUE or CANCEL, got '" + mode + "'");
  }
  request.cancel_on_wait_timeout = mode == "CANCEL";
  auto disposition = optional_string(*body, "disposition");
  DRDRILL_API_RETURN_IF_ERROR(disposition);
  if (disposition->value_or("INLINE") != "INLINE") {
    return ApiError::InvalidParameterValue("disposition " + **disposition +
                                           " is not supported by drdrill, which returns INLINE results");
  }
  auto format = optional_string(*body, "format");
  DRDRILL_API_RETURN_IF_ERROR(format);
  if (format->value_or("JSON_ARRAY") != "JSON_ARRAY") {
    return ApiError::InvalidParameterValue("format " + **format +
                                           " needs disposition EXTERNAL_LINKS; INLINE results are JSON_ARRAY");
  }
  auto row_limit = optional_int64(*body, "row_limit");
  DRDRILL_API_RETURN_IF_ERROR(row_limit);
  if (row_limit->has_value() && **row_limit < 0) {
    return ApiError::InvalidParameterValue("row_limit must not be negative");
  }
  request.row_limit = *row_limit;
  auto parameters = optional_array(*body, "parameters");
  DRDRILL_API_RETURN_IF_ERROR(parameters);
  if (*parameters != nullptr) {
    for (const Json& p : **parameters) {
      if (!p.is_object()) return ApiError::MalformedRequest("Each element of parameters must be an object");
      auto name = required_string(p, "name");
      DRDRILL_API_RETURN_IF_ERROR(name);
      auto value = optional_string(p, "value");
      DRDRILL_API_RETURN_IF_ERROR(value);
      auto type = optional_string(p, "type");
      DRDRILL_API_RETURN_IF_ERROR(type);
      request.parameters.push_back(SqlParameter{std::move(*name), std::move(*value), type->value_or("STRING")});
    }
  }
  return request;
}

ApiResult<Json> execute_statement(Workspace& ws, const http::Request& r) {
  auto request = read_statement_request(r);
  DRDRILL_API_RETURN_IF_ERROR(request);
  auto id = ws.statements().submit(std::move(*request), authenticated_user(r));
  DRDRILL_API_RETURN_IF_ERROR(id);
  return (*ws.statements().get(*id))->to_json();
}

ApiResult<Json> get_statement(Workspace& ws, const http::RouteMatch& m) {
  auto s = ws.statements().get(m.params.at("statement_id"));
  DRDRILL_API_RETURN_IF_ERROR(s);
  return (*s)->to_json();
}

ApiResult<Json> get_chunk(Workspace& ws, const http::RouteMatch& m) {
  auto s = ws.statements().get(m.params.at("statement_id"));
  DRDRILL_API_RETURN_IF_ERROR(s);
  if (m.params.at("chunk_index") != "0") {
    return ApiError::InvalidParameterValue("chunk_index " + std::string(m.params.at("chunk_index")) +
                                           " does not exist: INLINE results are one chunk");
  }
  if ((*s)->state != StatementState::kSucceeded) {
    return ApiError(ErrorCode::kBadRequest, "Statement " + (*s)->statement_id + " has no result: it is " +
                                                std::string(to_string((*s)->state)));
  }
  return (*s)->result_json();
}

}  // namespace

void add_statements_routes(http::Router& api, Workspace& ws) {
  using http::Method;
  using http::Request;
  using http::RouteMatch;
  api.add(Method::kPost, "/sql/statements",
          [&ws](const Request& r, const RouteMatch&) { return respond(execute_statement(ws, r)); })
      .add(Method::kPost, "/sql/statements/",
           [&ws](const Request& r, const RouteMatch&) { return respond(execute_statement(ws, r)); })
      .add(Method::kGet, "/sql/statements/{statement_id}",
           [&ws](const Request&, const RouteMatch& m) { return respond(get_statement(ws, m)); })
      .add(Method::kPost, "/sql/statements/{statement_id}/cancel",
           [&ws](const Request&, const RouteMatch& m) {
             return respond(ws.statements().cancel(m.params.at("statement_id")));
           })
      .add(Method::kGet, "/sql/statements/{statement_id}/result/chunks/{chunk_index}",
           [&ws](const Request&, const RouteMatch& m) { return respond(get_chunk(ws, m)); });
}

}  // namespace drdrill::databricks
