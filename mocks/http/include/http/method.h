#pragma once

#include <string_view>

namespace drdrill::http {

enum class Method { kGet, kHead, kPost, kPut, kPatch, kDelete, kOptions, kOther };

std::string_view to_string(Method method);
// Exact, case-sensitive token match as in RFC 9110; anything else is kOther.
Method parse_method(std::string_view token);

}  // namespace drdrill::http
