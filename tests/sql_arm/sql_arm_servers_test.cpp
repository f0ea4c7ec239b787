// Logical servers and their databases as ARM shows them: enough for a failover tool to find the
// servers (fully qualified domain names, regions) and to see a database's role and status.

#include <gtest/gtest.h>

#include "sql_arm_fixture.h"

namespace drdrill::sql_arm {
namespace {

using arm::testing::body_json;
using arm::testing::dump;
using sql::Reachability;

class SqlArmServers : public testing::SqlArmFixture {};

TEST_F(SqlArmServers, GetServerIsByteExact) {
  EXPECT_EQ(dump(get("hms-neu")),
            "200\n"
            "Content-Type: application/json; charset=utf-8\n"
            "x-ms-request-id: 00000000-0000-4000-8000-000000000001\n"
            "x-ms-correlation-request-id: 00000000-0000-4000-9000-000000000001\n"
            "Date: Thu, 01 Jan 2026 00:02:00 GMT\n"
            "\n"
            R"({"id":"/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/drdrill/providers/Microsoft.Sql/)"
            R"(servers/hms-neu","name":"hms-neu","type":"Microsoft.Sql/servers","location":"northeurope","kind":"v12.0",)"
            R"("properties":{"fullyQualifiedDomainName":"hms-neu.database.windows.net","version":"12.0","state":"Ready",)"
            R"("publicNetworkAccess":"Enabled"}})");
}

TEST_F(SqlArmServers, ListByResourceGroupAndBySubscriptionNameEveryServer) {
  const auto by_group = arm(http::Method::kGet,
                            "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/drdrill/providers/"
                            "Microsoft.Sql/servers?api-version=2023-08-01");
  const auto by_subscription = arm(http::Method::kGet,
                                   "/subscriptions/00000000-0000-0000-0000-000000000000/providers/Microsoft.Sql/servers"
                                   "?api-version=2023-08-01");
  ASSERT_EQ(by_group.status, 200);
  EXPECT_EQ(body_json(by_group), body_json(by_subscription));
  const auto servers = body_json(by_group)["value"];
  ASSERT_EQ(servers.size(), 2u);
  EXPECT_EQ(servers[0]["name"], "hms-neu");
  EXPECT_EQ(servers[1]["name"], "hms-weu");
  EXPECT_EQ(servers[1]["properties"]["fullyQualifiedDomainName"], "hms-weu.database.windows.net");
}

TEST_F(SqlArmServers, DatabasesIncludeMasterAndTheGeoSecondaryIsMarked) {
  const auto primary = get_json("hms-weu", "/databases")["value"];
  ASSERT_EQ(primary.size(), 2u);
  EXPECT_EQ(primary[0]["name"], "hms");
  EXPECT_EQ(primary[0]["kind"], "v12.0,user");
  EXPECT_EQ(primary[0]["properties"]["status"], "Online");
  EXPECT_FALSE(primary[0]["properties"].contains("secondaryType"));
  EXPECT_EQ(primary[1]["name"], "master");
  EXPECT_EQ(primary[1]["kind"], "v12.0,system");

  const auto secondary = get_json("hms-neu", "/databases/hms");
  EXPECT_EQ(secondary["id"], std::string(testing::kServers) + "hms-neu/databases/hms");
  EXPECT_EQ(secondary["location"], "northeurope");
  EXPECT_EQ(secondary["properties"]["secondaryType"], "Geo");
  // databaseId is stable and differs between the two copies.
  EXPECT_EQ(secondary["properties"]["databaseId"], get_json("hms-neu", "/databases/hms")["properties"]["databaseId"]);
  EXPECT_NE(secondary["properties"]["databaseId"], primary[0]["properties"]["databaseId"]);
}

TEST_F(SqlArmServers, ADatabaseIsOfflineWhileAFailoverMovesItOrItsRegionIsDown) {
  ASSERT_EQ(post("hms-neu", link_path() + "/failover").status, 202);
  EXPECT_EQ(get_json("hms-weu", "/databases/hms")["properties"]["status"], "Offline");
  EXPECT_EQ(get_json("hms-neu", "/databases/hms")["properties"]["status"], "Offline");
  ASSERT_TRUE(scheduler_.run_for(1min).ok());
  EXPECT_EQ(get_json("hms-neu", "/databases/hms")["properties"]["status"], "Online");
  EXPECT_FALSE(get_json("hms-neu", "/databases/hms")["properties"].contains("secondaryType"));
  EXPECT_EQ(get_json("hms-weu", "/databases/hms")["properties"]["secondaryType"], "Geo");

  service_.set_region_reachability("northeurope", Reachability::kRefused);
  EXPECT_EQ(get_json("hms-neu", "/databases/hms")["properties"]["status"], "Offline");
}

}  // namespace
}  // namespace drdrill::sql_arm
