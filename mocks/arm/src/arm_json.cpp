#include "arm/arm_json.h"

#include <utility>

namespace drdrill::arm {

std::string dump_json(const Json& value) {
  return value.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

http::Response json_response(int status, const Json& body) {
  return http::Response::text(status, dump_json(body), "application/json; charset=utf-8");
}

std::string format_arm_time(TimePoint t) { return format_iso8601(t); }

}  // namespace drdrill::arm
