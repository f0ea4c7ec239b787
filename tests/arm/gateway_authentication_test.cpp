// The ARM gateway's checks before any provider sees a request: a bearer token, then api-version.

#include "arm/gateway.h"

#include <gtest/gtest.h>

#include "arm_test_support.h"
#include "core/clock.h"

namespace drdrill::arm {
namespace {

using http::Method;
using testing::arm_request;
using testing::body_json;

class GatewayAuthentication : public ::testing::Test {
 protected:
  GatewayAuthentication() {
    gateway.routes().add(Method::kGet, "/subscriptions/{subscriptionId}",
                         [](const http::Request&, const http::RouteMatch&) { return http::Response::text(200, "ok"); });
  }
  http::Response send(http::Request r) { return gateway.handle(r); }

  ManualClock clock;
  Gateway gateway{clock};
};

TEST_F(GatewayAuthentication, AcceptsAnyNonEmptyBearerToken) {
  const auto response = send(arm_request(Method::kGet, "/subscriptions/s1?api-version=2026-04-01"));
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body, "ok");
}

TEST_F(GatewayAuthentication, RejectsAMissingAuthorizationHeaderWith401AuthenticationFailed) {
  auto request = arm_request(Method::kGet, "/subscriptions/s1?api-version=2026-04-01");
  request.headers.remove("Authorization");
  const auto response = send(request);
  EXPECT_EQ(response.status, 401);
  EXPECT_EQ(response.body,
            R"({"error":{"code":"AuthenticationFailed","message":"Authentication failed. The 'Authorization' header is missing."}})");
  EXPECT_EQ(response.headers.get("Content-Type"), "application/json; charset=utf-8");
  ASSERT_TRUE(response.headers.has("WWW-Authenticate"));
  EXPECT_TRUE(response.headers.get("WWW-Authenticate")->starts_with("Bearer authorization_uri="));
}

TEST_F(GatewayAuthentication, RejectsAnotherSchemeWith401AuthenticationFailed) {
  auto request = arm_request(Method::kGet, "/subscriptions/s1?api-version=2026-04-01");
  request.headers.set("Authorization", "SharedKey acct:c2lnbmF0dXJl");
  const auto response = send(request);
  EXPECT_EQ(response.status, 401);
  EXPECT_EQ(body_json(response)["error"]["code"], "AuthenticationFailed");
  EXPECT_EQ(body_json(response)["error"]["message"],
            "Authentication failed. The 'Authorization' header is provided in an invalid format.");
}

TEST_F(GatewayAuthentication, RejectsAnEmptyBearerTokenWith401InvalidAuthenticationToken) {
  for (const char* value : {"Bearer", "Bearer ", "Bearer    "}) {
    auto request = arm_request(Method::kGet, "/subscriptions/s1?api-version=2026-04-01");
    request.headers.set("Authorization", value);
    const auto response = send(request);
    EXPECT_EQ(response.status, 401) << value;
    EXPECT_EQ(body_json(response)["error"]["code"], "InvalidAuthenticationToken") << value;
  }
}

TEST_F(GatewayAuthentication, TheSchemeIsCaseInsensitive) {
  auto request = arm_request(Method::kGet, "/subscriptions/s1?api-version=2026-04-01");
  request.headers.set("Authorization", "bearer token");
  EXPECT_EQ(send(request).status, 200);
}

TEST_F(GatewayAuthentication, RejectsAMissingApiVersionWith400MissingApiVersionParameter) {
  for (const char* target : {"/subscriptions/s1", "/subscriptions/s1?api-version=", "/subscriptions/s1?foo=bar"}) {
    const auto response = send(arm_request(Method::kGet, target));
    EXPECT_EQ(response.status, 400) << target;
    EXPECT_EQ(response.body,
              R"({"error":{"code":"MissingApiVersionParameter","message":"The api-version query parameter (?api-version=) is required for all requests."}})")
        << target;
  }
}

TEST_F(GatewayAuthentication, AcceptsAnyApiVersionValue) {
  for (const char* version : {"2019-06-01", "2026-04-01", "2099-01-01-preview", "x"}) {
    EXPECT_EQ(send(arm_request(Method::kGet, std::string("/subscriptions/s1?api-version=") + version)).status, 200)
        << version;
  }
}

TEST_F(GatewayAuthentication, AuthenticatesBeforeCheckingTheApiVersion) {
  auto request = arm_request(Method::kGet, "/subscriptions/s1");
  request.headers.remove("Authorization");
  EXPECT_EQ(send(request).status, 401);
}

TEST_F(GatewayAuthentication, ChecksBothBeforeRouting) {
  auto request = arm_request(Method::kGet, "/no/such/path");
  request.headers.remove("Authorization");
  EXPECT_EQ(send(request).status, 401);
  EXPECT_EQ(send(arm_request(Method::kGet, "/no/such/path")).status, 400);
}

}  // namespace
}  // namespace drdrill::arm
