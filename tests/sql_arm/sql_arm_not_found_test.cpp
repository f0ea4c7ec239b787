// Unknown Microsoft.Sql resources answer 404 with the ARM error body the real service sends: ARM's
// own for the server and the scope, the resource provider's below the server.

#include <gtest/gtest.h>

#include "sql_arm_fixture.h"

namespace drdrill::sql_arm {
namespace {

using arm::testing::body_json;
using arm::testing::dump;
using http::Method;

class SqlArmNotFound : public testing::SqlArmFixture {};

TEST_F(SqlArmNotFound, AnUnknownServerIsArmsResourceNotFound) {
  EXPECT_EQ(dump(get("nowhere")),
            "404\n"
            "Content-Type: application/json; charset=utf-8\n"
            "x-ms-request-id: 00000000-0000-4000-8000-000000000001\n"
            "x-ms-correlation-request-id: 00000000-0000-4000-9000-000000000001\n"
            "Date: Thu, 01 Jan 2026 00:02:00 GMT\n"
            "\n"
            R"({"error":{"code":"ResourceNotFound","message":"The Resource 'Microsoft.Sql/servers/nowhere' under )"
            R"(resource group 'drdrill' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix"}})");
}

TEST_F(SqlArmNotFound, BelowAnUnknownServerItIsParentResourceNotFound) {
  for (const char* rest : {"/databases", "/databases/hms", "/replicationLinks", "/failoverGroups", "/failoverGroups/hms-fog"}) {
    const auto response = get("nowhere", rest);
    EXPECT_EQ(response.status, 404) << rest;
    EXPECT_EQ(response.body,
              R"({"error":{"code":"ParentResourceNotFound","message":"Can not perform requested operation on nested )"
              R"(resource. Parent resource 'nowhere' not found."}})")
        << rest;
  }
  EXPECT_EQ(body_json(post("nowhere", link_path() + "/failover"))["error"]["code"], "ParentResourceNotFound");
  EXPECT_EQ(body_json(put_group("nowhere", "hms-fog", manual_group_body()))["error"]["code"], "ParentResourceNotFound");
}

TEST_F(SqlArmNotFound, UnknownDatabasesLinksAndGroupsAreTheProvidersResourceNotFound) {
  struct Case {
    std::string rest;
    std::string message;
  };
  const std::string unknown_link = "00000000-1111-4222-8333-444444444444";
  for (const Case& c : {
           Case{"/databases/nope", "The requested resource of type 'Microsoft.Sql/servers/databases' with name 'nope' was not found."},
           Case{"/databases/nope/replicationLinks",
                "The requested resource of type 'Microsoft.Sql/servers/databases' with name 'nope' was not found."},
           Case{"/databases/hms/replicationLinks/" + unknown_link,
                "The requested resource of type 'Microsoft.Sql/servers/databases/replicationLinks' with name '" + unknown_link +
                    "' was not found."},
           Case{"/failoverGroups/hms-fog",
                "The requested resource of type 'Microsoft.Sql/servers/failoverGroups' with name 'hms-fog' was not found."},
       }) {
    const auto response = get("hms-weu", c.rest);
    EXPECT_EQ(response.status, 404) << c.rest;
    EXPECT_EQ(body_json(response)["error"]["code"], "ResourceNotFound") << c.rest;
    EXPECT_EQ(body_json(response)["error"]["message"], c.message) << c.rest;
  }
  EXPECT_EQ(post("hms-neu", "/databases/hms/replicationLinks/" + unknown_link + "/failover").status, 404);
  EXPECT_EQ(post("hms-neu", "/failoverGroups/hms-fog/failover").status, 404);
  EXPECT_EQ(arm(Method::kPatch, testing::sql_path("hms-weu", "/failoverGroups/hms-fog"), "{}").status, 404);
}

TEST_F(SqlArmNotFound, AGroupIsNotFoundOnAServerOutsideIt) {
  ASSERT_TRUE(service_.create_server({"hms-uks", "uksouth", "sqladmin", "Adm1n!"}).ok());
  ASSERT_EQ(put_group("hms-weu", "hms-fog", manual_group_body()).status, 201);
  EXPECT_EQ(get("hms-uks", "/failoverGroups/hms-fog").status, 404);
  EXPECT_EQ(get_json("hms-uks", "/failoverGroups")["value"].size(), 0u);
  // The name is taken, though, by a group of other servers.
  const auto taken = put_group("hms-uks", "hms-fog", manual_group_body());
  EXPECT_EQ(taken.status, 409);
  EXPECT_EQ(body_json(taken)["error"]["code"], "FailoverGroupAlreadyExists");
}

TEST_F(SqlArmNotFound, AnotherSubscriptionOrResourceGroupIsArmsNotFound) {
  const auto group = arm(Method::kGet,
                         "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/elsewhere/providers/"
                         "Microsoft.Sql/servers/hms-weu?api-version=2023-08-01");
  EXPECT_EQ(group.status, 404);
  EXPECT_EQ(body_json(group)["error"]["code"], "ResourceGroupNotFound");
  const auto subscription = arm(Method::kGet, "/subscriptions/11111111-0000-0000-0000-000000000000/providers/"
                                              "Microsoft.Sql/servers?api-version=2023-08-01");
  EXPECT_EQ(subscription.status, 404);
  EXPECT_EQ(body_json(subscription)["error"]["code"], "SubscriptionNotFound");
}

TEST_F(SqlArmNotFound, PollingAnOperationThisProviderNeverIssuedIs404) {
  const std::string base =
      "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/drdrill/providers/Microsoft.Sql/locations/"
      "northeurope/";
  const auto never = arm(Method::kGet, base + "failoverGroupAzureAsyncOperation/00000000-0000-4000-a000-000000000009"
                                              "?api-version=2023-08-01");
  EXPECT_EQ(never.status, 404);
  EXPECT_EQ(body_json(never)["error"]["code"], "NotFound");
  // A link operation is not polled through the failover-group URLs.
  const auto accepted = post("hms-neu", link_path() + "/forceFailoverAllowDataLoss");
  ASSERT_EQ(accepted.status, 202);
  const std::string location = arm::testing::target_of(std::string(*accepted.headers.get("Location")));
  EXPECT_EQ(arm(Method::kGet, location).status, 202);
  std::string wrong_kind = location;
  wrong_kind.replace(wrong_kind.find("replicationLinksOperationResults"), std::string("replicationLinksOperationResults").size(),
                     "failoverGroupOperationResults");
  EXPECT_EQ(arm(Method::kGet, wrong_kind).status, 404);
}

TEST_F(SqlArmNotFound, AMethodAResourceDoesNotTakeIs405) {
  const auto response = arm(Method::kDelete, testing::sql_path("hms-weu", link_path() + "/failover"));
  EXPECT_EQ(response.status, 405);
  EXPECT_EQ(body_json(response)["error"]["code"], "MethodNotAllowed");
}

}  // namespace
}  // namespace drdrill::sql_arm
