#pragma once
// The ARM representations of Microsoft.Sql resources, computed from the SQL model (SqlService for
// servers and databases, GeoReplication for links and groups) as GET, list and the failover
// operations' final results return them. Member order follows the REST reference examples
// (azure-rest-api-specs Microsoft.Sql 2021-11-01 / 2023-08-01), so byte-exact tests read like them.
//
// Server (ServerGet.json):
//   {"id":".../providers/Microsoft.Sql/servers/<s>","name":<s>,"type":"Microsoft.Sql/servers",
//    "location":<region>,"kind":"v12.0","properties":{"fullyQualifiedDomainName":"<s>.database.windows.net",
//    "version":"12.0","state":"Ready","publicNetworkAccess":"Enabled"}}
// Database (CreateDatabaseMin.json, the fields a client reads):
//   {"id":".../servers/<s>/databases/<d>","name":<d>,"type":"Microsoft.Sql/servers/databases",
//    "location":<region>,"kind":"v12.0,user" ("v12.0,system" for master),
//    "properties":{"collation":"SQL_Latin1_General_CP1_CI_AS","status":...,"databaseId":<GUID>,
//    "secondaryType":"Geo"}}                        secondaryType only on a geo-secondary
//   status: "Online"; "Copying" while a link seeds it [Inf: the service's status during seeding is
//   not documented]; "Offline" while a failover moves it or its server is unreachable (clients get
//   40613 then) [Inf]. databaseId is derived from server and database names, so it is stable.
// Replication link (api-facts 5.1; ReplicationLinkListByDatabase.json), as the server in the path sees it:
//   {"id":".../servers/<s>/databases/<d>/replicationLinks/<guid>","name":<guid>,
//    "type":"Microsoft.Sql/servers/databases/replicationLinks",
//    "properties":{"partnerServer":...,"partnerDatabase":...,"partnerLocation":"North Europe",
//    "role":"Primary"|"Secondary","partnerRole":...,"replicationMode":"ASYNC","startTime":...,
//    "percentComplete":100 (0 while seeding),"replicationState":"SEEDING"|"CATCH_UP"|"SUSPENDED",
//    "isTerminationAllowed":...,"linkType":"GEO"}}
//   The link id is the model's (a GUID drawn from the seeded "sql.replication.ids" stream, so the
//   same seed and topology give the same ids) and is the same seen from either side.
//   isTerminationAllowed is false inside a failover group (the group owns the link) or while a
//   failover runs.
// Failover group (api-facts 5.2; FailoverGroupCreateOrUpdate.json), as the server in the path sees it:
//   {"id":".../servers/<s>/failoverGroups/<g>","name":<g>,"type":"Microsoft.Sql/servers/failoverGroups",
//    "location":"West Europe","properties":{
//      "readWriteEndpoint":{"failoverPolicy":"Automatic","failoverWithDataLossGracePeriodMinutes":60},
//                           (no grace period under Manual)
//      "readOnlyEndpoint":{"failoverPolicy":"Disabled"|"Enabled"},
//      "replicationRole":"Primary"|"Secondary","replicationState":...,
//      "partnerServers":[{"id":...,"location":...,"replicationRole":...}],
//      "databases":[ids of the group's databases on <s>]}}
//   replicationState is the least advanced of its links (SEEDING, then SUSPENDED, then CATCH_UP).
// "location" of servers and databases is the region's programmatic name ("westeurope"); the
// reference examples give partnerLocation and the group's locations as display names ("Japan
// East"), and so does drdrill (region_display_name()).

#include <string>
#include <string_view>
#include <utility>

#include "arm/arm_json.h"
#include "arm/resource_scope.h"
#include "sql/geo_replication.h"
#include "sql/logical_server.h"
#include "sql/replication_link.h"
#include "sql/sql_service.h"

namespace drdrill::sql_arm {

inline constexpr std::string_view kServerType = "Microsoft.Sql/servers";
inline constexpr std::string_view kDatabaseType = "Microsoft.Sql/servers/databases";
inline constexpr std::string_view kReplicationLinkType = "Microsoft.Sql/servers/databases/replicationLinks";
inline constexpr std::string_view kFailoverGroupType = "Microsoft.Sql/servers/failoverGroups";

// "northeurope" -> "North Europe" for the common public regions; any other name as given.
std::string region_display_name(std::string_view region);

// A GUID-shaped string derived from `seed` alone (a 128-bit FNV-1a hash), for identifiers the
// service assigns once and never changes (databaseId).
std::string stable_guid(std::string_view seed);

// Resource ids under the scope.
std::string server_id(const arm::ResourceScope& scope, std::string_view server);
std::string database_id(const arm::ResourceScope& scope, std::string_view server, std::string_view database);
std::string failover_group_id(const arm::ResourceScope& scope, std::string_view server, std::string_view group);

// Reads the model; `sql` is non-const only because its lookups are.
class SqlResourceJson {
 public:
  SqlResourceJson(arm::ResourceScope scope, sql::SqlService& sql, const sql::GeoReplication& geo)
      : scope_(std::move(scope)), sql_(sql), geo_(geo) {}

  const arm::ResourceScope& scope() const { return scope_; }

  arm::Json server(const sql::LogicalServer& server) const;
  arm::Json database(const sql::LogicalServer& server, const sql::Database& database) const;
  // `viewpoint` is the server in the request path: one of the link's two servers.
  arm::Json replication_link(const sql::ReplicationLinkInfo& link, std::string_view viewpoint) const;
  // `viewpoint` is one of the group's two servers.
  arm::Json failover_group(const sql::FailoverGroupInfo& group, std::string_view viewpoint) const;

 private:
  std::string region_of(std::string_view server) const;

  arm::ResourceScope scope_;
  sql::SqlService& sql_;
  const sql::GeoReplication& geo_;
};

}  // namespace drdrill::sql_arm
