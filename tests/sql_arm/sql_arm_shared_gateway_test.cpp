// Microsoft.Storage and Microsoft.Sql behind one ARM gateway and one operation registry, as
// management.azure.com serves both and as `drdrill serve` mounts them: the routes coexist, the
// operation ids do not collide, and each provider polls only its own operations.

#include <gtest/gtest.h>

#include "../arm/arm_test_support.h"
#include "../arm/core_lro_poller.h"
#include "../storage/failover_test_support.h"
#include "arm/gateway.h"
#include "arm/operation_registry.h"
#include "sql/geo_replication.h"
#include "sql/sql_service.h"
#include "sql_arm/sql_resource_provider.h"
#include "storage_arm/storage_resource_provider.h"

namespace drdrill::sql_arm {
namespace {

using arm::testing::arm_request;
using arm::testing::body_json;
using http::Method;

constexpr std::string_view kScope = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/drdrill/providers/";

TEST(SqlArmSharedGateway, StorageAndSqlFailOverThroughOneGatewayAndOneRegistry) {
  storage::testing::FailoverWorld storage_world;
  SimulatedScheduler& scheduler = storage_world.scheduler();
  sql::SqlService sql(scheduler);
  sql::GeoReplicationOptions options;
  options.forced_failover_s = Distribution::constant(30);
  sql::GeoReplication geo(sql, scheduler, storage_world.random(), options);
  ASSERT_TRUE(sql.create_server({"hms-weu", "westeurope", "sqladmin", "Adm1n!"}).ok());
  ASSERT_TRUE(sql.create_server({"hms-neu", "northeurope", "sqladmin", "Adm1n!"}).ok());
  ASSERT_TRUE(sql.server("hms-weu")->create_database("hms").ok());
  auto link = geo.create_link("hms-weu", "hms", "hms-neu");
  ASSERT_TRUE(link.ok());
  storage_world.run_for(1min);

  arm::Gateway gateway(scheduler);
  arm::OperationRegistry operations(scheduler);
  storage_arm::StorageResourceProvider storage(gateway, operations, storage_world.state(), storage_world.failovers());
  SqlResourceProvider sql_provider(gateway, operations, sql, geo);
  auto send = [&](Method method, const std::string& target) { return gateway.handle(arm_request(method, target)); };

  const auto storage_failover =
      send(Method::kPost, std::string(kScope) + "Microsoft.Storage/storageAccounts/devstoreaccount1/failover?api-version=2026-04-01");
  const auto sql_failover = send(Method::kPost, std::string(kScope) + "Microsoft.Sql/servers/hms-neu/databases/hms/replicationLinks/" +
                                                    *link + "/forceFailoverAllowDataLoss?api-version=2023-08-01");
  ASSERT_EQ(storage_failover.status, 202);
  ASSERT_EQ(sql_failover.status, 202);
  const std::string storage_location(*storage_failover.headers.get("Location"));
  const std::string sql_location(*sql_failover.headers.get("Location"));
  EXPECT_NE(storage_location.substr(storage_location.rfind('/')), sql_location.substr(sql_location.rfind('/')));

  // The SQL provider does not answer for the storage operation's id.
  std::string foreign = arm::testing::target_of(sql_location);
  const std::string storage_id = storage_location.substr(storage_location.find("asyncoperations/") + 16, 36);
  foreign.replace(foreign.find("OperationResults/") + 17, 36, storage_id);
  EXPECT_EQ(send(Method::kGet, foreign).status, 404);

  auto poll = [&](const http::Response& initial) {
    return arm::testing::poll_like_core_lro(
        scheduler, [&](const http::Request& r) { return gateway.handle(r); }, arm_request(Method::kGet, "/"), initial, 100000);
  };
  const auto sql_done = poll(sql_failover);
  EXPECT_EQ(sql_done.status, "succeeded");
  EXPECT_EQ(body_json(sql_done.last)["properties"]["role"], "Primary");
  const auto storage_done = poll(storage_failover);
  EXPECT_EQ(storage_done.status, "succeeded");
  EXPECT_EQ(body_json(send(Method::kGet, std::string(kScope) +
                                             "Microsoft.Storage/storageAccounts/devstoreaccount1?api-version=2026-04-01"))
                ["properties"]["primaryLocation"],
            "westus");
}

}  // namespace
}  // namespace drdrill::sql_arm
