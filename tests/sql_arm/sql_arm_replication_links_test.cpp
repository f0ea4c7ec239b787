// Replication links as ARM shows them (api-facts 5.1): list by database, get, list by server, from
// either side of the link, while seeding, caught up or suspended.

#include <gtest/gtest.h>

#include "sql_arm_fixture.h"

namespace drdrill::sql_arm {
namespace {

using arm::testing::body_json;
using arm::testing::dump;

// The fixture's fixed state at 00:02:00: the link created at 00:00:00 (its id drawn from seed
// 20260101), seeded and caught up.
class SqlArmReplicationLinks : public testing::SqlArmFixture {};

TEST_F(SqlArmReplicationLinks, ListByDatabaseOnThePrimaryIsByteExact) {
  ASSERT_EQ(link_id_, "f486935d-1c8b-4425-a0e4-d828d6e27413");
  EXPECT_EQ(dump(get("hms-weu", "/databases/hms/replicationLinks")),
            "200\n"
            "Content-Type: application/json; charset=utf-8\n"
            "x-ms-request-id: 00000000-0000-4000-8000-000000000001\n"
            "x-ms-correlation-request-id: 00000000-0000-4000-9000-000000000001\n"
            "Date: Thu, 01 Jan 2026 00:02:00 GMT\n"
            "\n"
            R"({"value":[{"id":"/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/drdrill/providers/)"
            R"(Microsoft.Sql/servers/hms-weu/databases/hms/replicationLinks/f486935d-1c8b-4425-a0e4-d828d6e27413",)"
            R"("name":"f486935d-1c8b-4425-a0e4-d828d6e27413","type":"Microsoft.Sql/servers/databases/replicationLinks",)"
            R"("properties":{"partnerServer":"hms-neu","partnerDatabase":"hms","partnerLocation":"North Europe",)"
            R"("role":"Primary","partnerRole":"Secondary","replicationMode":"ASYNC","startTime":"2026-01-01T00:00:00Z",)"
            R"("percentComplete":100,"replicationState":"CATCH_UP","isTerminationAllowed":true,"linkType":"GEO"}}]})");
}

TEST_F(SqlArmReplicationLinks, TheSecondarySeesTheSameLinkWithTheRolesMirrored) {
  const auto list = get_json("hms-neu", "/databases/hms/replicationLinks");
  ASSERT_EQ(list["value"].size(), 1u);
  const auto& link = list["value"][0];
  EXPECT_EQ(link["name"], link_id_);
  EXPECT_EQ(link["id"], std::string(testing::kServers) + "hms-neu" + link_path());
  EXPECT_EQ(link["properties"]["role"], "Secondary");
  EXPECT_EQ(link["properties"]["partnerRole"], "Primary");
  EXPECT_EQ(link["properties"]["partnerServer"], "hms-weu");
  EXPECT_EQ(link["properties"]["partnerLocation"], "West Europe");
}

TEST_F(SqlArmReplicationLinks, GetAndListByServerAgreeWithListByDatabase) {
  for (const char* server : {"hms-weu", "hms-neu"}) {
    const auto by_database = get_json(server, "/databases/hms/replicationLinks")["value"][0];
    EXPECT_EQ(get_json(server, link_path()), by_database) << server;
    const auto by_server = get_json(server, "/replicationLinks")["value"];
    ASSERT_EQ(by_server.size(), 1u) << server;
    EXPECT_EQ(by_server[0], by_database) << server;
  }
}

TEST_F(SqlArmReplicationLinks, ANewLinkIsSeedingAtZeroPercentAndItsSecondaryIsCopying) {
  ASSERT_TRUE(service_.server("hms-weu")->create_database("audit").ok());
  auto id = geo_->create_link("hms-weu", "audit", "hms-neu");
  ASSERT_TRUE(id.ok());
  const auto seeding = get_json("hms-weu", "/databases/audit/replicationLinks/" + *id);
  EXPECT_EQ(seeding["properties"]["replicationState"], "SEEDING");
  EXPECT_EQ(seeding["properties"]["percentComplete"], 0);
  EXPECT_EQ(get_json("hms-neu", "/databases/audit")["properties"]["status"], "Copying");
  EXPECT_EQ(get_json("hms-neu", "/replicationLinks")["value"].size(), 2u);

  ASSERT_TRUE(scheduler_.run_for(1min).ok());
  const auto seeded = get_json("hms-weu", "/databases/audit/replicationLinks/" + *id);
  EXPECT_EQ(seeded["properties"]["replicationState"], "CATCH_UP");
  EXPECT_EQ(seeded["properties"]["percentComplete"], 100);
  EXPECT_EQ(get_json("hms-neu", "/databases/audit")["properties"]["status"], "Online");
}

TEST_F(SqlArmReplicationLinks, AStalledLinkOrAnUnreachablePartnerIsSuspended) {
  ASSERT_TRUE(geo_->stall(link_id_).ok());
  EXPECT_EQ(get_json("hms-weu", link_path())["properties"]["replicationState"], "SUSPENDED");
  ASSERT_TRUE(geo_->resume(link_id_).ok());
  EXPECT_EQ(get_json("hms-weu", link_path())["properties"]["replicationState"], "CATCH_UP");
  service_.set_region_reachability("northeurope", sql::Reachability::kTimedOut);
  EXPECT_EQ(get_json("hms-weu", link_path())["properties"]["replicationState"], "SUSPENDED");
}

TEST_F(SqlArmReplicationLinks, ALinkNameThatIsNotAGuidIsRefusedWith400) {
  const auto response = get("hms-weu", "/databases/hms/replicationLinks/not-a-guid");
  EXPECT_EQ(response.status, 400);
  EXPECT_EQ(body_json(response)["error"]["code"], "ReplicationLinksReplicationLinkNameIsInvalid");
  EXPECT_EQ(body_json(response)["error"]["message"], "Replication link name should be a valid guid.");
}

TEST_F(SqlArmReplicationLinks, ALinkIsNotFoundUnderAnotherDatabaseOfTheSameServer) {
  ASSERT_TRUE(service_.server("hms-weu")->create_database("other").ok());
  EXPECT_EQ(get_json("hms-weu", "/databases/other/replicationLinks")["value"].size(), 0u);
  const auto response = get("hms-weu", "/databases/other/replicationLinks/" + link_id_);
  EXPECT_EQ(response.status, 404);
  EXPECT_EQ(body_json(response)["error"]["code"], "ResourceNotFound");
}

}  // namespace
}  // namespace drdrill::sql_arm
