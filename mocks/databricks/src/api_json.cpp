#include "databricks/api_json.h"

#include <chrono>

namespace drdrill::databricks {

std::string dump_json(const Json& value) {
  return value.dump(-1, ' ', false, Json::error_handler_t::replace);
}

http::Response json_response(const Json& body, int status) {
  return http::Response::json(status, dump_json(body));
}

http::Response error_response(const ApiError& error) {
  Json body = Json::object();
  body["error_code"] = std::string(to_string(error.code()));
  body["message"] = error.message();
  return json_response(body, error.http_status());
}

http::Response respond(const ApiResult<Json>& outcome) {
  return outcome.ok() ? json_response(outcome.value()) : error_response(outcome.error());
}

http::Response respond(const ApiStatus& outcome) {
  return outcome.ok() ? json_response(Json::object()) : error_response(outcome.error());
}

std::string string_or(const Json& object, std::string_view key, std::string fallback) {
  if (!object.is_object()) return fallback;
  const auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : fallback;
}

std::int64_t epoch_ms(TimePoint t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

TimePoint from_epoch_ms(std::int64_t ms) {
  return TimePoint{std::chrono::duration_cast<Duration>(std::chrono::milliseconds{ms})};
}

std::int64_t millis(Duration d) { return std::chrono::duration_cast<std::chrono::milliseconds>(d).count(); }

}  // namespace drdrill::databricks
