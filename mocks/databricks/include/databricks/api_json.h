#pragma once
// How the workspace fake writes JSON: one representation and one serialiser, so every response is
// a function of its content only and tests can compare exact bytes.
//
// - Key order is alphabetical at every level (nlohmann::json keeps objects in a std::map). The
//   real service's order differs and no client depends on it; what matters is that ours never
//   changes between runs or with the order in which a client sent the fields it echoes back.
// - Output is compact (no spaces), as the real service sends it (the 403 capture in
//   api-facts.md 6.1 is 52 bytes: {"error_code":403,"message":"Invalid access token."}).
// - Serialising never throws: bytes that are not UTF-8 (a percent-decoded query value echoed in an
//   error message) are replaced by U+FFFD.

#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/time.h"
#include "databricks/api_error.h"
#include "http/response.h"

namespace drdrill::databricks {

using Json = nlohmann::json;

std::string dump_json(const Json& value);

// 200 (or `status`) with a JSON body, Content-Type application/json.
http::Response json_response(const Json& body, int status = 200);
// The error body {"error_code":"<CODE>","message":"<text>"} with the error's HTTP status.
http::Response error_response(const ApiError& error);
// A route's outcome: the JSON value on success, the error body otherwise.
http::Response respond(const ApiResult<Json>& outcome);
// {} on success (the usual reply of a mutating endpoint), the error body otherwise.
http::Response respond(const ApiStatus& outcome);

// The string member `key` of `object`, or `fallback` when absent or not a string.
std::string string_or(const Json& object, std::string_view key, std::string fallback);

// Milliseconds since the Unix epoch: how every Databricks timestamp (created_time, start_time,
// last_updated_timestamp ...) travels.
std::int64_t epoch_ms(TimePoint t);
TimePoint from_epoch_ms(std::int64_t ms);
// Whole milliseconds of a duration (setup_duration, run_duration ...).
std::int64_t millis(Duration d);

}  // namespace drdrill::databricks
