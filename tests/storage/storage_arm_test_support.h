#pragma once
// Shared by the Microsoft.Storage ARM tests: a FailoverWorld (one account, its Blob service and
// failover model on a simulated scheduler) behind an ARM gateway with the storage resource
// provider, and requests as @azure/arm-storage sends them.

#include <string>

#include <nlohmann/json.hpp>

#include "../arm/arm_test_support.h"
#include "../arm/core_lro_poller.h"
#include "arm/gateway.h"
#include "arm/operation_registry.h"
#include "failover_test_support.h"
#include "storage_arm/storage_resource_provider.h"

namespace drdrill::storage_arm::testing {

inline constexpr std::string_view kAccountPath =
    "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/drdrill/providers/Microsoft.Storage/"
    "storageAccounts/devstoreaccount1";
inline constexpr std::string_view kApiVersion = "?api-version=2026-04-01";

class StorageArmWorld : public storage::testing::FailoverWorld {
 public:
  explicit StorageArmWorld(Duration lag = 2min, storage::FailoverConfig config = storage::testing::fixed_failover_config(),
                           storage::Redundancy redundancy = storage::Redundancy::kRaGrs, StorageArmConfig arm_config = {})
      : FailoverWorld(lag, std::move(config), redundancy),
        provider_(gateway_, operations_, state(), failovers(), std::move(arm_config)) {}

  arm::Gateway& gateway() { return gateway_; }
  arm::OperationRegistry& operations() { return operations_; }

  http::Response arm(http::Method method, std::string target, std::string body = {}) {
    return gateway_.handle(arm::testing::arm_request(method, std::move(target), std::move(body)));
  }
  http::Response get_account(std::string_view query = kApiVersion) {
    return arm(http::Method::kGet, std::string(kAccountPath) + std::string(query));
  }
  nlohmann::json account_json(std::string_view query = "?api-version=2026-04-01&%24expand=geoReplicationStats") {
    return arm::testing::body_json(get_account(query));
  }
  http::Response post_failover(std::string_view extra_query = "") {
    return arm(http::Method::kPost, std::string(kAccountPath) + "/failover" + std::string(kApiVersion) + std::string(extra_query));
  }
  http::Response patch_sku(std::string_view sku) {
    return arm(http::Method::kPatch, std::string(kAccountPath) + std::string(kApiVersion),
               R"({"sku":{"name":")" + std::string(sku) + R"("}})");
  }
  // Polls an accepted operation the way @azure/core-lro does, in simulated time.
  arm::testing::LroOutcome poll_to_completion(const http::Response& initial) {
    return arm::testing::poll_like_core_lro(
        scheduler(), [this](const http::Request& r) { return gateway_.handle(r); },
        arm::testing::arm_request(http::Method::kGet, "/"), initial);
  }

 private:
  arm::Gateway gateway_{scheduler()};
  arm::OperationRegistry operations_{scheduler()};
  StorageResourceProvider provider_;
};

}  // namespace drdrill::storage_arm::testing
