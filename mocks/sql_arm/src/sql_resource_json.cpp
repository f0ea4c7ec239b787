#include "sql_arm/sql_resource_json.h"

#include <array>
#include <cstdint>
#include <cstdio>
#include <utility>

#include "http/headers.h"

namespace drdrill::sql_arm {
namespace {

bool same_name(std::string_view a, std::string_view b) { return http::iequals(a, b); }

std::string_view role_name(bool primary) { return primary ? "Primary" : "Secondary"; }

// The order in which a group's replicationState reports its links: the least advanced wins.
int state_rank(sql::LinkState state) {
  switch (state) {
    case sql::LinkState::kSeeding: return 2;
    case sql::LinkState::kSuspended: return 1;
    case sql::LinkState::kCatchUp: return 0;
  }
  return 2;
}

}  // namespace

std::string region_display_name(std::string_view region) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 26> kNames{{
      {"australiaeast", "Australia East"},
      {"brazilsouth", "Brazil South"},
      {"canadacentral", "Canada Central"},
      {"canadaeast", "Canada East"},
      {"centralindia", "Central India"},
      {"centralus", "Central US"},
      {"eastasia", "East Asia"},
      {"eastus", "East US"},
      {"eastus2", "East US 2"},
      {"francecentral", "France Central"},
      {"germanywestcentral", "Germany West Central"},
      {"japaneast", "Japan East"},
      {"japanwest", "Japan West"},
      {"northcentralus", "North Central US"},
      {"northeurope", "North Europe"},
      {"norwayeast", "Norway East"},
      {"southcentralus", "South Central US"},
      {"southeastasia", "Southeast Asia"},
      {"swedencentral", "Sweden Central"},
      {"switzerlandnorth", "Switzerland North"},
      {"uksouth", "UK South"},
      {"ukwest", "UK West"},
      {"westcentralus", "West Central US"},
      {"westeurope", "West Europe"},
      {"westus", "West US"},
      {"westus2", "West US 2"},
  }};
  for (const auto& [name, display] : kNames) {
    if (same_name(name, region)) return std::string(display);
  }
  return std::string(region);
}

std::string stable_guid(std::string_view seed) {
  // Two FNV-1a passes with different offset bases give 128 bits; the layout is a version-4 GUID's.
  auto fnv = [seed](std::uint64_t basis) {
    std::uint64_t h = basis;
    for (unsigned char c : seed) {
      h ^= c;
      h *= 0x100000001b3ULL;
    }
    return h;
  };
  const std::uint64_t hi = fnv(0xcbf29ce484222325ULL);
  const std::uint64_t lo = fnv(0x84222325cbf29ce4ULL);
  char text[37];
  std::snprintf(text, sizeof text, "%08x-%04x-4%03x-%04x-%012llx", static_cast<unsigned>(hi >> 32),
                static_cast<unsigned>((hi >> 16) & 0xffff), static_cast<unsigned>(hi & 0x0fff),
                static_cast<unsigned>(0x8000 | ((lo >> 48) & 0x3fff)), static_cast<unsigned long long>(lo & 0xffffffffffffULL));
  return text;
}

std::string server_id(const arm::ResourceScope& scope, std::string_view server) {
  return scope.resource_id(kServerType, server);
}

std::string database_id(const arm::ResourceScope& scope, std::string_view server, std::string_view database) {
  return server_id(scope, server) + "/databases/" + std::string(database);
}

std::string failover_group_id(const arm::ResourceScope& scope, std::string_view server, std::string_view group) {
  return server_id(scope, server) + "/failoverGroups/" + std::string(group);
}

std::string SqlResourceJson::region_of(std::string_view server) const {
  const sql::LogicalServer* s = sql_.server(server);
  return s == nullptr ? std::string() : s->region();
}

arm::Json SqlResourceJson::server(const sql::LogicalServer& server) const {
  arm::Json properties;
  properties["fullyQualifiedDomainName"] = server.host();
  properties["version"] = "12.0";
  // The control plane keeps the server "Ready" through a regional outage of its data plane.
  properties["state"] = "Ready";
  properties["publicNetworkAccess"] = "Enabled";

  arm::Json resource;
  resource["id"] = server_id(scope_, server.name());
  resource["name"] = server.name();
  resource["type"] = std::string(kServerType);
  resource["location"] = server.region();
  resource["kind"] = "v12.0";
  resource["properties"] = std::move(properties);
  return resource;
}

arm::Json SqlResourceJson::database(const sql::LogicalServer& server, const sql::Database& database) const {
  const bool master = same_name(database.name(), sql::kMasterDatabase);
  bool seeding = false;
  bool geo_secondary = false;
  for (const auto& link : geo_.links_of(server.name(), database.name())) {
    if (!same_name(link.secondary_server, server.name())) continue;
    geo_secondary = true;
    seeding = seeding || link.state == sql::LinkState::kSeeding;
  }
  std::string status = "Online";
  if (seeding) {
    status = "Copying";
  } else if (!database.online() || !sql_.reachable(server.name())) {
    status = "Offline";
  }

  arm::Json properties;
  properties["collation"] = "SQL_Latin1_General_CP1_CI_AS";
  properties["status"] = status;
  properties["databaseId"] = stable_guid(server.name() + "/" + database.name());
  if (geo_secondary) properties["secondaryType"] = "Geo";

  arm::Json resource;
  resource["id"] = database_id(scope_, server.name(), database.name());
  resource["name"] = database.name();
  resource["type"] = std::string(kDatabaseType);
  resource["location"] = server.region();
  resource["kind"] = master ? "v12.0,system" : "v12.0,user";
  resource["properties"] = std::move(properties);
  return resource;
}

arm::Json SqlResourceJson::replication_link(const sql::ReplicationLinkInfo& link, std::string_view viewpoint) const {
  const bool local_primary = same_name(viewpoint, link.primary_server);
  const std::string& local = local_primary ? link.primary_server : link.secondary_server;
  const std::string& partner = local_primary ? link.secondary_server : link.primary_server;

  arm::Json properties;
  properties["partnerServer"] = partner;
  properties["partnerDatabase"] = link.database;
  properties["partnerLocation"] = region_display_name(region_of(partner));
  properties["role"] = std::string(role_name(local_primary));
  properties["partnerRole"] = std::string(role_name(!local_primary));
  properties["replicationMode"] = "ASYNC";
  properties["startTime"] = arm::format_arm_time(link.start_time);
  properties["percentComplete"] = link.state == sql::LinkState::kSeeding ? 0 : 100;
  properties["replicationState"] = std::string(sql::to_string(link.state));
  properties["isTerminationAllowed"] = link.failover_group.empty() && !link.failover_in_progress;
  properties["linkType"] = "GEO";

  arm::Json resource;
  resource["id"] = database_id(scope_, local, link.database) + "/replicationLinks/" + link.id;
  resource["name"] = link.id;
  resource["type"] = std::string(kReplicationLinkType);
  resource["properties"] = std::move(properties);
  return resource;
}

arm::Json SqlResourceJson::failover_group(const sql::FailoverGroupInfo& group, std::string_view viewpoint) const {
  const sql::FailoverGroupSpec& spec = group.spec;
  const bool local_primary = same_name(viewpoint, spec.primary_server);
  const std::string& local = local_primary ? spec.primary_server : spec.secondary_server;
  const std::string& partner = local_primary ? spec.secondary_server : spec.primary_server;

  arm::Json read_write;
  read_write["failoverPolicy"] = std::string(sql::to_string(spec.policy));
  if (spec.policy == sql::FailoverPolicy::kAutomatic) {
    read_write["failoverWithDataLossGracePeriodMinutes"] =
        std::chrono::duration_cast<std::chrono::minutes>(spec.grace_period).count();
  }
  arm::Json read_only;
  read_only["failoverPolicy"] = spec.read_only_endpoint_enabled ? "Enabled" : "Disabled";

  sql::LinkState state = sql::LinkState::kCatchUp;
  arm::Json databases = arm::Json::array();
  for (const auto& id : group.link_ids) {
    const auto link = geo_.link(id);
    if (!link.ok()) continue;
    if (state_rank(link->state) > state_rank(state)) state = link->state;
    databases.push_back(database_id(scope_, local, link->database));
  }

  arm::Json partner_server;
  partner_server["id"] = server_id(scope_, partner);
  partner_server["location"] = region_display_name(region_of(partner));
  partner_server["replicationRole"] = std::string(role_name(!local_primary));

  arm::Json properties;
  properties["readWriteEndpoint"] = std::move(read_write);
  properties["readOnlyEndpoint"] = std::move(read_only);
  properties["replicationRole"] = std::string(role_name(local_primary));
  properties["replicationState"] = std::string(sql::to_string(state));
  properties["partnerServers"] = arm::Json::array({std::move(partner_server)});
  properties["databases"] = std::move(databases);

  arm::Json resource;
  resource["id"] = failover_group_id(scope_, local, spec.name);
  resource["name"] = spec.name;
  resource["type"] = std::string(kFailoverGroupType);
  resource["location"] = region_display_name(region_of(local));
  resource["properties"] = std::move(properties);
  return resource;
}

}  // namespace drdrill::sql_arm
