#pragma once
// Test helper: calls a workspace's REST handler the way an SDK would, without a network.

#include <string>
#include <utility>

#include "databricks/rest_api.h"
#include "databricks/workspace.h"
#include "http/handler.h"

namespace drdrill::databricks::testing {

inline constexpr const char* kToken = "dapi-test-token";
inline constexpr const char* kUser = "drill@example.com";

class ApiTestClient {
 public:
  explicit ApiTestClient(Workspace& workspace, std::string token = kToken)
      : handler_(make_rest_api(workspace)), token_(std::move(token)) {
    workspace.tokens().add(kToken, kUser);
  }

  http::Response get(std::string target) const { return call(http::Method::kGet, std::move(target), ""); }
  http::Response post(std::string target, std::string body) const {
    return call(http::Method::kPost, std::move(target), std::move(body));
  }
  http::Response call(http::Method method, std::string target, std::string body) const {
    http::Request request;
    request.method = method;
    request.target = std::move(target);
    request.headers.add("Host", "adb-1000000000000001.1.azuredatabricks.net");
    if (!token_.empty()) request.headers.add("Authorization", "Bearer " + token_);
    request.headers.add("Content-Type", "application/json");
    request.body = std::move(body);
    return handler_(request);
  }
  const http::Handler& handler() const { return handler_; }

 private:
  http::Handler handler_;
  std::string token_;
};

}  // namespace drdrill::databricks::testing
