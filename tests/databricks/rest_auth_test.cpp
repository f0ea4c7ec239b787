#include <gtest/gtest.h>

#include "api_test_client.h"
#include "frozen_scheduler.h"

namespace drdrill::databricks {
namespace {

using testing::ApiTestClient;
using testing::FrozenScheduler;

http::Request bare_request(std::string target) {
  http::Request r;
  r.target = std::move(target);
  return r;
}

TEST(RestAuth, RefusesARequestWithoutTokenWithTheRealServicesExact403) {
  FrozenScheduler scheduler;
  Workspace workspace({}, scheduler, Random(1));
  ApiTestClient client(workspace);
  const http::Response response = client.handler()(bare_request("/api/2.0/workspace/list?path=/"));
  EXPECT_EQ(response.status, 403);
  EXPECT_EQ(response.body, R"({"error_code":403,"message":"Invalid access token."})");
  EXPECT_EQ(response.body.size(), 52u);  // the Content-Length of the real capture
  EXPECT_EQ(response.headers.get_or("X-Databricks-Reason-Phrase", ""), "Invalid access token.");
  EXPECT_EQ(response.headers.get_or("Content-Type", ""), "application/json; charset=utf-8");
}

TEST(RestAuth, RefusesAnUnknownTokenWith403) {
  FrozenScheduler scheduler;
  Workspace workspace({}, scheduler, Random(1));
  ApiTestClient valid(workspace);
  ApiTestClient wrong(workspace, "dapi-not-a-token");
  EXPECT_EQ(wrong.get("/api/2.0/workspace/list?path=/").status, 403);
  EXPECT_EQ(valid.get("/api/2.0/workspace/list?path=/").status, 200);
}

TEST(RestAuth, RefusesARevokedToken) {
  FrozenScheduler scheduler;
  Workspace workspace({}, scheduler, Random(1));
  ApiTestClient client(workspace);
  workspace.tokens().revoke(testing::kToken);
  EXPECT_EQ(client.get("/api/2.0/workspace/list?path=/").status, 403);
}

TEST(RestAuth, RefusesAnotherAuthorizationScheme) {
  FrozenScheduler scheduler;
  Workspace workspace({}, scheduler, Random(1));
  ApiTestClient client(workspace);
  http::Request request = bare_request("/api/2.0/workspace/list?path=/");
  request.headers.add("Authorization", std::string("Basic ") + testing::kToken);
  EXPECT_EQ(client.handler()(request).status, 403);
}

TEST(RestAuth, AcceptsTheBearerSchemeInAnyCase) {
  FrozenScheduler scheduler;
  Workspace workspace({}, scheduler, Random(1));
  ApiTestClient client(workspace);
  http::Request request = bare_request("/api/2.0/workspace/list?path=/");
  request.headers.add("authorization", std::string("bearer ") + testing::kToken);
  EXPECT_EQ(client.handler()(request).status, 200);
}

TEST(RestRouting, AnswersAnUnknownEndpointWith404EndpointNotFound) {
  FrozenScheduler scheduler;
  Workspace workspace({}, scheduler, Random(1));
  ApiTestClient client(workspace);
  const http::Response response = client.get("/api/2.0/nope");
  EXPECT_EQ(response.status, 404);
  EXPECT_EQ(response.body, R"({"error_code":"ENDPOINT_NOT_FOUND","message":"No API found for 'GET /api/2.0/nope'"})");
}

TEST(RestRouting, ServesApiVersions20And21And22ButNotOthers) {
  FrozenScheduler scheduler;
  Workspace workspace({}, scheduler, Random(1));
  ApiTestClient client(workspace);
  EXPECT_EQ(client.get("/api/2.0/workspace/get-status?path=/Shared").status, 200);
  EXPECT_EQ(client.get("/api/2.1/workspace/get-status?path=/Shared").status, 200);
  EXPECT_EQ(client.get("/api/2.2/workspace/get-status?path=/Shared").status, 200);
  EXPECT_EQ(client.get("/api/1.2/workspace/get-status?path=/Shared").status, 404);
}

TEST(RestRouting, AnswersAWrongMethodWithAnErrorBodyAndAllow) {
  FrozenScheduler scheduler;
  Workspace workspace({}, scheduler, Random(1));
  ApiTestClient client(workspace);
  const http::Response response = client.get("/api/2.0/workspace/mkdirs");
  EXPECT_EQ(response.status, 405);
  EXPECT_EQ(response.headers.get_or("Allow", ""), "POST");
  EXPECT_EQ(response.body, R"({"error_code":"ENDPOINT_NOT_FOUND","message":"No API found for 'GET /api/2.0/workspace/mkdirs'"})");
}

TEST(RestRouting, DecodesPlusInQueryStringsAsASpaceLikeTheGoSdkMeansIt) {
  FrozenScheduler scheduler;
  Workspace workspace({}, scheduler, Random(1));
  ApiTestClient client(workspace);
  ASSERT_EQ(client.post("/api/2.0/workspace/mkdirs", R"({"path":"/Shared/my dir"})").status, 200);
  EXPECT_EQ(client.get("/api/2.0/workspace/get-status?path=/Shared/my+dir").status, 200);
  EXPECT_EQ(client.get("/api/2.0/workspace/get-status?path=/Shared/my%20dir").status, 200);
}

TEST(RestRouting, AnswersAMalformedQueryStringWith400MalformedRequest) {
  FrozenScheduler scheduler;
  Workspace workspace({}, scheduler, Random(1));
  ApiTestClient client(workspace);
  const http::Response response = client.get("/api/2.0/workspace/get-status?path=%zz");
  EXPECT_EQ(response.status, 400);
  EXPECT_NE(response.body.find(R"("error_code":"MALFORMED_REQUEST")"), std::string::npos);
}

}  // namespace
}  // namespace drdrill::databricks
