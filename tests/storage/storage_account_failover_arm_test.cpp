// POST .../failover over ARM: a long-running operation that @azure/core-lro polls to completion at
// the time the failover model chose, the account as ARM shows it before, during and after, and the
// refusals with their error codes.
//
// Same arithmetic as account_failover_unplanned_test.cpp: lag 120 s, blob b-i written at 10*i s
// (i = 1..60), failover requested at 605 s, 40 min long, so done at 3005 s with b-49..b-60 lost.

#include "storage_arm/storage_resource_provider.h"

#include <gtest/gtest.h>

#include "storage_arm_test_support.h"

namespace drdrill::storage_arm {
namespace {

using arm::testing::body_json;
using arm::testing::dump;
using http::Method;
using storage::OutageMode;
using storage::Redundancy;
using storage::testing::blob_name;
using testing::StorageArmWorld;

class StorageAccountFailoverOverArm : public ::testing::Test {
 protected:
  explicit StorageAccountFailoverOverArm(StorageArmConfig config = {})
      : world(2min, storage::testing::fixed_failover_config(), Redundancy::kRaGrs, std::move(config)) {
    EXPECT_EQ(world.create_container("data").status, 201);
    for (int i = 1; i <= 60; ++i) {
      world.run_until_s(10.0 * i);
      EXPECT_EQ(world.put_blob("data", blob_name(i), "payload").status, 201);
    }
    world.run_until_s(605);
  }

  StorageArmWorld world;
};

TEST_F(StorageAccountFailoverOverArm, PostAnswers202WithLocationAndRetryAfter) {
  EXPECT_EQ(dump(world.post_failover()),
            "202\n"
            "Location: https://management.localhost:8443/subscriptions/00000000-0000-0000-0000-000000000000/providers/"
            "Microsoft.Storage/locations/eastus/asyncoperations/00000000-0000-4000-a000-000000000001"
            "?monitor=true&api-version=2026-04-01\n"
            "Retry-After: 1\n"
            "x-ms-request-id: 00000000-0000-4000-8000-000000000001\n"
            "x-ms-correlation-request-id: 00000000-0000-4000-9000-000000000001\n"
            "Date: Thu, 01 Jan 2026 00:10:05 GMT\n"
            "\n");
}

TEST_F(StorageAccountFailoverOverArm, UnplannedCompletesForCoreLroAtTheModelledTime) {
  const auto outcome = world.poll_to_completion(world.post_failover());
  EXPECT_EQ(outcome.mode, "ResourceLocation");
  EXPECT_EQ(outcome.status, "succeeded");
  EXPECT_EQ(outcome.finished_at, kDefaultEpoch + 3005s);
  EXPECT_EQ(outcome.last.status, 200);
}

TEST_F(StorageAccountFailoverOverArm, WhileRunningTheAccountShowsTheFailoverAndNoStats) {
  ASSERT_EQ(world.post_failover().status, 202);
  world.run_until_s(1000);
  const auto json = world.account_json();
  EXPECT_EQ(json["properties"]["failoverInProgress"], true);
  EXPECT_EQ(json["properties"]["statusOfPrimary"], "unavailable");
  EXPECT_EQ(json["properties"]["statusOfSecondary"], "unavailable");
  EXPECT_EQ(json["properties"]["geoReplicationStats"]["status"], "Unavailable");
  EXPECT_FALSE(json["properties"]["geoReplicationStats"].contains("lastSyncTime"));
  EXPECT_EQ(json["properties"]["geoReplicationStats"]["canFailover"], false);
  EXPECT_EQ(world.get_blob("data", blob_name(1)).status, 503);
}

TEST_F(StorageAccountFailoverOverArm, AfterwardsTheAccountIsLrsInTheOldSecondaryRegion) {
  world.poll_to_completion(world.post_failover());
  const auto json = body_json(world.get_account());
  EXPECT_EQ(json["location"], "eastus");  // the resource itself does not move
  EXPECT_EQ(json["sku"]["name"], "Standard_LRS");
  EXPECT_EQ(json["properties"]["primaryLocation"], "westus");
  EXPECT_EQ(json["properties"]["statusOfPrimary"], "available");
  EXPECT_FALSE(json["properties"].contains("secondaryLocation"));
  EXPECT_FALSE(json["properties"].contains("secondaryEndpoints"));
  EXPECT_FALSE(json["properties"].contains("failoverInProgress"));
  EXPECT_EQ(json["properties"]["lastGeoFailoverTime"], "2026-01-01T00:50:05Z");
  EXPECT_EQ(world.get_account("?api-version=1&%24expand=geoReplicationStats").status, 400);

  std::size_t lost = 0;
  for (const auto& record : world.geo().ledger()) lost += record.lost ? 1 : 0;
  EXPECT_EQ(lost, 12u);
  EXPECT_EQ(world.get_blob("data", blob_name(48)).status, 200);
  EXPECT_EQ(world.get_blob("data", blob_name(49)).status, 404);
  EXPECT_EQ(world.get_blob("data", blob_name(1), true).status, 404);
}

class PlannedFailoverOverArm : public StorageAccountFailoverOverArm {
 protected:
  static StorageArmConfig with_async_operation() {
    StorageArmConfig config;
    config.azure_async_operation = true;
    return config;
  }
  PlannedFailoverOverArm() : StorageAccountFailoverOverArm(with_async_operation()) {}
};

TEST_F(PlannedFailoverOverArm, CompletesThroughAzureAsyncOperationAndSwapsTheRegions) {
  const auto initial = world.post_failover("&failoverType=Planned");
  ASSERT_EQ(initial.status, 202);
  EXPECT_EQ(initial.headers.get("Azure-AsyncOperation"),
            "https://management.localhost:8443/subscriptions/00000000-0000-0000-0000-000000000000/providers/"
            "Microsoft.Storage/locations/eastus/asyncoperations/00000000-0000-4000-a000-000000000001"
            "?api-version=2026-04-01");
  const auto outcome = world.poll_to_completion(initial);
  EXPECT_EQ(outcome.mode, "OperationLocation");
  EXPECT_EQ(outcome.status, "succeeded");
  EXPECT_EQ(outcome.finished_at, kDefaultEpoch + 605s + 30min);

  const auto json = world.account_json();
  EXPECT_EQ(json["sku"]["name"], "Standard_RAGRS");
  EXPECT_EQ(json["properties"]["primaryLocation"], "westus");
  EXPECT_EQ(json["properties"]["secondaryLocation"], "eastus");
  EXPECT_EQ(json["properties"]["lastGeoFailoverTime"], "2026-01-01T00:40:05Z");
  EXPECT_EQ(json["properties"]["geoReplicationStats"]["status"], "Live");
  EXPECT_EQ(json["properties"]["geoReplicationStats"]["postPlannedFailoverRedundancy"], "Standard_RAGRS");
  for (const auto& record : world.geo().ledger()) EXPECT_FALSE(record.lost) << record.target;
  EXPECT_EQ(world.get_blob("data", blob_name(60)).status, 200);
}

TEST_F(PlannedFailoverOverArm, TheStatusUrlSaysInProgressUntilThen) {
  const auto initial = world.post_failover("&failoverType=Planned");
  const auto target = arm::testing::target_of(std::string(*initial.headers.get("Azure-AsyncOperation")));
  world.run_until_s(605 + 29 * 60);
  EXPECT_EQ(body_json(world.arm(Method::kGet, target))["status"], "InProgress");
  EXPECT_EQ(world.put_blob("data", "late", "x").status, 503);  // in the switch
  world.run_until_s(605 + 30 * 60);
  EXPECT_EQ(body_json(world.arm(Method::kGet, target))["status"], "Succeeded");
}

TEST_F(StorageAccountFailoverOverArm, RefusesASecondFailoverWhileOneRuns) {
  ASSERT_EQ(world.post_failover().status, 202);
  const auto second = world.post_failover("&failoverType=Planned");
  EXPECT_EQ(second.status, 409);
  EXPECT_EQ(second.body,
            R"({"error":{"code":"StorageAccountOperationInProgress","message":"A write operation for the storage account is in progress."}})");
  const auto patch = world.patch_sku("Standard_GRS");
  EXPECT_EQ(patch.status, 409);
  EXPECT_EQ(body_json(patch)["error"]["code"], "StorageAccountOperationInProgress");
}

TEST_F(StorageAccountFailoverOverArm, RefusesWhenLastSyncTimeIsUnavailable) {
  world.state().outages().set("westus", OutageMode::kServerBusy);
  const auto response = world.post_failover();
  EXPECT_EQ(response.status, 409);
  EXPECT_EQ(response.body,
            R"({"error":{"code":"LastSyncTimeUnavailable","message":"Last sync time is unavailable for account devstoreaccount1"}})");
  EXPECT_EQ(world.operations().find("00000000-0000-4000-a000-000000000001"), nullptr);  // nothing started
  EXPECT_FALSE(world.account().failover().in_progress);
}

TEST_F(StorageAccountFailoverOverArm, RefusesAPlannedFailoverWhileThePrimaryRegionIsDown) {
  world.state().outages().set("eastus", OutageMode::kRefuseConnections);
  const auto planned = world.post_failover("&failoverType=Planned");
  EXPECT_EQ(planned.status, 409);
  EXPECT_EQ(body_json(planned)["error"]["code"], "PlannedFailoverNotAllowed");
  EXPECT_EQ(world.post_failover().status, 202);  // unplanned is what an outage calls for
}

TEST_F(StorageAccountFailoverOverArm, RefusesAnUnknownFailoverType) {
  const auto response = world.post_failover("&failoverType=Unplanned");
  EXPECT_EQ(response.status, 400);
  EXPECT_EQ(body_json(response)["error"]["code"], "MissingOrInvalidRequiredQueryParameter");
  EXPECT_EQ(body_json(response)["error"]["target"], "failoverType");
}

TEST(StorageAccountFailoverPreconditionsOverArm, RefusesANonGeoRedundantAccount) {
  StorageArmWorld lrs(2min, storage::testing::fixed_failover_config(), Redundancy::kLrs);
  const auto response = lrs.post_failover();
  EXPECT_EQ(response.status, 400);
  EXPECT_EQ(response.body, R"({"error":{"code":"InvalidAccountType","message":"AccountType Standard_LRS is invalid."}})");
}

TEST(StorageAccountFailoverPreconditionsOverArm, RefusesDuringTheReseedThatFollowsReEnablingGeoRedundancy) {
  StorageArmWorld world(2min, storage::testing::fixed_failover_config(), Redundancy::kLrs);
  ASSERT_EQ(world.create_container("data").status, 201);
  ASSERT_EQ(world.put_blob("data", "a", std::string(1000, 'a')).status, 201);
  ASSERT_EQ(world.patch_sku("Standard_RAGRS").status, 200);  // 10 s of bootstrap
  EXPECT_EQ(body_json(world.post_failover())["error"]["code"], "LastSyncTimeUnavailable");
  world.run_for(10s);
  EXPECT_EQ(world.post_failover().status, 202);
}

TEST(StorageAccountFailoverPreconditionsOverArm, AnUnknownAccountIs404) {
  StorageArmWorld world;
  const auto response = world.arm(Method::kPost, "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/"
                                                  "drdrill/providers/Microsoft.Storage/storageAccounts/nope/failover?api-version=1");
  EXPECT_EQ(response.status, 404);
  EXPECT_EQ(body_json(response)["error"]["code"], "ResourceNotFound");
}

TEST(StorageAccountFailoverPreconditionsOverArm, ThePollUrlOfAnUnknownOperationIs404) {
  StorageArmWorld world;
  const auto response = world.arm(Method::kGet, "/subscriptions/00000000-0000-0000-0000-000000000000/providers/"
                                                 "Microsoft.Storage/locations/eastus/asyncoperations/x?monitor=true&api-version=1");
  EXPECT_EQ(response.status, 404);
}

}  // namespace
}  // namespace drdrill::storage_arm
