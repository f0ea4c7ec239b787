#include "storage_arm/storage_account_json.h"

#include <chrono>
#include <utility>

namespace drdrill::storage_arm {

using storage::Account;
using storage::FailoverType;
using storage::GeoReplicationStatus;
using storage::OutageMode;

namespace {

std::string_view arm_status(GeoReplicationStatus status) {
  switch (status) {
    case GeoReplicationStatus::kLive: return "Live";
    case GeoReplicationStatus::kBootstrap: return "Bootstrap";
    case GeoReplicationStatus::kUnavailable: return "Unavailable";
  }
  return "Unavailable";
}

std::string_view region_status(const storage::StorageState& state, const Account& account, const std::string& region) {
  const bool up = state.outages().mode(region) == OutageMode::kNone && account.failover().endpoints_down == OutageMode::kNone;
  return up ? "available" : "unavailable";
}

}  // namespace

std::string blob_endpoint(const AccountJsonContext& context, std::string_view account_label) {
  static constexpr std::string_view kPlaceholder = "{account}";
  std::string url = context.blob_endpoint;
  for (std::size_t at = url.find(kPlaceholder); at != std::string::npos; at = url.find(kPlaceholder, at)) {
    url.replace(at, kPlaceholder.size(), account_label);
    at += account_label.size();
  }
  return url;
}

arm::Json storage_account_json(const AccountJsonContext& context, const storage::StorageState& state,
                               const storage::AccountFailovers& failovers, const Account& account, TimePoint now,
                               bool with_geo_replication_stats) {
  const storage::Redundancy redundancy = account.redundancy();
  const bool geo = storage::is_geo_redundant(redundancy);
  const std::string& primary = account.config().primary_location;
  const std::string& secondary = account.config().secondary_location;

  arm::Json sku;
  sku["name"] = std::string(storage::sku_name(redundancy));
  sku["tier"] = "Standard";

  arm::Json properties;
  properties["provisioningState"] = "Succeeded";
  properties["primaryLocation"] = primary;
  properties["statusOfPrimary"] = std::string(region_status(state, account, primary));
  if (geo) {
    properties["secondaryLocation"] = secondary;
    properties["statusOfSecondary"] = std::string(region_status(state, account, secondary));
  }
  arm::Json primary_endpoints;
  primary_endpoints["blob"] = blob_endpoint(context, account.name());
  properties["primaryEndpoints"] = std::move(primary_endpoints);
  if (storage::has_readable_secondary(redundancy)) {
    arm::Json secondary_endpoints;
    secondary_endpoints["blob"] = blob_endpoint(context, account.name() + "-secondary");
    properties["secondaryEndpoints"] = std::move(secondary_endpoints);
  }
  if (const auto& last = account.failover().last_geo_failover_time) {
    properties["lastGeoFailoverTime"] = arm::format_arm_time(*last);
  }
  if (account.failover().in_progress) properties["failoverInProgress"] = true;
  if (with_geo_replication_stats && geo) {
    const storage::GeoReplicationStats stats = storage::reported_geo_replication_stats(state, account, now);
    arm::Json geo_stats;
    geo_stats["status"] = std::string(arm_status(stats.status));
    if (stats.last_sync_time) {
      geo_stats["lastSyncTime"] =
          arm::format_arm_time(TimePoint(std::chrono::floor<std::chrono::seconds>(*stats.last_sync_time)));
    }
    geo_stats["canFailover"] = !failovers.check(account, FailoverType::kUnplanned).has_value();
    geo_stats["canPlannedFailover"] = !failovers.check(account, FailoverType::kPlanned).has_value();
    geo_stats["postFailoverRedundancy"] = std::string(storage::sku_name(storage::Redundancy::kLrs));
    geo_stats["postPlannedFailoverRedundancy"] = std::string(storage::sku_name(redundancy));
    properties["geoReplicationStats"] = std::move(geo_stats);
  }

  arm::Json resource;
  resource["id"] = context.scope.resource_id(kStorageAccountType, account.name());
  resource["name"] = account.name();
  resource["type"] = std::string(kStorageAccountType);
  resource["location"] = account.home_location();
  resource["kind"] = "StorageV2";
  resource["sku"] = std::move(sku);
  resource["properties"] = std::move(properties);
  return resource;
}

}  // namespace drdrill::storage_arm
