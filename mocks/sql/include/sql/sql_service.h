#pragma once
// SqlService: the Azure SQL model's state and data plane — logical servers in regions, their
// databases and logins, the DNS zone clients resolve, and what a client reaches when it connects.
// It never schedules anything: time-driven behaviour (shipping commits, failover durations, the
// automatic failover policy) lives in GeoReplication, which drives this state. The ARM endpoints
// are a thin layer over both.
//
// Hooks for drills:
// - reachability per server and per region (an outage): connections are refused or time out;
// - fault rules: a chosen SqlError on connect, reads or writes of a server/database, N times or
//   until removed;
// - listeners told when a server's reachability changes (geo-replication stalls on them).
// Not thread-safe.

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "sql/logical_server.h"
#include "sql/sql_connection.h"
#include "sql/sql_dns.h"
#include "sql/sql_error.h"

namespace drdrill::sql {

enum class Reachability {
  kReachable,
  kRefused,   // TCP connection refused at once
  kTimedOut,  // nothing answers: a connect costs the client its loginTimeout
};
std::string_view to_string(Reachability r);

enum class SqlOperation { kConnect, kRead, kWrite };

// An injected error. Empty server/database match any. Fires `remaining` times (-1: until removed).
struct FaultRule {
  std::string server;
  std::string database;
  SqlOperation operation = SqlOperation::kWrite;
  SqlError error;
  int remaining = -1;
};
using FaultId = std::uint64_t;

struct ServerSpec {
  std::string name;
  std::string region;
  std::string admin_user;
  std::string admin_password;
};

// What a client presents once it has resolved a host name to a server.
struct LoginRequest {
  std::string server;    // logical server name the host resolved to
  std::string database;  // empty: master
  std::string user;
  std::string password;
  std::string host;      // as the client wrote it, for driver error messages
  int port = 1433;
  Duration login_timeout = 15s;
};

class SqlService {
 public:
  // `storage_dir` empty: every database in memory (simulated drills); otherwise WAL files below it.
  explicit SqlService(const Clock& clock, std::filesystem::path storage_dir = {});
  SqlService(const SqlService&) = delete;
  SqlService& operator=(const SqlService&) = delete;
  ~SqlService();

  const Clock& clock() const { return clock_; }

  // Creates the server with its admin login and registers its DNS name.
  Result<LogicalServer*> create_server(const ServerSpec& spec);
  LogicalServer* server(std::string_view name);
  std::vector<std::string> server_names() const;
  // The database `database` on `server`, or null.
  Database* database(std::string_view server, std::string_view database);

  SqlDnsZone& dns() { return dns_; }
  const SqlDnsZone& dns() const { return dns_; }

  // --- outage hooks ---
  void set_server_reachability(std::string_view server, Reachability reachability);
  void set_region_reachability(std::string_view region, Reachability reachability);
  // A region outage overrides the server's own setting.
  Reachability reachability(std::string_view server) const;
  Reachability region_reachability(std::string_view region) const;
  bool reachable(std::string_view server) const { return reachability(server) == Reachability::kReachable; }
  using ReachabilityListener = std::function<void(const std::string& server, Reachability now)>;
  // Called, in server-name order, for each server whose effective reachability changed.
  void on_reachability_change(ReachabilityListener listener);

  // --- error injection ---
  FaultId inject_fault(FaultRule rule);
  bool remove_fault(FaultId id);
  // The error of the first matching rule (consuming one firing), if any.
  std::optional<SqlError> take_fault(std::string_view server, std::string_view database, SqlOperation operation);

  // --- data plane ---
  // Connects: reachability, injected connect faults, login (18456), database exists (4060),
  // database online (40613), in that order, as a client meets them.
  SqlResult<SqlConnection> open_connection(const LoginRequest& request);

 private:
  const Clock& clock_;
  std::filesystem::path storage_dir_;
  std::map<std::string, std::unique_ptr<LogicalServer>, std::less<>> servers_;  // lower-case name
  SqlDnsZone dns_;
  std::map<std::string, Reachability, std::less<>> server_reachability_;
  std::map<std::string, Reachability, std::less<>> region_reachability_;
  std::vector<ReachabilityListener> reachability_listeners_;
  std::map<FaultId, FaultRule> faults_;  // ordered: the oldest matching rule fires first
  FaultId next_fault_id_ = 1;
};

}  // namespace drdrill::sql
