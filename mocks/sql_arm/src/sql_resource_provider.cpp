#include "sql_arm/sql_resource_provider.h"

#include <algorithm>
#include <set>
#include <string_view>
#include <utility>

#include "arm/resource_scope.h"
#include "core/ascii_case.h"
#include "http/headers.h"
#include "http/url.h"
#include "sql_arm/failover_group_request.h"

namespace drdrill::sql_arm {

using arm::kResourceGroupRoute;
using arm::kSubscriptionRoute;
using arm::route_pattern;
using http::Method;
using http::Request;
using http::Response;
using http::RouteMatch;

namespace {

constexpr std::string_view kServers = "/providers/Microsoft.Sql/servers";

bool same_name(std::string_view a, std::string_view b) { return http::iequals(a, b); }

// 8-4-4-4-12 hex digits: what Microsoft.Sql accepts as a link name.
bool is_guid(std::string_view s) {
  if (s.size() != 36) return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? s[i] != '-' : std::isxdigit(static_cast<unsigned char>(s[i])) == 0) return false;
  }
  return true;
}

// Failover group names become DNS labels (<fog>.database.windows.net): lower-case letters, digits
// and '-', not at either end, at most 63 characters.
bool is_group_name(std::string_view s) {
  if (s.empty() || s.size() > 63 || s.front() == '-' || s.back() == '-') return false;
  return std::all_of(s.begin(), s.end(), [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; });
}

Response render(const arm::ArmError& error) { return arm::render_error(error); }

Response list_body(arm::Json value) {
  arm::Json body;
  body["value"] = std::move(value);
  return arm::json_response(200, body);
}

bool serves(const sql::FailoverGroupInfo& group, std::string_view server) {
  return same_name(group.spec.primary_server, server) || same_name(group.spec.secondary_server, server);
}

bool serves(const sql::ReplicationLinkInfo& link, std::string_view server) {
  return same_name(link.primary_server, server) || same_name(link.secondary_server, server);
}

}  // namespace

SqlResourceProvider::SqlResourceProvider(arm::Gateway& gateway, arm::OperationRegistry& operations, sql::SqlService& sql,
                                         sql::GeoReplication& geo, SqlArmConfig config)
    : gateway_(gateway),
      operations_(operations),
      sql_(sql),
      geo_(geo),
      config_(std::move(config)),
      json_(arm::ResourceScope{config_.subscription_id, config_.resource_group}, sql_, geo_) {
  http::Router& routes = gateway_.routes();
  auto get = [this](Response (SqlResourceProvider::*fn)(const RouteMatch&) const) {
    return [this, fn](const Request&, const RouteMatch& m) { return (this->*fn)(m); };
  };
  routes.add(Method::kGet, route_pattern({kSubscriptionRoute, kServers}), get(&SqlResourceProvider::list_servers));
  routes.add(Method::kGet, route_pattern({kSubscriptionRoute, kResourceGroupRoute, kServers}), get(&SqlResourceProvider::list_servers));

  const std::string server = route_pattern({kSubscriptionRoute, kResourceGroupRoute, kServers, "/{serverName}"});
  routes.add(Method::kGet, server, get(&SqlResourceProvider::get_server));
  routes.add(Method::kGet, server + "/databases", get(&SqlResourceProvider::list_databases));
  const std::string database = server + "/databases/{databaseName}";
  routes.add(Method::kGet, database, get(&SqlResourceProvider::get_database));

  routes.add(Method::kGet, database + "/replicationLinks", get(&SqlResourceProvider::list_links_of_database));
  const std::string link = database + "/replicationLinks/{linkId}";
  routes.add(Method::kGet, link, get(&SqlResourceProvider::get_link));
  routes.add(Method::kPost, link + "/failover", [this](const Request& r, const RouteMatch& m) {
    return fail_over_link(r, m, sql::FailoverKind::kPlanned);
  });
  routes.add(Method::kPost, link + "/forceFailoverAllowDataLoss", [this](const Request& r, const RouteMatch& m) {
    return fail_over_link(r, m, sql::FailoverKind::kForced);
  });
  routes.add(Method::kGet, server + "/replicationLinks", get(&SqlResourceProvider::list_links_of_server));

  routes.add(Method::kGet, server + "/failoverGroups", get(&SqlResourceProvider::list_groups));
  const std::string group = server + "/failoverGroups/{failoverGroupName}";
  routes.add(Method::kGet, group, get(&SqlResourceProvider::get_group));
  routes.add(Method::kPut, group, [this](const Request& r, const RouteMatch& m) { return put_group(r, m); });
  routes.add(Method::kPatch, group, [this](const Request& r, const RouteMatch& m) { return patch_group(r, m); });
  routes.add(Method::kDelete, group, [this](const Request&, const RouteMatch& m) { return delete_group(m); });
  routes.add(Method::kPost, group + "/failover", [this](const Request& r, const RouteMatch& m) {
    return fail_over_group(r, m, GroupFailover::kPlanned);
  });
  routes.add(Method::kPost, group + "/forceFailoverAllowDataLoss", [this](const Request& r, const RouteMatch& m) {
    return fail_over_group(r, m, GroupFailover::kForced);
  });
  routes.add(Method::kPost, group + "/tryPlannedBeforeForcedFailover", [this](const Request& r, const RouteMatch& m) {
    return fail_over_group(r, m, GroupFailover::kTryPlannedBeforeForced);
  });

  const std::string locations = route_pattern({kSubscriptionRoute, kResourceGroupRoute, "/providers/Microsoft.Sql/locations/{locationName}/"});
  struct PollRoute {
    std::string_view segment;
    OperationKind kind;
    bool location;
  };
  for (const PollRoute& route : {PollRoute{"replicationLinksAzureAsyncOperation", OperationKind::kReplicationLink, false},
                                 PollRoute{"replicationLinksOperationResults", OperationKind::kReplicationLink, true},
                                 PollRoute{"failoverGroupAzureAsyncOperation", OperationKind::kFailoverGroup, false},
                                 PollRoute{"failoverGroupOperationResults", OperationKind::kFailoverGroup, true}}) {
    routes.add(Method::kGet, locations + std::string(route.segment) + "/{operationId}",
               [this, route](const Request&, const RouteMatch& m) { return poll(m, route.kind, route.location); });
  }

  geo_.on_operation_finished([this, alive = std::weak_ptr<bool>(alive_)](const sql::FailoverOperation& op) {
    if (!alive.expired()) on_model_operation_finished(op);
  });
}

SqlResourceProvider::~SqlResourceProvider() { alive_.reset(); }

// --- lookups ---

ArmOutcome<sql::LogicalServer*> SqlResourceProvider::find_server(const RouteMatch& match, bool nested) const {
  if (auto error = json_.scope().check(match.params)) return std::move(*error);
  const std::string_view name = match.params.at("serverName");
  sql::LogicalServer* server = sql_.server(name);
  if (server == nullptr) {
    // ARM answers for the server itself; below it, ARM's nested-resource check answers first.
    return nested ? errors::parent_server_not_found(name)
                  : errors::server_not_found(name, match.params.at("resourceGroupName"));
  }
  return server;
}

ArmOutcome<sql::Database*> SqlResourceProvider::find_database(const RouteMatch& match) const {
  auto server = find_server(match, true);
  if (!server.ok()) return std::move(server).error();
  const std::string_view name = match.params.at("databaseName");
  sql::Database* database = (*server)->database(name);
  if (database == nullptr) return errors::nested_not_found("databases", name);
  return database;
}

ArmOutcome<sql::ReplicationLinkInfo> SqlResourceProvider::find_link(const RouteMatch& match) const {
  auto database = find_database(match);
  if (!database.ok()) return std::move(database).error();
  const std::string_view id = match.params.at("linkId");
  if (!is_guid(id)) return errors::link_name_invalid();
  auto link = geo_.link(id);
  if (!link.ok() || !same_name(link->database, (*database)->name()) || !serves(*link, match.params.at("serverName"))) {
    return errors::nested_not_found("databases/replicationLinks", id);
  }
  return std::move(link).value();
}

ArmOutcome<sql::FailoverGroupInfo> SqlResourceProvider::find_group(const RouteMatch& match) const {
  auto server = find_server(match, true);
  if (!server.ok()) return std::move(server).error();
  const std::string_view name = match.params.at("failoverGroupName");
  auto group = geo_.failover_group(name);
  if (!group.ok() || !serves(*group, (*server)->name())) return errors::nested_not_found("failoverGroups", name);
  return std::move(group).value();
}

// --- servers and databases ---

Response SqlResourceProvider::list_servers(const RouteMatch& match) const {
  if (auto error = json_.scope().check(match.params)) return render(*error);
  arm::Json value = arm::Json::array();
  for (const auto& name : sql_.server_names()) value.push_back(json_.server(*sql_.server(name)));
  return list_body(std::move(value));
}

Response SqlResourceProvider::get_server(const RouteMatch& match) const {
  auto server = find_server(match, false);
  if (!server.ok()) return render(server.error());
  return arm::json_response(200, json_.server(**server));
}

Response SqlResourceProvider::list_databases(const RouteMatch& match) const {
  auto server = find_server(match, true);
  if (!server.ok()) return render(server.error());
  arm::Json value = arm::Json::array();
  for (const auto& name : (*server)->database_names()) value.push_back(json_.database(**server, *(*server)->database(name)));
  return list_body(std::move(value));
}

Response SqlResourceProvider::get_database(const RouteMatch& match) const {
  auto database = find_database(match);
  if (!database.ok()) return render(database.error());
  return arm::json_response(200, json_.database(*sql_.server(match.params.at("serverName")), **database));
}

// --- replication links ---

Response SqlResourceProvider::list_links_of_database(const RouteMatch& match) const {
  auto database = find_database(match);
  if (!database.ok()) return render(database.error());
  const std::string_view server = match.params.at("serverName");
  arm::Json value = arm::Json::array();
  for (const auto& link : geo_.links_of(server, (*database)->name())) value.push_back(json_.replication_link(link, server));
  return list_body(std::move(value));
}

Response SqlResourceProvider::list_links_of_server(const RouteMatch& match) const {
  auto server = find_server(match, true);
  if (!server.ok()) return render(server.error());
  arm::Json value = arm::Json::array();
  for (const auto& link : geo_.links()) {  // by link id
    if (serves(link, (*server)->name())) value.push_back(json_.replication_link(link, (*server)->name()));
  }
  return list_body(std::move(value));
}

Response SqlResourceProvider::get_link(const RouteMatch& match) const {
  auto link = find_link(match);
  if (!link.ok()) return render(link.error());
  return arm::json_response(200, json_.replication_link(*link, match.params.at("serverName")));
}

Response SqlResourceProvider::fail_over_link(const Request& request, const RouteMatch& match, sql::FailoverKind kind) {
  auto found = find_link(match);
  if (!found.ok()) return render(found.error());
  const sql::ReplicationLinkInfo& link = *found;
  const std::string server = same_name(link.primary_server, match.params.at("serverName")) ? link.primary_server
                                                                                             : link.secondary_server;
  // The checks the service makes, in the order a client meets them, before the model is asked.
  if (server == link.primary_server) return render(errors::database_not_secondary());
  if (!link.failover_group.empty()) return render(errors::link_in_failover_group());
  if (link.failover_in_progress) return render(errors::database_busy(link.database));
  if (link.state == sql::LinkState::kSeeding || link.secondary_needs_reseed) {
    return render(errors::incorrect_link_state("the secondary " + link.secondary_server + "/" + link.database +
                                               " is not a complete copy yet (seeding)"));
  }
  if (kind == sql::FailoverKind::kPlanned) {
    if (!sql_.reachable(link.primary_server)) {
      return render(errors::planned_failover_timed_out("the primary " + link.primary_server +
                                                       " is unreachable; use forceFailoverAllowDataLoss"));
    }
    if (link.stalled) return render(errors::planned_failover_timed_out("replication link " + link.id + " is stalled"));
  }
  auto started = kind == sql::FailoverKind::kPlanned ? geo_.failover(link.id) : geo_.force_failover(link.id);
  if (!started.ok()) return render(errors::from_model(started.status()));
  return accept(request, match, *started, OperationKind::kReplicationLink, server, link.id);
}

// --- failover groups ---

Response SqlResourceProvider::list_groups(const RouteMatch& match) const {
  auto server = find_server(match, true);
  if (!server.ok()) return render(server.error());
  arm::Json value = arm::Json::array();
  for (const auto& group : geo_.failover_groups()) {  // by name
    if (serves(group, (*server)->name())) value.push_back(json_.failover_group(group, (*server)->name()));
  }
  return list_body(std::move(value));
}

Response SqlResourceProvider::get_group(const RouteMatch& match) const {
  auto group = find_group(match);
  if (!group.ok()) return render(group.error());
  return arm::json_response(200, json_.failover_group(*group, match.params.at("serverName")));
}

namespace {

// What a PUT or PATCH asks of an existing group, checked against it: the model keeps a group's
// partner and databases fixed, so only the endpoints may change.
ArmOutcome<sql::FailoverGroupSpec> updated_spec(const sql::FailoverGroupInfo& group, const FailoverGroupRequest& request,
                                                const sql::GeoReplication& geo) {
  sql::FailoverGroupSpec spec = group.spec;
  if (request.partner_servers && !same_name(request.partner_servers->front(), spec.secondary_server)) {
    return errors::group_request_invalid("drdrill does not model moving a failover group to another partner server");
  }
  if (request.databases) {
    std::set<std::string> asked;
    for (const auto& ref : *request.databases) {
      if (!same_name(ref.server, spec.primary_server)) return errors::group_request_invalid_database_server();
      asked.insert(ascii_lower(ref.database));
    }
    std::set<std::string> current;
    for (const auto& id : group.link_ids) {
      if (auto link = geo.link(id); link.ok()) current.insert(ascii_lower(link->database));
    }
    if (asked != current) {
      return errors::group_request_invalid("drdrill does not model adding databases to or removing them from an existing group");
    }
  }
  if (request.read_write) {
    spec.policy = request.read_write->policy;
    if (request.read_write->grace_period_minutes) spec.grace_period = std::chrono::minutes(*request.read_write->grace_period_minutes);
  }
  if (request.read_only_endpoint_enabled) spec.read_only_endpoint_enabled = *request.read_only_endpoint_enabled;
  return spec;
}

}  // namespace

Response SqlResourceProvider::put_group(const Request& request, const RouteMatch& match) {
  auto found_server = find_server(match, true);
  if (!found_server.ok()) return render(found_server.error());
  sql::LogicalServer& server = **found_server;
  auto parsed = parse_failover_group_request(request.body, FailoverGroupVerb::kPut, json_.scope());
  if (!parsed.ok()) return render(parsed.error());
  const FailoverGroupRequest& body = *parsed;
  const std::string_view name = match.params.at("failoverGroupName");

  if (auto existing = geo_.failover_group(name); existing.ok()) {
    if (same_name(existing->spec.secondary_server, server.name())) return render(errors::group_change_on_secondary());
    if (!same_name(existing->spec.primary_server, server.name())) return render(errors::group_already_exists());
    if (existing->failover_in_progress) return render(errors::group_busy());
    auto spec = updated_spec(*existing, body, geo_);
    if (!spec.ok()) return render(spec.error());
    if (Status s = geo_.update_failover_group(spec->name, spec->policy, spec->grace_period, spec->read_only_endpoint_enabled);
        !s.ok()) {
      return render(errors::from_model(s));
    }
    return arm::json_response(200, json_.failover_group(*geo_.failover_group(name), server.name()));
  }

  // Creation, on the server that is to be the primary.
  if (!is_group_name(name)) return render(errors::invalid_group_name(name));
  if (sql_.server(name) != nullptr) return render(errors::group_dns_record_in_use(name));
  const std::string& partner_name = body.partner_servers->front();
  sql::LogicalServer* partner = sql_.server(partner_name);
  if (partner == nullptr) return render(errors::partner_server_not_found(partner_name));
  if (partner == &server) return render(errors::group_request_duplicate_partner());
  if (same_name(partner->region(), server.region())) return render(errors::same_region_partner());

  sql::FailoverGroupSpec spec;
  spec.name = std::string(name);
  spec.primary_server = server.name();
  spec.secondary_server = partner->name();
  spec.policy = body.read_write->policy;
  if (body.read_write->grace_period_minutes) spec.grace_period = std::chrono::minutes(*body.read_write->grace_period_minutes);
  spec.read_only_endpoint_enabled = body.read_only_endpoint_enabled.value_or(false);
  std::set<std::string> seen;
  for (const auto& ref : body.databases.value_or(std::vector<FailoverGroupRequest::DatabaseRef>{})) {
    if (!same_name(ref.server, server.name())) return render(errors::group_request_invalid_database_server());
    if (same_name(ref.database, sql::kMasterDatabase)) return render(errors::reserved_database_name());
    const sql::Database* database = server.database(ref.database);
    if (database == nullptr) return render(errors::group_request_invalid_database_server());
    for (const auto& link : geo_.links_of(server.name(), database->name())) {
      if (!link.failover_group.empty()) return render(errors::database_in_other_group(database->name(), link.failover_group));
      if (same_name(link.secondary_server, server.name())) return render(errors::database_not_primary(database->name()));
    }
    if (seen.insert(ascii_lower(database->name())).second) spec.databases.push_back(database->name());
  }
  if (Status s = geo_.create_failover_group(spec); !s.ok()) return render(errors::from_model(s));
  return arm::json_response(201, json_.failover_group(*geo_.failover_group(name), server.name()));
}

Response SqlResourceProvider::patch_group(const Request& request, const RouteMatch& match) {
  auto group = find_group(match);
  if (!group.ok()) return render(group.error());
  const std::string_view server = match.params.at("serverName");
  if (same_name(group->spec.secondary_server, server)) return render(errors::group_change_on_secondary());
  if (group->failover_in_progress) return render(errors::group_busy());
  auto parsed = parse_failover_group_request(request.body, FailoverGroupVerb::kPatch, json_.scope());
  if (!parsed.ok()) return render(parsed.error());
  auto spec = updated_spec(*group, *parsed, geo_);
  if (!spec.ok()) return render(spec.error());
  if (Status s = geo_.update_failover_group(spec->name, spec->policy, spec->grace_period, spec->read_only_endpoint_enabled);
      !s.ok()) {
    return render(errors::from_model(s));
  }
  return arm::json_response(200, json_.failover_group(*geo_.failover_group(spec->name), server));
}

Response SqlResourceProvider::delete_group(const RouteMatch& match) {
  auto server = find_server(match, true);
  if (!server.ok()) return render(server.error());
  auto group = geo_.failover_group(match.params.at("failoverGroupName"));
  if (!group.ok() || !serves(*group, (*server)->name())) return Response::empty(204);
  if (same_name(group->spec.secondary_server, (*server)->name())) return render(errors::group_change_on_secondary());
  if (group->failover_in_progress) return render(errors::group_busy());
  if (Status s = geo_.delete_failover_group(group->spec.name); !s.ok()) return render(errors::from_model(s));
  return Response::empty(200);
}

Response SqlResourceProvider::fail_over_group(const Request& request, const RouteMatch& match, GroupFailover how) {
  auto found = find_group(match);
  if (!found.ok()) return render(found.error());
  const sql::FailoverGroupInfo& group = *found;
  const std::string_view server = match.params.at("serverName");
  if (same_name(group.spec.primary_server, server)) return render(errors::group_failover_on_primary());
  if (group.failover_in_progress) return render(errors::group_busy());
  bool stalled = false;
  for (const auto& id : group.link_ids) {
    const auto link = geo_.link(id);
    if (!link.ok()) continue;
    if (link->state == sql::LinkState::kSeeding || link->secondary_needs_reseed) {
      return render(errors::incorrect_link_state("the secondary " + link->secondary_server + "/" + link->database +
                                                 " is not a complete copy yet (seeding)"));
    }
    stalled = stalled || link->stalled;
  }
  Result<std::uint64_t> started = Status::Internal("unreachable");
  switch (how) {
    case GroupFailover::kPlanned:
      if (!sql_.reachable(group.spec.primary_server)) {
        return render(errors::planned_failover_timed_out("the primary " + group.spec.primary_server +
                                                         " is unreachable; use forceFailoverAllowDataLoss"));
      }
      if (stalled) return render(errors::planned_failover_timed_out("a replication link of the group is stalled"));
      started = geo_.failover_group_failover(group.spec.name);
      break;
    case GroupFailover::kForced: started = geo_.failover_group_force_failover(group.spec.name); break;
    case GroupFailover::kTryPlannedBeforeForced:
      started = geo_.failover_group_try_planned_before_forced(group.spec.name);
      break;
  }
  if (!started.ok()) return render(errors::from_model(started.status()));
  return accept(request, match, *started, OperationKind::kFailoverGroup, group.spec.secondary_server, group.spec.name);
}

// --- long-running operations ---

Response SqlResourceProvider::accept(const Request& request, const RouteMatch& match, std::uint64_t model_operation,
                                     OperationKind kind, const std::string& server, const std::string& name) {
  const std::string id = operations_.begin();
  issued_.emplace(id, kind);
  pending_[model_operation] = PendingOperation{id, kind, server, name};

  // The operation lives under the region of the server the request was made on, as Microsoft.Sql's do
  // (".../providers/Microsoft.Sql/locations/<region>/failoverGroupAzureAsyncOperation/<id>").
  const sql::LogicalServer* requested = sql_.server(server);
  const std::string region = requested == nullptr ? std::string() : requested->region();
  const std::string api_version = http::percent_encode(match.query.iget("api-version").value_or(""));
  const std::string base = "/subscriptions/" + config_.subscription_id + "/resourceGroups/" + config_.resource_group +
                           "/providers/Microsoft.Sql/locations/" + http::percent_encode(region) + "/" +
                           (kind == OperationKind::kReplicationLink ? "replicationLinks" : "failoverGroup");
  arm::OperationLinks links;
  links.location = base + "OperationResults/" + id + "?api-version=" + api_version;
  links.azure_async_operation = base + "AzureAsyncOperation/" + id + "?api-version=" + api_version;
  return operations_.accepted(id, gateway_.base_url(request), links);
}

void SqlResourceProvider::on_model_operation_finished(const sql::FailoverOperation& op) {
  const auto it = pending_.find(op.id);
  if (it == pending_.end()) return;  // an automatic failover, or one started without ARM
  const PendingOperation pending = std::move(it->second);
  pending_.erase(it);
  if (op.state != sql::OperationState::kSucceeded) {
    operations_.fail(pending.arm_id, errors::planned_failover_timed_out(op.error));
    return;
  }
  // The final result: the resource as the requesting server now sees it (role Primary).
  std::optional<arm::Json> result;
  if (pending.kind == OperationKind::kReplicationLink) {
    if (auto link = geo_.link(pending.name); link.ok()) result = json_.replication_link(*link, pending.server);
  } else if (auto group = geo_.failover_group(pending.name); group.ok()) {
    result = json_.failover_group(*group, pending.server);
  }
  operations_.succeed(pending.arm_id, std::move(result));
}

Response SqlResourceProvider::poll(const RouteMatch& match, OperationKind kind, bool location) const {
  if (auto error = json_.scope().check(match.params)) return render(*error);
  const std::string_view id = match.params.at("operationId");
  // Only this provider's operations, and each under its own kind of URL. The {locationName}
  // segment is not checked: the URL is ours, and clients follow it as given.
  const auto issued = issued_.find(id);
  if (issued == issued_.end() || issued->second != kind) return render(arm::errors::operation_not_found(id));
  return location ? operations_.poll_location(id) : operations_.poll_status(id);
}

}  // namespace drdrill::sql_arm
