#include "sql/sql_service.h"

#include <set>

#include "core/ascii_case.h"

namespace drdrill::sql {
namespace {

bool matches(const std::string& pattern, std::string_view name) { return pattern.empty() || equals_ignoring_ascii_case(pattern, name); }

}  // namespace

std::string_view to_string(Reachability r) {
  switch (r) {
    case Reachability::kReachable: return "reachable";
    case Reachability::kRefused: return "refused";
    case Reachability::kTimedOut: return "timed-out";
  }
  return "unknown";
}

SqlService::SqlService(const Clock& clock, std::filesystem::path storage_dir)
    : clock_(clock), storage_dir_(std::move(storage_dir)) {}

SqlService::~SqlService() = default;

Result<LogicalServer*> SqlService::create_server(const ServerSpec& spec) {
  const std::string key = ascii_lower(spec.name);
  if (servers_.contains(key)) return Status::AlreadyExists("server " + spec.name + " already exists");
  if (spec.admin_user.empty()) return Status::InvalidArgument("server " + spec.name + " needs an admin login");
  auto server = LogicalServer::create(spec.name, spec.region, clock_, storage_dir_);
  if (!server.ok()) return server.status();
  DRDRILL_RETURN_IF_ERROR((*server)->add_login(spec.admin_user, spec.admin_password));
  DRDRILL_RETURN_IF_ERROR(dns_.add_server(spec.name));
  LogicalServer* raw = server->get();
  servers_.emplace(key, std::move(server).value());
  return raw;
}

LogicalServer* SqlService::server(std::string_view name) {
  auto it = servers_.find(ascii_lower(name));
  return it == servers_.end() ? nullptr : it->second.get();
}

std::vector<std::string> SqlService::server_names() const {
  std::vector<std::string> out;
  for (const auto& [key, s] : servers_) out.push_back(s->name());
  return out;
}

Database* SqlService::database(std::string_view server_name, std::string_view database_name) {
  LogicalServer* s = server(server_name);
  return s == nullptr ? nullptr : s->database(database_name);
}

Reachability SqlService::reachability(std::string_view server_name) const {
  auto it = servers_.find(ascii_lower(server_name));
  if (it == servers_.end()) return Reachability::kRefused;
  if (auto region = region_reachability_.find(it->second->region()); region != region_reachability_.end()) {
    if (region->second != Reachability::kReachable) return region->second;
  }
  if (auto own = server_reachability_.find(it->first); own != server_reachability_.end()) return own->second;
  return Reachability::kReachable;
}

Reachability SqlService::region_reachability(std::string_view region) const {
  auto it = region_reachability_.find(region);
  return it == region_reachability_.end() ? Reachability::kReachable : it->second;
}

void SqlService::set_server_reachability(std::string_view server_name, Reachability r) {
  std::map<std::string, Reachability> before;
  for (const auto& [key, s] : servers_) before[s->name()] = reachability(key);
  server_reachability_[ascii_lower(server_name)] = r;
  for (const auto& [name, was] : before) {
    const Reachability now = reachability(name);
    if (now != was) {
      for (const auto& listener : reachability_listeners_) listener(name, now);
    }
  }
}

void SqlService::set_region_reachability(std::string_view region, Reachability r) {
  std::map<std::string, Reachability> before;
  for (const auto& [key, s] : servers_) before[s->name()] = reachability(key);
  region_reachability_[std::string(region)] = r;
  for (const auto& [name, was] : before) {
    const Reachability now = reachability(name);
    if (now != was) {
      for (const auto& listener : reachability_listeners_) listener(name, now);
    }
  }
}

void SqlService::on_reachability_change(ReachabilityListener listener) {
  reachability_listeners_.push_back(std::move(listener));
}

FaultId SqlService::inject_fault(FaultRule rule) {
  const FaultId id = next_fault_id_++;
  faults_.emplace(id, std::move(rule));
  return id;
}

bool SqlService::remove_fault(FaultId id) { return faults_.erase(id) > 0; }

std::optional<SqlError> SqlService::take_fault(std::string_view server_name, std::string_view database_name,
                                               SqlOperation operation) {
  for (auto it = faults_.begin(); it != faults_.end(); ++it) {
    FaultRule& rule = it->second;
    if (rule.operation != operation || !matches(rule.server, server_name) || !matches(rule.database, database_name)) {
      continue;
    }
    SqlError error = rule.error;
    if (error.server.empty() && error.number != sql_errno::kClientDriver) error.server = std::string(server_name);
    if (rule.remaining > 0 && --rule.remaining == 0) faults_.erase(it);
    return error;
  }
  return std::nullopt;
}

SqlResult<SqlConnection> SqlService::open_connection(const LoginRequest& request) {
  LogicalServer* s = server(request.server);
  if (s == nullptr) return SqlError::unknown_host(request.host, request.port);
  switch (reachability(request.server)) {
    case Reachability::kReachable: break;
    case Reachability::kRefused: return SqlError::connection_refused(request.host, request.port);
    case Reachability::kTimedOut: return SqlError::connect_timed_out(request.host, request.port, request.login_timeout);
  }
  const std::string database_name = request.database.empty() ? std::string(kMasterDatabase) : request.database;
  if (auto fault = take_fault(s->name(), database_name, SqlOperation::kConnect)) return *std::move(fault);
  DRDRILL_RETURN_IF_FAILED(s->authenticate(request.user, request.password));
  Database* db = s->database(database_name);
  if (db == nullptr) return SqlError::cannot_open_database(database_name, s->name());
  if (!db->online()) return SqlError::database_unavailable(db->name(), s->name());
  return SqlConnection(*this, s->name(), db->name(), request.user, db->generation());
}

}  // namespace drdrill::sql
