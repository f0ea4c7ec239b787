#include "databricks/request_fields.h"

#include <charconv>
#include <limits>

namespace drdrill::databricks {
namespace {

ApiError wrong_type(std::string_view field, std::string_view expected) {
  return ApiError::MalformedRequest("Invalid JSON given in the body of the request - expected " +
                                    std::string(expected) + " for field '" + std::string(field) + "'");
}

ApiError missing(std::string_view field) {
  return ApiError::InvalidParameterValue("Missing required field: " + std::string(field));
}

// The member, or nullptr when absent or null.
const Json* member(const Json& object, std::string_view field) {
  if (!object.is_object()) return nullptr;
  const auto it = object.find(field);
  if (it == object.end() || it->is_null()) return nullptr;
  return &*it;
}

}  // namespace

std::optional<std::int64_t> parse_int64(std::string_view text) {
  std::int64_t value = 0;
  const char* begin = text.data();
  const char* end = begin + text.size();
  if (text.empty()) return std::nullopt;
  const auto [ptr, ec] = std::from_chars(begin, end, value);
  if (ec != std::errc() || ptr != end) return std::nullopt;
  return value;
}

ApiResult<Json> parse_request_body(std::string_view body) {
  if (body.find_first_not_of(" \t\r\n") == std::string_view::npos) return Json::object();
  Json parsed = Json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded()) {
    return ApiError::MalformedRequest("Invalid JSON given in the body of the request - failed to parse the body as JSON");
  }
  if (!parsed.is_object()) {
    return ApiError::MalformedRequest("Invalid JSON given in the body of the request - expected a JSON object");
  }
  return parsed;
}

ApiResult<std::optional<std::string>> optional_string(const Json& object, std::string_view field) {
  const Json* value = member(object, field);
  if (value == nullptr) return std::optional<std::string>();
  if (!value->is_string()) return wrong_type(field, "a string");
  return std::optional<std::string>(value->get_ref<const std::string&>());
}

ApiResult<std::string> required_string(const Json& object, std::string_view field) {
  auto value = optional_string(object, field);
  if (!value.ok()) return value.error();
  if (!value->has_value() || (*value)->empty()) return missing(field);
  return std::move(**value);
}

ApiResult<std::optional<std::int64_t>> optional_int64(const Json& object, std::string_view field) {
  const Json* value = member(object, field);
  if (value == nullptr) return std::optional<std::int64_t>();
  if (value->is_number_integer()) {
    if (value->is_number_unsigned() &&
        value->get<std::uint64_t>() > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
      return wrong_type(field, "a 64-bit integer");
    }
    return std::optional<std::int64_t>(value->get<std::int64_t>());
  }
  if (value->is_string()) {
    if (auto parsed = parse_int64(value->get_ref<const std::string&>())) return std::optional<std::int64_t>(*parsed);
  }
  return wrong_type(field, "an integer");
}

ApiResult<std::int64_t> required_int64(const Json& object, std::string_view field) {
  auto value = optional_int64(object, field);
  if (!value.ok()) return value.error();
  if (!value->has_value()) return missing(field);
  return **value;
}

ApiResult<std::optional<bool>> optional_bool(const Json& object, std::string_view field) {
  const Json* value = member(object, field);
  if (value == nullptr) return std::optional<bool>();
  if (!value->is_boolean()) return wrong_type(field, "a boolean");
  return std::optional<bool>(value->get<bool>());
}

ApiResult<const Json*> optional_object(const Json& object, std::string_view field) {
  const Json* value = member(object, field);
  if (value != nullptr && !value->is_object()) return wrong_type(field, "an object");
  return value;
}

ApiResult<const Json*> optional_array(const Json& object, std::string_view field) {
  const Json* value = member(object, field);
  if (value != nullptr && !value->is_array()) return wrong_type(field, "an array");
  return value;
}

std::optional<std::string> query_string(const http::QueryParams& query, std::string_view name) {
  const auto value = query.get(name);
  if (!value.has_value()) return std::nullopt;
  return std::string(*value);
}

ApiResult<std::string> required_query_string(const http::QueryParams& query, std::string_view name) {
  auto value = query_string(query, name);
  if (!value.has_value() || value->empty()) return missing(name);
  return std::move(*value);
}

ApiResult<std::optional<std::int64_t>> query_int64(const http::QueryParams& query, std::string_view name) {
  const auto value = query.get(name);
  if (!value.has_value() || value->empty()) return std::optional<std::int64_t>();
  if (auto parsed = parse_int64(*value)) return std::optional<std::int64_t>(*parsed);
  return ApiError::InvalidParameterValue("Invalid value for parameter " + std::string(name) + ": '" +
                                         std::string(*value) + "' is not an integer");
}

ApiResult<std::int64_t> required_query_int64(const http::QueryParams& query, std::string_view name) {
  auto value = query_int64(query, name);
  if (!value.ok()) return value.error();
  if (!value->has_value()) return missing(name);
  return **value;
}

ApiResult<std::optional<bool>> query_bool(const http::QueryParams& query, std::string_view name) {
  const auto value = query.get(name);
  if (!value.has_value() || value->empty()) return std::optional<bool>();
  if (*value == "true") return std::optional<bool>(true);
  if (*value == "false") return std::optional<bool>(false);
  return ApiError::InvalidParameterValue("Invalid value for parameter " + std::string(name) + ": '" +
                                         std::string(*value) + "' is not a boolean");
}

}  // namespace drdrill::databricks
