#include "databricks/access_tokens.h"

#include "http/headers.h"

namespace drdrill::databricks {

void AccessTokens::add(std::string token, std::string user_name) {
  users_by_token_.insert_or_assign(std::move(token), std::move(user_name));
}

void AccessTokens::revoke(std::string_view token) {
  const auto it = users_by_token_.find(token);
  if (it != users_by_token_.end()) users_by_token_.erase(it);
}

std::optional<std::string> AccessTokens::authenticate(const http::Request& request) const {
  const auto header = request.headers.get("Authorization");
  if (!header.has_value()) return std::nullopt;
  constexpr std::string_view kScheme = "bearer ";
  if (header->size() <= kScheme.size() || !http::iequals(header->substr(0, kScheme.size()), kScheme)) {
    return std::nullopt;
  }
  std::string_view token = header->substr(kScheme.size());
  while (!token.empty() && token.front() == ' ') token.remove_prefix(1);
  while (!token.empty() && token.back() == ' ') token.remove_suffix(1);
  const auto it = users_by_token_.find(token);
  if (it == users_by_token_.end()) return std::nullopt;
  return it->second;
}

http::Response invalid_token_response() {
  // Byte for byte what the service sent in the capture, including the charset parameter.
  http::Response response =
      http::Response::text(403, R"({"error_code":403,"message":"Invalid access token."})", "application/json; charset=utf-8");
  response.headers.set("X-Databricks-Reason-Phrase", "Invalid access token.");
  return response;
}

}  // namespace drdrill::databricks
