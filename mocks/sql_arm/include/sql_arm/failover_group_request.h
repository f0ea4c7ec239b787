#pragma once
// The body of a failover group PUT (create or update) or PATCH (api-facts 5.2), parsed and checked
// the way Microsoft.Sql checks it, before anything reaches the model:
//
//   {"properties":{
//     "readWriteEndpoint":{"failoverPolicy":"Automatic"|"Manual",
//                          "failoverWithDataLossGracePeriodMinutes":480},
//     "readOnlyEndpoint":{"failoverPolicy":"Enabled"|"Disabled"},
//     "partnerServers":[{"id":"/subscriptions/.../providers/Microsoft.Sql/servers/<partner>"}],
//     "databases":["/subscriptions/.../providers/Microsoft.Sql/servers/<primary>/databases/<db>"]},
//    "tags":{...}}                                                   tags are accepted and ignored
//
// Read-write endpoint rules (FailoverGroupCreateOrUpdateRequest* codes, sql_arm_error.h):
// failoverPolicy required; Automatic requires failoverWithDataLossGracePeriodMinutes, which must be
// >= 0 and >= 60 (the minimum: dr-parameters Q5); Manual must not carry one. A PUT must have
// readWriteEndpoint and partnerServers; a PATCH may leave either out. Resource ids are compared
// ignoring ASCII case, as ARM compares them, and must name this scope's subscription and resource
// group. Read-only members a client echoes back (replicationRole, ...) are ignored.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "arm/resource_scope.h"
#include "sql/replication_link.h"
#include "sql_arm/sql_arm_error.h"

namespace drdrill::sql_arm {

struct ReadWriteEndpoint {
  sql::FailoverPolicy policy = sql::FailoverPolicy::kManual;
  std::optional<std::int64_t> grace_period_minutes;  // present only under Automatic
};

struct FailoverGroupRequest {
  std::optional<ReadWriteEndpoint> read_write;
  std::optional<bool> read_only_endpoint_enabled;
  // Server names from partnerServers[].id; database (server, name) pairs from databases[].
  std::optional<std::vector<std::string>> partner_servers;
  struct DatabaseRef {
    std::string server;
    std::string database;
  };
  std::optional<std::vector<DatabaseRef>> databases;
};

enum class FailoverGroupVerb { kPut, kPatch };

// Shape and endpoint-rule checks only; whether the servers and databases exist is the caller's.
ArmOutcome<FailoverGroupRequest> parse_failover_group_request(std::string_view body, FailoverGroupVerb verb,
                                                              const arm::ResourceScope& scope);

// The server name of ".../providers/Microsoft.Sql/servers/<name>" in `scope`, or nullopt.
std::optional<std::string> server_name_from_id(std::string_view id, const arm::ResourceScope& scope);

}  // namespace drdrill::sql_arm
