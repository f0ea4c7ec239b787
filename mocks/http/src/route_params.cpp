#include "http/route_params.h"

#include <cassert>

namespace drdrill::http {

std::optional<std::string_view> RouteParams::get(std::string_view name) const {
  for (const auto& [n, v] : params_) {
    if (n == name) return std::string_view(v);
  }
  return std::nullopt;
}

std::string_view RouteParams::at(std::string_view name) const {
  const auto value = get(name);
  assert(value.has_value() && "the matched pattern does not declare this parameter");
  return value.value_or(std::string_view{});
}

}  // namespace drdrill::http
