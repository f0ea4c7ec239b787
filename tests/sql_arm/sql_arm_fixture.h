#pragma once
// The SQL geo-replication world of tests/sql (two servers, hms-weu in westeurope as primary and
// hms-neu in northeurope as secondary, the metastore database "hms" linked between them, a
// recording ledger) behind an ARM gateway with the Microsoft.Sql provider, in simulated time, and
// requests as @azure/arm-sql sends them.

#include <string>

#include <nlohmann/json.hpp>

#include "../arm/arm_test_support.h"
#include "../arm/core_lro_poller.h"
#include "../sql/geo_fixture.h"
#include "arm/gateway.h"
#include "arm/operation_registry.h"
#include "sql_arm/sql_resource_provider.h"

namespace drdrill::sql_arm::testing {

inline constexpr std::string_view kApiVersion = "?api-version=2023-08-01";
inline constexpr std::string_view kServers =
    "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/drdrill/providers/Microsoft.Sql/servers/";

// ".../servers/<server><rest>?api-version=2023-08-01".
inline std::string sql_path(std::string_view server, std::string_view rest = "") {
  return std::string(kServers) + std::string(server) + std::string(rest) + std::string(kApiVersion);
}

class SqlArmFixture : public sql::testing::GeoFixture {
 protected:
  SqlArmFixture() {
    // Exact timings, so a test can say which commits had shipped when and when a failover ends.
    options_.lag_s = Distribution::constant(2);
    options_.forced_failover_s = Distribution::constant(30);
    options_.planned_failover_base_s = Distribution::constant(30);
  }

  void SetUp() override {
    GeoFixture::SetUp();
    provider_.emplace(gateway_, operations_, service_, *geo_);
  }

  http::Response arm(http::Method method, const std::string& target, std::string body = {}) {
    return gateway_.handle(arm::testing::arm_request(method, target, std::move(body)));
  }
  http::Response get(std::string_view server, std::string_view rest = "") {
    return arm(http::Method::kGet, sql_path(server, rest));
  }
  nlohmann::json get_json(std::string_view server, std::string_view rest = "") { return arm::testing::body_json(get(server, rest)); }
  http::Response post(std::string_view server, std::string_view rest) {
    return arm(http::Method::kPost, sql_path(server, rest));
  }
  http::Response put_group(std::string_view server, std::string_view name, const std::string& body) {
    return arm(http::Method::kPut, sql_path(server, "/failoverGroups/" + std::string(name)), body);
  }

  // A failover group PUT body (api-facts 5.2) for hms-fog: hms-weu primary, hms-neu partner, hms.
  static std::string group_body(std::string_view read_write_endpoint) {
    return R"({"properties":{"readWriteEndpoint":)" + std::string(read_write_endpoint) +
           R"(,"readOnlyEndpoint":{"failoverPolicy":"Disabled"},"partnerServers":[{"id":")" + std::string(kServers) +
           R"(hms-neu"}],"databases":[")" + std::string(kServers) + R"(hms-weu/databases/hms"]}})";
  }
  static std::string manual_group_body() { return group_body(R"({"failoverPolicy":"Manual"})"); }

  // Polls an accepted operation the way @azure/core-lro does, in simulated time.
  arm::testing::LroOutcome poll_to_completion(const http::Response& initial) {
    return arm::testing::poll_like_core_lro(
        scheduler_, [this](const http::Request& r) { return gateway_.handle(r); },
        arm::testing::arm_request(http::Method::kGet, "/"), initial, 10000);
  }

  std::string link_path() const { return "/databases/hms/replicationLinks/" + link_id_; }

  // Commits `n` metastore tables on the primary, one every `every`.
  void commit_tables(int n, Duration every, const std::string& prefix = "t") {
    for (int i = 0; i < n; ++i) {
      ASSERT_TRUE(primary_hms_->create_table(table_named(prefix + std::to_string(i))).ok());
      ASSERT_TRUE(scheduler_.run_for(every).ok());
    }
  }

  arm::Gateway gateway_{scheduler_};
  arm::OperationRegistry operations_{scheduler_};
  std::optional<SqlResourceProvider> provider_;
};

}  // namespace drdrill::sql_arm::testing
