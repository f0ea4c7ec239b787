#pragma once
// SqlResourceProvider: Microsoft.Sql over Azure Resource Manager (api-facts 5), registered into an
// arm::Gateway — the same gateway Microsoft.Storage uses, as both live behind
// management.azure.com — and backed by the SQL model: SqlService (servers, databases) and
// GeoReplication (links, failover groups, failover timing). Serving = constructing one of these
// on the shared gateway and registry and keeping it alive; there is nothing else to mount.
//
// Routes (S = /subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.Sql/servers/{server};
// every response JSON is shaped as sql_arm/sql_resource_json.h describes):
//   GET   /subscriptions/{sub}/providers/Microsoft.Sql/servers           {"value":[server...]}
//   GET   /subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.Sql/servers
//   GET   S                                                                the server
//   GET   S/databases, S/databases/{db}                                    databases (master included)
//   GET   S/databases/{db}/replicationLinks, .../replicationLinks/{linkId} links of the database
//   GET   S/replicationLinks                                               links of the server
//   POST  .../replicationLinks/{linkId}/failover                           planned failover (LRO)
//   POST  .../replicationLinks/{linkId}/forceFailoverAllowDataLoss         forced failover (LRO)
//   GET   S/failoverGroups, S/failoverGroups/{fog}                         groups the server is in
//   PUT   S/failoverGroups/{fog}      create (201) on the primary-to-be, or update (200) on the
//                                     primary; body and checks: sql_arm/failover_group_request.h
//   PATCH S/failoverGroups/{fog}      policy, grace period, read-only endpoint (200)
//   DELETE S/failoverGroups/{fog}     200; 204 when there is no such group (ARM's idempotent delete)
//   POST  S/failoverGroups/{fog}/failover | forceFailoverAllowDataLoss | tryPlannedBeforeForcedFailover
//                                     (LROs)
//   GET   /subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.Sql/locations/{location}/
//         {replicationLinks,failoverGroup}{AzureAsyncOperation,OperationResults}/{operationId}
//                                     the polling URLs (arm/operation_registry.h)
//
// Failovers are requested on the server that is to become primary — the current secondary, as in
// Azure (api-facts 5.1, 5.2). On the primary's server a link answers 400
// GeoReplicationDatabaseNotSecondary and a group 400 FailoverGroupFailoverRequestOnPrimary, the
// service's codes. An accepted failover answers 202 with both Azure-AsyncOperation and Location
// (what Microsoft.Sql sends [!]; @azure/core-lro polls the former and, after "Succeeded", GETs the
// latter for the final result) plus Retry-After. The operation ends when the model's failover does
// — forced after its drawn duration (Q2, Triangular(10, 30, 60) s by default), planned once the
// in-flight log has drained plus its base duration (Q3, 30 s) — never after a number of polls;
// the durations are GeoReplicationOptions. Once succeeded, the Location URL answers 200 with the
// link or group as the requesting server now sees it (role Primary); a planned failover that could
// not drain fails with 400 PlannedFailoverTimedOut. tryPlannedBeforeForcedFailover runs a planned
// failover when the primary is reachable and no link is stalled, a forced one otherwise (the
// model decides at the request; the service's fallback after a timed-out planned attempt is not
// modelled).
//
// Failover group creation is synchronous (201 with the group, its new links in SEEDING until the
// copy is done) although the service answers 202; @azure/arm-sql's poller treats a 201 with a body
// as done, so clients see the same end state. Changing an existing group's partner or database set
// is refused (400 FailoverGroupCreateOrUpdateRequestInvalid): the model keeps a group's membership
// fixed.
//
// Error codes: sql_arm/sql_arm_error.h (each with its source). The subscription and resource group
// are the config's (compared ignoring case); every server of the SqlService lives in that one group.
//
// Lifetime: the gateway's routes and a GeoReplication operation listener capture this object. It
// must outlive the gateway's use; the listener is disarmed when it is destroyed, so it may go before
// the GeoReplication. Single-threaded, on the scheduler's thread.

#include <cstdint>
#include <map>
#include <memory>
#include <string>

#include "arm/gateway.h"
#include "arm/operation_registry.h"
#include "arm/resource_scope.h"
#include "http/request.h"
#include "http/response.h"
#include "http/router.h"
#include "sql/geo_replication.h"
#include "sql/sql_service.h"
#include "sql_arm/sql_arm_error.h"
#include "sql_arm/sql_resource_json.h"

namespace drdrill::sql_arm {

struct SqlArmConfig {
  std::string subscription_id = "00000000-0000-0000-0000-000000000000";
  std::string resource_group = "drdrill";
};

class SqlResourceProvider {
 public:
  // Registers the routes above in `gateway` and listens for the end of `geo`'s failovers.
  SqlResourceProvider(arm::Gateway& gateway, arm::OperationRegistry& operations, sql::SqlService& sql,
                      sql::GeoReplication& geo, SqlArmConfig config = {});
  ~SqlResourceProvider();
  SqlResourceProvider(const SqlResourceProvider&) = delete;
  SqlResourceProvider& operator=(const SqlResourceProvider&) = delete;

  const SqlArmConfig& config() const { return config_; }

 private:
  enum class OperationKind { kReplicationLink, kFailoverGroup };
  // An ARM operation waiting for a model failover to end.
  struct PendingOperation {
    std::string arm_id;
    OperationKind kind = OperationKind::kReplicationLink;
    std::string server;  // where the request was made: the viewpoint of the final result
    std::string name;    // link id or group name
  };

  // --- servers and databases ---
  http::Response list_servers(const http::RouteMatch& match) const;
  http::Response get_server(const http::RouteMatch& match) const;
  http::Response list_databases(const http::RouteMatch& match) const;
  http::Response get_database(const http::RouteMatch& match) const;
  // --- replication links ---
  http::Response list_links_of_database(const http::RouteMatch& match) const;
  http::Response list_links_of_server(const http::RouteMatch& match) const;
  http::Response get_link(const http::RouteMatch& match) const;
  http::Response fail_over_link(const http::Request& request, const http::RouteMatch& match, sql::FailoverKind kind);
  // --- failover groups ---
  http::Response list_groups(const http::RouteMatch& match) const;
  http::Response get_group(const http::RouteMatch& match) const;
  http::Response put_group(const http::Request& request, const http::RouteMatch& match);
  http::Response patch_group(const http::Request& request, const http::RouteMatch& match);
  http::Response delete_group(const http::RouteMatch& match);
  enum class GroupFailover { kPlanned, kForced, kTryPlannedBeforeForced };
  http::Response fail_over_group(const http::Request& request, const http::RouteMatch& match, GroupFailover how);
  // --- long-running operations ---
  http::Response poll(const http::RouteMatch& match, OperationKind kind, bool location) const;
  http::Response accept(const http::Request& request, const http::RouteMatch& match, std::uint64_t model_operation,
                        OperationKind kind, const std::string& server, const std::string& name);
  void on_model_operation_finished(const sql::FailoverOperation& op);

  // Lookups that answer the route's error when the thing is not there.
  ArmOutcome<sql::LogicalServer*> find_server(const http::RouteMatch& match, bool nested) const;
  ArmOutcome<sql::Database*> find_database(const http::RouteMatch& match) const;
  ArmOutcome<sql::ReplicationLinkInfo> find_link(const http::RouteMatch& match) const;
  ArmOutcome<sql::FailoverGroupInfo> find_group(const http::RouteMatch& match) const;

  arm::Gateway& gateway_;
  arm::OperationRegistry& operations_;
  sql::SqlService& sql_;
  sql::GeoReplication& geo_;
  SqlArmConfig config_;
  SqlResourceJson json_;
  std::map<std::uint64_t, PendingOperation> pending_;          // by model operation id
  std::map<std::string, OperationKind, std::less<>> issued_;  // ARM operation ids this provider began
  // Expires with this object, so the GeoReplication listener becomes a no-op.
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace drdrill::sql_arm
