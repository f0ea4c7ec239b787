// What the ARM gateway adds around a provider's routes: ARM's JSON errors for requests no route
// takes, and the headers every response carries.

#include "arm/gateway.h"

#include <gtest/gtest.h>

#include "arm/arm_json.h"
#include "arm_test_support.h"
#include "core/clock.h"

namespace drdrill::arm {
namespace {

using http::Method;
using testing::arm_request;
using testing::body_json;
using testing::dump;

class GatewayRouting : public ::testing::Test {
 protected:
  GatewayRouting() {
    gateway.routes().add(Method::kGet, "/subscriptions/{subscriptionId}/things/{name}",
                         [](const http::Request&, const http::RouteMatch& m) {
                           return json_response(200, Json{{"name", std::string(m.params.at("name"))}});
                         });
  }

  ManualClock clock{kDefaultEpoch + 90s};
  Gateway gateway{clock};
};

TEST_F(GatewayRouting, StampsEveryResponseWithCountedRequestIdsAndTheDate) {
  const auto first = gateway.handle(arm_request(Method::kGet, "/subscriptions/s/things/a?api-version=1"));
  EXPECT_EQ(dump(first),
            "200\n"
            "Content-Type: application/json; charset=utf-8\n"
            "x-ms-request-id: 00000000-0000-4000-8000-000000000001\n"
            "x-ms-correlation-request-id: 00000000-0000-4000-9000-000000000001\n"
            "Date: Thu, 01 Jan 2026 00:01:30 GMT\n"
            "\n"
            R"({"name":"a"})");
  const auto second = gateway.handle(arm_request(Method::kGet, "/subscriptions/s/things/b?api-version=1"));
  EXPECT_EQ(second.headers.get("x-ms-request-id"), "00000000-0000-4000-8000-000000000002");
}

TEST_F(GatewayRouting, EchoesTheClientsRequestAndCorrelationIds) {
  auto request = arm_request(Method::kGet, "/subscriptions/s/things/a?api-version=1");
  request.headers.add("x-ms-client-request-id", "client-1");
  request.headers.add("x-ms-correlation-request-id", "corr-7");
  const auto response = gateway.handle(request);
  EXPECT_EQ(response.headers.get("x-ms-client-request-id"), "client-1");
  EXPECT_EQ(response.headers.get("x-ms-correlation-request-id"), "corr-7");
}

TEST_F(GatewayRouting, ErrorsCarryTheCommonHeadersToo) {
  auto request = arm_request(Method::kGet, "/subscriptions/s/things/a");
  const auto response = gateway.handle(request);
  EXPECT_EQ(response.status, 400);
  EXPECT_TRUE(response.headers.has("x-ms-request-id"));
  EXPECT_TRUE(response.headers.has("x-ms-correlation-request-id"));
}

TEST_F(GatewayRouting, AnswersAnUnknownPathWith404InArmJson) {
  const auto response = gateway.handle(arm_request(Method::kGet, "/subscriptions/s/nothing?api-version=1"));
  EXPECT_EQ(response.status, 404);
  EXPECT_EQ(body_json(response)["error"]["code"], "NotFound");
  EXPECT_EQ(response.headers.get("Content-Type"), "application/json; charset=utf-8");
}

TEST_F(GatewayRouting, AnswersAnUnsupportedMethodWith405AndAllow) {
  const auto response = gateway.handle(arm_request(Method::kDelete, "/subscriptions/s/things/a?api-version=1"));
  EXPECT_EQ(response.status, 405);
  EXPECT_EQ(body_json(response)["error"]["code"], "MethodNotAllowed");
  EXPECT_EQ(response.headers.get("Allow"), "GET, HEAD");
}

TEST_F(GatewayRouting, AnswersAMalformedPathWith400) {
  const auto response = gateway.handle(arm_request(Method::kGet, "/subscriptions/s/things/%zz?api-version=1"));
  EXPECT_EQ(response.status, 400);
  EXPECT_EQ(body_json(response)["error"]["code"], "InvalidRequestUri");
}

TEST_F(GatewayRouting, BaseUrlIsHttpsToTheRequestsHostUnlessConfigured) {
  const auto request = arm_request(Method::kGet, "/");
  EXPECT_EQ(gateway.base_url(request), "https://management.localhost:8443");
  Gateway configured(clock, GatewayConfig{"https://127.0.0.1:9443"});
  EXPECT_EQ(configured.base_url(request), "https://127.0.0.1:9443");
}

}  // namespace
}  // namespace drdrill::arm
