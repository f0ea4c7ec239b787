#pragma once
// The ARM representation of a storage account (api-facts 4.3), as GET, PATCH and list return it,
// computed from the one StorageState the Blob service also serves.
//
//   {"id":"/subscriptions/<sub>/resourceGroups/<rg>/providers/Microsoft.Storage/storageAccounts/<name>",
//    "name":..., "type":"Microsoft.Storage/storageAccounts", "location":<home region>,
//    "kind":"StorageV2", "sku":{"name":"Standard_RAGRS","tier":"Standard"},
//    "properties":{"provisioningState":"Succeeded",
//      "primaryLocation":..., "statusOfPrimary":"available"|"unavailable",
//      "secondaryLocation":..., "statusOfSecondary":...,           geo-redundant accounts only
//      "primaryEndpoints":{"blob":...},
//      "secondaryEndpoints":{"blob":...},                           RA-GRS / RA-GZRS only
//      "lastGeoFailoverTime":...,                                   after a failover
//      "failoverInProgress":true,                                   while one runs
//      "geoReplicationStats":{"status":"Live"|"Bootstrap"|"Unavailable",
//        "lastSyncTime":...,                                        when available, to the second
//        "canFailover":..., "canPlannedFailover":...,
//        "postFailoverRedundancy":"Standard_LRS", "postPlannedFailoverRedundancy":<current SKU>}}}
//                                                                   only when expanded
// - "location" is the region the account was created in: the resource provider does not fail over
//   (dr-parameters 2a.9), while primaryLocation/secondaryLocation follow failovers.
// - Endpoints are the blob fake's served base URLs (only blob is served, so only blob is listed).
// - A region is "unavailable" while it is down or while a failover makes the endpoints unavailable.
// - After an unplanned failover the account is LRS, so the secondary fields are absent (the real
//   service's null-vs-absent is unconfirmed; absent is what the JS client tolerates either way).
// - canFailover / canPlannedFailover are exactly whether AccountFailovers would accept one now.
// - Times are ISO 8601 UTC; Last Sync Time is floored to the second (S9: the service's granularity;
//   flooring keeps "everything before it has arrived" true).

#include <string>

#include "arm/arm_json.h"
#include "arm/resource_scope.h"
#include "core/time.h"
#include "storage/account.h"
#include "storage/account_failover.h"
#include "storage/storage_state.h"

namespace drdrill::storage_arm {

struct AccountJsonContext {
  arm::ResourceScope scope;
  // The blob endpoint URL with "{account}" standing for "<name>" or "<name>-secondary".
  std::string blob_endpoint;
};

inline constexpr std::string_view kStorageAccountType = "Microsoft.Storage/storageAccounts";

// The blob endpoint for an account label ("acct" or "acct-secondary").
std::string blob_endpoint(const AccountJsonContext& context, std::string_view account_label);

arm::Json storage_account_json(const AccountJsonContext& context, const storage::StorageState& state,
                               const storage::AccountFailovers& failovers, const storage::Account& account,
                               TimePoint now, bool with_geo_replication_stats);

}  // namespace drdrill::storage_arm
