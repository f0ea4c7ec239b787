// Failover groups as resources over ARM (api-facts 5.2): create with the body of the REST reference,
// the service's validation of it, get and list from either server, patch and delete.

#include <gtest/gtest.h>

#include "sql_arm_fixture.h"

namespace drdrill::sql_arm {
namespace {

using arm::testing::body_json;
using arm::testing::dump;
using http::Method;

class SqlArmFailoverGroup : public testing::SqlArmFixture {
 protected:
  std::string error_code(const http::Response& response) { return body_json(response)["error"]["code"]; }
};

TEST_F(SqlArmFailoverGroup, CreateAnswers201WithTheGroupAsThePrimarySeesIt) {
  EXPECT_EQ(dump(put_group("hms-weu", "hms-fog",
                           group_body(R"({"failoverPolicy":"Automatic","failoverWithDataLossGracePeriodMinutes":480})"))),
            "201\n"
            "Content-Type: application/json; charset=utf-8\n"
            "x-ms-request-id: 00000000-0000-4000-8000-000000000001\n"
            "x-ms-correlation-request-id: 00000000-0000-4000-9000-000000000001\n"
            "Date: Thu, 01 Jan 2026 00:02:00 GMT\n"
            "\n"
            R"({"id":"/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/drdrill/providers/Microsoft.Sql/)"
            R"(servers/hms-weu/failoverGroups/hms-fog","name":"hms-fog","type":"Microsoft.Sql/servers/failoverGroups",)"
            R"("location":"West Europe","properties":{"readWriteEndpoint":{"failoverPolicy":"Automatic",)"
            R"("failoverWithDataLossGracePeriodMinutes":480},"readOnlyEndpoint":{"failoverPolicy":"Disabled"},)"
            R"("replicationRole":"Primary","replicationState":"CATCH_UP","partnerServers":[{"id":"/subscriptions/)"
            R"(00000000-0000-0000-0000-000000000000/resourceGroups/drdrill/providers/Microsoft.Sql/servers/hms-neu",)"
            R"("location":"North Europe","replicationRole":"Secondary"}],"databases":["/subscriptions/)"
            R"(00000000-0000-0000-0000-000000000000/resourceGroups/drdrill/providers/Microsoft.Sql/servers/hms-weu/)"
            R"(databases/hms"]}})");
  // The model has the group, with its policy, and the listeners resolve.
  auto group = geo_->failover_group("hms-fog");
  ASSERT_TRUE(group.ok());
  EXPECT_EQ(group->spec.policy, sql::FailoverPolicy::kAutomatic);
  EXPECT_EQ(group->spec.grace_period, 480min);
  EXPECT_EQ(service_.dns().resolve("hms-fog.database.windows.net")->server, "hms-weu");
}

TEST_F(SqlArmFailoverGroup, TheSecondaryServerSeesTheGroupWithTheRolesMirrored) {
  ASSERT_EQ(put_group("hms-weu", "hms-fog", manual_group_body()).status, 201);
  const auto json = get_json("hms-neu", "/failoverGroups/hms-fog");
  EXPECT_EQ(json["id"], std::string(testing::kServers) + "hms-neu/failoverGroups/hms-fog");
  EXPECT_EQ(json["location"], "North Europe");
  EXPECT_EQ(json["properties"]["replicationRole"], "Secondary");
  EXPECT_EQ(json["properties"]["partnerServers"][0]["id"], std::string(testing::kServers) + "hms-weu");
  EXPECT_EQ(json["properties"]["partnerServers"][0]["replicationRole"], "Primary");
  EXPECT_EQ(json["properties"]["databases"][0], std::string(testing::kServers) + "hms-neu/databases/hms");
  EXPECT_FALSE(json["properties"]["readWriteEndpoint"].contains("failoverWithDataLossGracePeriodMinutes"));
  for (const char* server : {"hms-weu", "hms-neu"}) {
    const auto list = get_json(server, "/failoverGroups")["value"];
    ASSERT_EQ(list.size(), 1u) << server;
    EXPECT_EQ(list[0], get_json(server, "/failoverGroups/hms-fog")) << server;
  }
}

TEST_F(SqlArmFailoverGroup, AutomaticPolicyWithAGracePeriodUnderAnHourIsRefused) {
  const auto response =
      put_group("hms-weu", "hms-fog", group_body(R"({"failoverPolicy":"Automatic","failoverWithDataLossGracePeriodMinutes":59})"));
  EXPECT_EQ(response.status, 400);
  EXPECT_EQ(error_code(response), "FailoverGroupCreateOrUpdateRequestLessThanMinimumGracePeriodValues");
  EXPECT_EQ(body_json(response)["error"]["message"],
            "Grace period value for the failover group must be greater than or equal to the '60' minutes minimum grace period");
  // Nothing was created.
  EXPECT_FALSE(geo_->failover_group("hms-fog").ok());
  EXPECT_EQ(get("hms-weu", "/failoverGroups/hms-fog").status, 404);
  EXPECT_FALSE(service_.dns().resolve("hms-fog.database.windows.net").ok());

  // Exactly an hour is the minimum, and it is accepted.
  const auto hour =
      put_group("hms-weu", "hms-fog", group_body(R"({"failoverPolicy":"Automatic","failoverWithDataLossGracePeriodMinutes":60})"));
  EXPECT_EQ(hour.status, 201);
  EXPECT_EQ(body_json(hour)["properties"]["readWriteEndpoint"]["failoverWithDataLossGracePeriodMinutes"], 60);
}

TEST_F(SqlArmFailoverGroup, TheReadWriteEndpointRulesAreTheServices) {
  struct Case {
    const char* endpoint;
    const char* code;
  };
  for (const Case& c : {
           Case{R"({"failoverPolicy":"Automatic"})", "FailoverGroupCreateOrUpdateRequestInvalidReadWriteEndpointFields"},
           Case{R"({"failoverPolicy":"Manual","failoverWithDataLossGracePeriodMinutes":60})",
                "FailoverGroupCreateOrUpdateRequestInvalidReadWriteEndpointFieldsForManualPolicy"},
           Case{R"({"failoverPolicy":"Automatic","failoverWithDataLossGracePeriodMinutes":-5})",
                "FailoverGroupCreateOrUpdateRequestNegativeGracePeriodValues"},
           Case{R"({"failoverWithDataLossGracePeriodMinutes":60})", "FailoverGroupCreateOrUpdateRequestInvalidReadWriteFailoverPolicy"},
           Case{"null", "FailoverGroupCreateOrUpdateRequestInvalidReadWriteEndpoint"},
       }) {
    const auto response = put_group("hms-weu", "hms-fog", group_body(c.endpoint));
    EXPECT_EQ(response.status, 400) << c.endpoint;
    EXPECT_EQ(error_code(response), c.code) << c.endpoint;
  }
  EXPECT_FALSE(geo_->failover_group("hms-fog").ok());
}

TEST_F(SqlArmFailoverGroup, MembersMustBeARealPartnerInAnotherRegionAndDatabasesOfThePrimary) {
  ASSERT_TRUE(service_.create_server({"hms-weu2", "westeurope", "sqladmin", "Adm1n!"}).ok());
  const std::string servers(testing::kServers);
  const std::string rw = R"("readWriteEndpoint":{"failoverPolicy":"Manual"})";
  auto body = [&](const std::string& partners, const std::string& databases) {
    return R"({"properties":{)" + rw + R"(,"partnerServers":)" + partners + R"(,"databases":)" + databases + "}}";
  };
  const std::string neu = R"([{"id":")" + servers + R"(hms-neu"}])";
  const std::string hms = R"([")" + servers + R"(hms-weu/databases/hms"])";
  struct Case {
    std::string body;
    int status;
    const char* code;
  };
  for (const Case& c : {
           Case{"not json", 400, "FailoverGroupCreateOrUpdateRequestInvalid"},
           Case{R"({"properties":{)" + rw + "}}", 400, "FailoverGroupCreateOrUpdateRequestInvalidPartner"},
           Case{body("[]", hms), 400, "FailoverGroupCreateOrUpdateRequestInvalidPartner"},
           Case{body(R"([{"id":"/not/a/server"}])", hms), 400, "FailoverGroupCreateOrUpdateRequestInvalidPartner"},
           Case{body(R"([{"id":")" + servers + R"(hms-neu"},{"id":")" + servers + R"(hms-weu2"}])", hms), 400,
                "FailoverGroupCreateOrUpdateRequestUnsupportedPartnerCount"},
           Case{body(R"([{"id":")" + servers + R"(hms-weu"}])", hms), 400, "FailoverGroupCreateOrUpdateRequestDuplicatePartner"},
           Case{body(R"([{"id":")" + servers + R"(hms-weu2"}])", hms), 400, "InvalidFailoverGroupRegion"},
           Case{body(R"([{"id":")" + servers + R"(nowhere"}])", hms), 404, "ServerNotInSubscriptionResourceGroup"},
           Case{body(neu, R"(["hms"])"), 400, "FailoverGroupCreateOrUpdateRequestInvalidDatabases"},
           Case{body(neu, R"([")" + servers + R"(hms-neu/databases/hms"])"), 400,
                "FailoverGroupCreateOrUpdateRequestInvalidDatabaseServer"},
           Case{body(neu, R"([")" + servers + R"(hms-weu/databases/nope"])"), 400,
                "FailoverGroupCreateOrUpdateRequestInvalidDatabaseServer"},
           Case{body(neu, R"([")" + servers + R"(hms-weu/databases/master"])"), 400, "CannotUseReservedDatabaseName"},
       }) {
    const auto response = put_group("hms-weu", "hms-fog", c.body);
    EXPECT_EQ(response.status, c.status) << c.body;
    EXPECT_EQ(error_code(response), c.code) << c.body;
  }
  EXPECT_FALSE(geo_->failover_group("hms-fog").ok());

  // The name becomes a DNS label that must not be a server's.
  EXPECT_EQ(error_code(put_group("hms-weu", "Hms_Fog", manual_group_body())), "InvalidFailoverGroupName");
  EXPECT_EQ(error_code(put_group("hms-weu", "hms-weu2", manual_group_body())), "FailoverGroupDnsRecordInUse");
  // A database that is a geo-secondary on the requesting server cannot be a group's primary.
  const auto on_secondary = put_group("hms-neu", "hms-fog",
                                      body(R"([{"id":")" + servers + R"(hms-weu"}])", R"([")" + servers + R"(hms-neu/databases/hms"])"));
  EXPECT_EQ(error_code(on_secondary), "DatabaseInFailoverGroupNotPrimary");
}

TEST_F(SqlArmFailoverGroup, ADatabaseBelongsToOneGroupOnly) {
  ASSERT_TRUE(service_.create_server({"hms-uks", "uksouth", "sqladmin", "Adm1n!"}).ok());
  ASSERT_EQ(put_group("hms-weu", "hms-fog", manual_group_body()).status, 201);
  const std::string other = R"({"properties":{"readWriteEndpoint":{"failoverPolicy":"Manual"},"partnerServers":[{"id":")" +
                            std::string(testing::kServers) + R"(hms-uks"}],"databases":[")" + std::string(testing::kServers) +
                            R"(hms-weu/databases/hms"]}})";
  const auto response = put_group("hms-weu", "hms-fog2", other);
  EXPECT_EQ(response.status, 409);
  EXPECT_EQ(error_code(response), "DatabaseBelongsToOtherFailoverGroup");
}

TEST_F(SqlArmFailoverGroup, PutAgainAndPatchUpdateTheEndpointsOnThePrimaryOnly) {
  ASSERT_EQ(put_group("hms-weu", "hms-fog", manual_group_body()).status, 201);
  const auto put = put_group("hms-weu", "hms-fog",
                             group_body(R"({"failoverPolicy":"Automatic","failoverWithDataLossGracePeriodMinutes":120})"));
  EXPECT_EQ(put.status, 200);
  EXPECT_EQ(body_json(put)["properties"]["readWriteEndpoint"]["failoverWithDataLossGracePeriodMinutes"], 120);
  EXPECT_EQ(geo_->failover_group("hms-fog")->spec.grace_period, 120min);

  const auto patch = arm(Method::kPatch, testing::sql_path("hms-weu", "/failoverGroups/hms-fog"),
                         R"({"properties":{"readOnlyEndpoint":{"failoverPolicy":"Enabled"}}})");
  EXPECT_EQ(patch.status, 200);
  EXPECT_EQ(body_json(patch)["properties"]["readOnlyEndpoint"]["failoverPolicy"], "Enabled");
  EXPECT_EQ(body_json(patch)["properties"]["readWriteEndpoint"]["failoverPolicy"], "Automatic");  // kept
  EXPECT_TRUE(geo_->failover_group("hms-fog")->spec.read_only_endpoint_enabled);

  const auto bad = arm(Method::kPatch, testing::sql_path("hms-weu", "/failoverGroups/hms-fog"),
                       R"({"properties":{"readWriteEndpoint":{"failoverPolicy":"Automatic","failoverWithDataLossGracePeriodMinutes":30}}})");
  EXPECT_EQ(error_code(bad), "FailoverGroupCreateOrUpdateRequestLessThanMinimumGracePeriodValues");
  EXPECT_EQ(geo_->failover_group("hms-fog")->spec.grace_period, 120min);

  for (const auto& response :
       {put_group("hms-neu", "hms-fog", manual_group_body()),
        arm(Method::kPatch, testing::sql_path("hms-neu", "/failoverGroups/hms-fog"), R"({"properties":{}})"),
        arm(Method::kDelete, testing::sql_path("hms-neu", "/failoverGroups/hms-fog"))}) {
    EXPECT_EQ(response.status, 400);
    EXPECT_EQ(error_code(response), "FailoverGroupUpdateOrDeleteRequestOnSecondary");
  }
  // Membership is fixed in the model: a PUT that changes the databases is refused, not ignored.
  const auto no_databases = put_group("hms-weu", "hms-fog",
                                      R"({"properties":{"readWriteEndpoint":{"failoverPolicy":"Manual"},"partnerServers":[{"id":")" +
                                          std::string(testing::kServers) + R"(hms-neu"}],"databases":[]}})");
  EXPECT_EQ(error_code(no_databases), "FailoverGroupCreateOrUpdateRequestInvalid");
}

TEST_F(SqlArmFailoverGroup, DeleteKeepsTheLinkRemovesTheListenersAndIsIdempotent) {
  ASSERT_EQ(put_group("hms-weu", "hms-fog", manual_group_body()).status, 201);
  const auto deleted = arm(Method::kDelete, testing::sql_path("hms-weu", "/failoverGroups/hms-fog"));
  EXPECT_EQ(deleted.status, 200);
  EXPECT_EQ(get("hms-weu", "/failoverGroups/hms-fog").status, 404);
  EXPECT_FALSE(service_.dns().resolve("hms-fog.database.windows.net").ok());
  EXPECT_EQ(get_json("hms-weu", link_path())["properties"]["isTerminationAllowed"], true);
  EXPECT_EQ(arm(Method::kDelete, testing::sql_path("hms-weu", "/failoverGroups/hms-fog")).status, 204);
  // The link can fail over by itself again.
  EXPECT_EQ(post("hms-neu", link_path() + "/failover").status, 202);
}

}  // namespace
}  // namespace drdrill::sql_arm
