// The storage account as ARM shows it (GET with and without $expand=geoReplicationStats, list) and
// changes it (PATCH sku), over the same state the Blob service serves.

#include "storage_arm/storage_resource_provider.h"

#include <gtest/gtest.h>

#include "storage_arm_test_support.h"

namespace drdrill::storage_arm {
namespace {

using arm::testing::body_json;
using arm::testing::dump;
using http::Method;
using storage::FailoverType;
using storage::OutageMode;
using storage::Redundancy;
using testing::kAccountPath;
using testing::StorageArmWorld;

// A fixed state: the container arrived at 120 s; a blob written at 100.5 s is still in flight at
// 150 s (lag 2 min), so Last Sync Time is 100.5 s, reported to the second.
class StorageAccountResource : public ::testing::Test {
 protected:
  StorageAccountResource() {
    EXPECT_EQ(world.create_container("data").status, 201);
    world.run_until_s(100.5);
    EXPECT_EQ(world.put_blob("data", "a", "x").status, 201);
    world.run_until_s(150);
  }
  StorageArmWorld world;
};

TEST_F(StorageAccountResource, GetWithGeoReplicationStatsIsByteExact) {
  // @azure/arm-storage sends $expand percent-encoded.
  const auto response = world.get_account("?api-version=2026-04-01&%24expand=geoReplicationStats");
  EXPECT_EQ(dump(response),
            "200\n"
            "Content-Type: application/json; charset=utf-8\n"
            "x-ms-request-id: 00000000-0000-4000-8000-000000000001\n"
            "x-ms-correlation-request-id: 00000000-0000-4000-9000-000000000001\n"
            "Date: Thu, 01 Jan 2026 00:02:30 GMT\n"
            "\n"
            R"({"id":"/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/drdrill/providers/)"
            R"(Microsoft.Storage/storageAccounts/devstoreaccount1","name":"devstoreaccount1",)"
            R"("type":"Microsoft.Storage/storageAccounts","location":"eastus","kind":"StorageV2",)"
            R"("sku":{"name":"Standard_RAGRS","tier":"Standard"},)"
            R"("properties":{"provisioningState":"Succeeded","primaryLocation":"eastus","statusOfPrimary":"available",)"
            R"("secondaryLocation":"westus","statusOfSecondary":"available",)"
            R"("primaryEndpoints":{"blob":"https://devstoreaccount1.blob.core.windows.net/"},)"
            R"("secondaryEndpoints":{"blob":"https://devstoreaccount1-secondary.blob.core.windows.net/"},)"
            R"("geoReplicationStats":{"status":"Live","lastSyncTime":"2026-01-01T00:01:40Z","canFailover":true,)"
            R"("canPlannedFailover":true,"postFailoverRedundancy":"Standard_LRS",)"
            R"("postPlannedFailoverRedundancy":"Standard_RAGRS"}}})");
}

TEST_F(StorageAccountResource, GetWithoutExpandHasNoGeoReplicationStats) {
  const auto json = body_json(world.get_account());
  EXPECT_FALSE(json["properties"].contains("geoReplicationStats"));
  EXPECT_EQ(json["properties"]["secondaryLocation"], "westus");
  // Unencoded, lower-case (azure-mgmt-storage) and in a list, it expands too.
  for (const char* query : {"?api-version=1&$expand=geoReplicationStats", "?api-version=1&%24expand=georeplicationstats",
                            "?api-version=1&%24expand=blobRestoreStatus,geoReplicationStats"}) {
    EXPECT_TRUE(body_json(world.get_account(query))["properties"].contains("geoReplicationStats")) << query;
  }
}

TEST_F(StorageAccountResource, EndpointsAreTheServedBaseUrlsOfTheBlobFake) {
  StorageArmConfig config;
  config.blob_endpoint = "http://127.0.0.1:10000/{account}/";
  StorageArmWorld path_style(2min, storage::testing::fixed_failover_config(), Redundancy::kRaGrs, config);
  const auto json = path_style.account_json();
  EXPECT_EQ(json["properties"]["primaryEndpoints"]["blob"], "http://127.0.0.1:10000/devstoreaccount1/");
  EXPECT_EQ(json["properties"]["secondaryEndpoints"]["blob"], "http://127.0.0.1:10000/devstoreaccount1-secondary/");
}

TEST_F(StorageAccountResource, AGrsAccountHasASecondaryRegionButNoSecondaryEndpoints) {
  StorageArmWorld grs(2min, storage::testing::fixed_failover_config(), Redundancy::kGrs);
  const auto json = grs.account_json();
  EXPECT_EQ(json["sku"]["name"], "Standard_GRS");
  EXPECT_EQ(json["properties"]["secondaryLocation"], "westus");
  EXPECT_FALSE(json["properties"].contains("secondaryEndpoints"));
  EXPECT_EQ(json["properties"]["geoReplicationStats"]["status"], "Live");
}

TEST_F(StorageAccountResource, AnLrsAccountHasNoSecondaryAndRefusesTheExpand) {
  StorageArmWorld lrs(2min, storage::testing::fixed_failover_config(), Redundancy::kLrs);
  const auto plain = body_json(lrs.get_account());
  EXPECT_EQ(plain["sku"]["name"], "Standard_LRS");
  EXPECT_FALSE(plain["properties"].contains("secondaryLocation"));
  EXPECT_FALSE(plain["properties"].contains("statusOfSecondary"));
  EXPECT_FALSE(plain["properties"].contains("secondaryEndpoints"));
  const auto expanded = lrs.get_account("?api-version=1&%24expand=geoReplicationStats");
  EXPECT_EQ(expanded.status, 400);
  EXPECT_EQ(expanded.body, R"({"error":{"code":"InvalidAccountType","message":"AccountType Standard_LRS is invalid."}})");
}

TEST_F(StorageAccountResource, ARegionOutageShowsAsUnavailable) {
  world.state().outages().set("westus", OutageMode::kServerBusy);
  const auto json = world.account_json();
  EXPECT_EQ(json["properties"]["statusOfPrimary"], "available");
  EXPECT_EQ(json["properties"]["statusOfSecondary"], "unavailable");
  EXPECT_EQ(json["properties"]["geoReplicationStats"]["status"], "Unavailable");
  EXPECT_FALSE(json["properties"]["geoReplicationStats"].contains("lastSyncTime"));
  EXPECT_EQ(json["properties"]["geoReplicationStats"]["canFailover"], false);
  world.state().outages().set("westus", OutageMode::kNone);
  world.state().outages().set("eastus", OutageMode::kHang);
  const auto primary_down = world.account_json();
  EXPECT_EQ(primary_down["properties"]["statusOfPrimary"], "unavailable");
  EXPECT_EQ(primary_down["properties"]["geoReplicationStats"]["canFailover"], true);
  EXPECT_EQ(primary_down["properties"]["geoReplicationStats"]["canPlannedFailover"], false);
}

TEST_F(StorageAccountResource, LastSyncTimeFollowsTheReplicationModel) {
  world.run_until_s(221);  // the blob arrived at 220.5 s: nothing in flight, so Last Sync Time is now
  EXPECT_EQ(world.account_json()["properties"]["geoReplicationStats"]["lastSyncTime"], "2026-01-01T00:03:41Z");
}

TEST_F(StorageAccountResource, ListsByResourceGroupAndBySubscription) {
  ASSERT_TRUE(world.state().add_account({"second", "a2V5MQ==", "a2V5Mg==", Redundancy::kLrs, "northeurope", "westeurope"}).ok());
  for (const char* path : {"/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/drdrill/providers/"
                           "Microsoft.Storage/storageAccounts?api-version=1",
                           "/subscriptions/00000000-0000-0000-0000-000000000000/providers/Microsoft.Storage/"
                           "storageAccounts?api-version=1"}) {
    const auto response = world.arm(Method::kGet, path);
    ASSERT_EQ(response.status, 200) << path;
    const auto json = body_json(response);
    ASSERT_EQ(json["value"].size(), 2u) << path;
    EXPECT_EQ(json["value"][0]["name"], "devstoreaccount1");
    EXPECT_EQ(json["value"][1]["name"], "second");
    EXPECT_EQ(json["value"][1]["location"], "northeurope");
    EXPECT_FALSE(json["value"][0]["properties"].contains("geoReplicationStats"));
  }
}

TEST_F(StorageAccountResource, UnknownSubscriptionGroupOrAccountIs404InArmsWords) {
  const auto subscription = world.arm(Method::kGet, "/subscriptions/other/resourceGroups/drdrill/providers/Microsoft.Storage/"
                                                    "storageAccounts/devstoreaccount1?api-version=1");
  EXPECT_EQ(subscription.status, 404);
  EXPECT_EQ(body_json(subscription)["error"]["code"], "SubscriptionNotFound");
  const auto group = world.arm(Method::kGet, "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg2/"
                                             "providers/Microsoft.Storage/storageAccounts/devstoreaccount1?api-version=1");
  EXPECT_EQ(body_json(group)["error"]["code"], "ResourceGroupNotFound");
  EXPECT_EQ(body_json(group)["error"]["message"], "Resource group 'rg2' could not be found.");
  const auto account = world.arm(Method::kGet, "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/"
                                               "DRDRILL/providers/Microsoft.Storage/storageAccounts/nope?api-version=1");
  EXPECT_EQ(account.status, 404);
  EXPECT_EQ(account.body,
            R"({"error":{"code":"ResourceNotFound","message":"The Resource 'Microsoft.Storage/storageAccounts/nope' under )"
            R"(resource group 'DRDRILL' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix"}})");
}

TEST_F(StorageAccountResource, PatchingTheSkuToLrsDropsTheSecondary) {
  const auto response = world.patch_sku("Standard_LRS");
  ASSERT_EQ(response.status, 200);
  EXPECT_EQ(body_json(response)["sku"]["name"], "Standard_LRS");
  EXPECT_FALSE(body_json(response)["properties"].contains("secondaryLocation"));
  EXPECT_EQ(world.account().redundancy(), Redundancy::kLrs);
  EXPECT_EQ(world.get_blob("data", "a", true).status, 404);
}

TEST_F(StorageAccountResource, PatchingTheSkuBackToRaGrsReseedsThroughBootstrapToLive) {
  ASSERT_EQ(world.patch_sku("Standard_LRS").status, 200);
  world.run_until_s(300);
  // With blob "a" (1 byte), 10,000 content bytes: 100 s at 100 bytes/s.
  ASSERT_EQ(world.put_blob("data", "big", std::string(9999, 'b')).status, 201);
  const auto response = world.patch_sku("Standard_RAGRS");
  ASSERT_EQ(response.status, 200);
  EXPECT_EQ(body_json(response)["sku"]["name"], "Standard_RAGRS");
  const auto during = world.account_json()["properties"]["geoReplicationStats"];
  EXPECT_EQ(during["status"], "Bootstrap");
  EXPECT_FALSE(during.contains("lastSyncTime"));
  EXPECT_EQ(during["canFailover"], false);
  world.run_until_s(399.9);
  EXPECT_EQ(world.account_json()["properties"]["geoReplicationStats"]["status"], "Bootstrap");
  world.run_until_s(400);
  const auto after = world.account_json()["properties"]["geoReplicationStats"];
  EXPECT_EQ(after["status"], "Live");
  EXPECT_EQ(after["lastSyncTime"], "2026-01-01T00:06:40Z");
  EXPECT_EQ(world.get_blob("data", "big", true).status, 200);
}

TEST_F(StorageAccountResource, PatchRejectsABodyThatIsNotJsonOrAnUnknownSku) {
  const auto garbage = world.arm(Method::kPatch, std::string(kAccountPath) + "?api-version=1", "{nope");
  EXPECT_EQ(garbage.status, 400);
  EXPECT_EQ(body_json(garbage)["error"]["code"], "InvalidRequestContent");
  const auto premium = world.patch_sku("Premium_LRS");
  EXPECT_EQ(premium.status, 400);
  EXPECT_EQ(body_json(premium)["error"]["code"], "InvalidRequestPropertyValue");
  EXPECT_EQ(body_json(premium)["error"]["target"], "sku.name");
  EXPECT_EQ(world.account().redundancy(), Redundancy::kRaGrs);
}

TEST_F(StorageAccountResource, PatchWithoutASkuChangesNothing) {
  const auto response = world.arm(Method::kPatch, std::string(kAccountPath) + "?api-version=1", R"({"tags":{"a":"b"}})");
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(world.account().redundancy(), Redundancy::kRaGrs);
}

TEST_F(StorageAccountResource, RequiresABearerTokenAndAnApiVersion) {
  auto request = arm::testing::arm_request(Method::kGet, std::string(kAccountPath));
  EXPECT_EQ(world.gateway().handle(request).status, 400);
  request.headers.remove("Authorization");
  EXPECT_EQ(world.gateway().handle(request).status, 401);
}

}  // namespace
}  // namespace drdrill::storage_arm
