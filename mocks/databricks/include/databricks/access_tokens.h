#pragma once
// AccessTokens: the workspace's personal access tokens (PATs) and who each belongs to.
//
// Every REST call must carry "Authorization: Bearer <PAT>". A missing header, another scheme or an
// unknown token is refused as the real service refuses an invalid token (captured in
// api-facts.md 6.1): HTTP 403, header "X-Databricks-Reason-Phrase: Invalid access token.", body
// {"error_code":403,"message":"Invalid access token."} with an *integer* error_code. The real
// front end may answer a missing header with 401 instead; drdrill refuses both the same way, so a
// client that forgets the header fails as loudly as one with a revoked token.

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "http/request.h"
#include "http/response.h"

namespace drdrill::databricks {

class AccessTokens {
 public:
  // Adds (or re-assigns) a token for a user ("drill@example.com").
  void add(std::string token, std::string user_name);
  // Revokes a token; later requests carrying it are refused.
  void revoke(std::string_view token);

  // The user whose token the request carries, or nullopt if it carries none that is valid.
  std::optional<std::string> authenticate(const http::Request& request) const;

 private:
  std::map<std::string, std::string, std::less<>> users_by_token_;
};

// The real service's reply to a request without a valid token.
http::Response invalid_token_response();

}  // namespace drdrill::databricks
