#pragma once
// Reading a request's fields without exceptions: the JSON body of a POST and the query string of a
// GET, with the real service's error codes.
//
// - A body that is not JSON, or not a JSON object, is 400 MALFORMED_REQUEST. An empty body reads
//   as {} (required-field checks then name what is missing).
// - Fields the fake does not know are ignored, as the real API ignores them (clients newer than
//   the fake send fields it has never heard of).
// - A field of the wrong JSON type is 400 MALFORMED_REQUEST naming the field; a missing required
//   field is 400 INVALID_PARAMETER_VALUE "Missing required field: <name>".
// - JSON null reads as absent, as protobuf JSON mapping treats it.
// - 64-bit integers are accepted as JSON integers or as decimal strings (the protobuf JSON mapping
//   used by the real service accepts both); a fraction or an out-of-range value is refused.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "databricks/api_error.h"
#include "databricks/api_json.h"
#include "http/query.h"

namespace drdrill::databricks {

ApiResult<Json> parse_request_body(std::string_view body);

ApiResult<std::optional<std::string>> optional_string(const Json& object, std::string_view field);
// Absent or "" is "Missing required field".
ApiResult<std::string> required_string(const Json& object, std::string_view field);
ApiResult<std::optional<std::int64_t>> optional_int64(const Json& object, std::string_view field);
ApiResult<std::int64_t> required_int64(const Json& object, std::string_view field);
ApiResult<std::optional<bool>> optional_bool(const Json& object, std::string_view field);
// The member if it is an object; nullptr if absent or null.
ApiResult<const Json*> optional_object(const Json& object, std::string_view field);
// The member if it is an array; nullptr if absent or null.
ApiResult<const Json*> optional_array(const Json& object, std::string_view field);

// Query-string parameters (GET). Values arrive as text: integers in decimal, booleans as
// "true"/"false" (what the SDKs send). A malformed value is 400 INVALID_PARAMETER_VALUE.
std::optional<std::string> query_string(const http::QueryParams& query, std::string_view name);
ApiResult<std::string> required_query_string(const http::QueryParams& query, std::string_view name);
ApiResult<std::optional<std::int64_t>> query_int64(const http::QueryParams& query, std::string_view name);
ApiResult<std::int64_t> required_query_int64(const http::QueryParams& query, std::string_view name);
ApiResult<std::optional<bool>> query_bool(const http::QueryParams& query, std::string_view name);

// Parses a whole decimal int64 ("-12"); nullopt for anything else.
std::optional<std::int64_t> parse_int64(std::string_view text);

}  // namespace drdrill::databricks
