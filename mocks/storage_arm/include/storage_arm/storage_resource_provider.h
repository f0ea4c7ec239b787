#pragma once
// StorageResourceProvider: Microsoft.Storage storage accounts over Azure Resource Manager
// (api-facts 4), registered into an arm::Gateway and backed by the same StorageState the Blob
// service serves, with AccountFailovers as the model of failover and reseed.
//
// Routes (relative to the gateway; <acct> = .../resourceGroups/{rg}/providers/Microsoft.Storage/
// storageAccounts/{accountName}):
//   GET   /subscriptions/{sub}/providers/Microsoft.Storage/storageAccounts     list, {"value":[...]}
//   GET   /subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.Storage/storageAccounts
//   GET   <acct>[?$expand=geoReplicationStats]     the account (storage_arm/storage_account_json.h)
//   PATCH <acct>   {"sku":{"name":"Standard_RAGRS"}}: 200 with the account; turning geo-redundancy
//                  back on starts a reseed (the secondary reports Bootstrap until it completes)
//   POST  <acct>/failover[?failoverType=Planned]   long-running: 202 + Location (+ Azure-
//                  AsyncOperation if configured) + Retry-After; completes when the model's failover
//                  does, at the simulated time it chose
//   GET   /subscriptions/{sub}/providers/Microsoft.Storage/locations/{location}/asyncoperations/{id}
//                  with monitor=true: the Location (202 running, 200 done); without: the
//                  Azure-AsyncOperation status JSON (arm/operation_registry.h)
// The subscription and resource group are those of the config (compared ignoring case, as ARM
// does); every account of the StorageState lives in that one resource group.
//
// Error codes (ARM JSON, arm/arm_error.h):
//   unknown subscription / resource group / account   404 SubscriptionNotFound / ResourceGroupNotFound /
//                                                     ResourceNotFound (ARM's wording)
//   $expand=geoReplicationStats on a non-geo account  400 InvalidAccountType "AccountType Standard_LRS
//                                                     is invalid." (observed: Azure/azure-powershell#15290,
//                                                     and the Ansible azure collection catches exactly
//                                                     this code to retry without $expand)
//   failover of a non-geo-redundant account           400 InvalidAccountType (the same code; inferred)
//   failover or sku change while a failover runs      409 StorageAccountOperationInProgress (SRP
//                                                     common error codes)
//   failover while Last Sync Time is unavailable      409 LastSyncTimeUnavailable "Last sync time is
//                                                     unavailable for account <name>" (code and message
//                                                     observed: azure-sdk-for-python#11292,
//                                                     azure-docs#56128; the status is drdrill's choice)
//   planned failover with the primary region down     409 PlannedFailoverNotAllowed (undocumented;
//                                                     drdrill's code)
//   failoverType other than Planned                   400 MissingOrInvalidRequiredQueryParameter
//   PATCH body not JSON / unknown sku                 400 InvalidRequestContent / InvalidRequestPropertyValue
//
// Single-threaded; the gateway's routes capture this object, which must outlive their use.

#include <optional>
#include <string>

#include "arm/arm_error.h"
#include "arm/gateway.h"
#include "arm/operation_registry.h"
#include "arm/resource_scope.h"
#include "http/request.h"
#include "http/response.h"
#include "http/router.h"
#include "storage/account_failover.h"
#include "storage/storage_state.h"
#include "storage_arm/storage_account_json.h"

namespace drdrill::storage_arm {

struct StorageArmConfig {
  std::string subscription_id = "00000000-0000-0000-0000-000000000000";
  std::string resource_group = "drdrill";
  // The blob endpoint as clients reach the blob fake; "{account}" becomes "<name>" or
  // "<name>-secondary". Path style: "http://127.0.0.1:10000/{account}/".
  std::string blob_endpoint = "https://{account}.blob.core.windows.net/";
  // Also send Azure-AsyncOperation on a failover's 202 (Microsoft.Storage itself sends only
  // Location; both are polled correctly by core-lro).
  bool azure_async_operation = false;
};

class StorageResourceProvider {
 public:
  // Registers the routes above in `gateway`.
  StorageResourceProvider(arm::Gateway& gateway, arm::OperationRegistry& operations, storage::StorageState& state,
                          storage::AccountFailovers& failovers, StorageArmConfig config = {});
  StorageResourceProvider(const StorageResourceProvider&) = delete;
  StorageResourceProvider& operator=(const StorageResourceProvider&) = delete;

  const StorageArmConfig& config() const { return config_; }

 private:
  http::Response list(const http::RouteMatch& match) const;
  http::Response get(const http::RouteMatch& match) const;
  http::Response patch(const http::Request& request, const http::RouteMatch& match);
  http::Response failover(const http::Request& request, const http::RouteMatch& match);
  http::Response poll(const http::RouteMatch& match) const;

  // The account a route names, or the error to answer.
  storage::Account* find_account(const http::RouteMatch& match, arm::ArmError& error) const;

  arm::Gateway& gateway_;
  arm::OperationRegistry& operations_;
  storage::StorageState& state_;
  storage::AccountFailovers& failovers_;
  StorageArmConfig config_;
  AccountJsonContext context_;
};

}  // namespace drdrill::storage_arm
