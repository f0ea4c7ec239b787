#pragma once
// The Azure SQL side of a scenario: logical servers with their logins and databases, how databases
// are geo-replicated (plain replication links or failover groups), the timings of replication and
// failover, and the DNS TTLs clients see. The engine builds sql::SqlService servers and a
// sql::GeoReplication (mocks/sql) from it.
//
// Defaults come from shared/reference/dr-parameters.md; the row is cited on each one.

#include <array>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/distribution.h"
#include "core/time.h"
#include "sim/enum_names.h"

namespace drdrill::sim {

struct SqlLogin {
  std::string user;
  std::string password;

  friend bool operator==(const SqlLogin&, const SqlLogin&) = default;
};

struct SqlServer {
  std::string name;    // the logical server: <name>.database.windows.net
  std::string region;
  std::string admin_user = "sqladmin";
  std::string admin_password = "Drill-Admin-1";
  // Logins belong to the server and are not geo-replicated (behaviour 2b.9): a secondary server
  // needs its own copy of the metastore's login.
  std::vector<SqlLogin> logins;
  // Databases created on this server before the drill (the primaries). Secondaries are created by
  // replication links and failover groups, not listed here.
  std::vector<std::string> databases;

  bool has_login(std::string_view user) const;       // case-insensitive, as SQL Server compares
  bool has_database(std::string_view database) const;  // case-insensitive

  friend bool operator==(const SqlServer&, const SqlServer&) = default;
};

// Active geo-replication of one database (no failover group): after a failover the endpoint is a
// different server, so clients must be re-pointed (behaviour 2b.6).
struct ReplicationLink {
  std::string database;
  std::string primary;    // server holding the database
  std::string secondary;  // server that gets the readable secondary

  friend bool operator==(const ReplicationLink&, const ReplicationLink&) = default;
};

enum class FailoverPolicy { kManual, kAutomatic };

template <>
struct EnumNames<FailoverPolicy> {
  static constexpr std::array kEntries{
      std::pair{FailoverPolicy::kManual, std::string_view{"Manual"}},
      std::pair{FailoverPolicy::kAutomatic, std::string_view{"Automatic"}},
  };
};

// A failover group: its databases fail over together and clients use the listeners
// <name>.database.windows.net (read-write) and <name>.secondary.database.windows.net (read-only),
// which move with the roles (behaviour 2b.5).
struct FailoverGroup {
  std::string name;
  std::string primary;
  std::string secondary;
  std::vector<std::string> databases;
  // 2b.4: customer-managed ("Manual") is recommended; Microsoft-managed fails over only after the
  // grace period, for a whole region.
  FailoverPolicy policy = FailoverPolicy::kManual;
  // Q5: 1 h, also the minimum for the Automatic policy.
  Duration grace_period = std::chrono::hours(1);
  bool read_only_endpoint = false;

  friend bool operator==(const FailoverGroup&, const FailoverGroup&) = default;
};

// Timings of geo-replication and failover, for every link and group of the scenario.
struct SqlReplicationTimings {
  // Q1: RPO 5 s (SLA), << 1 s typical: log-normal, median 0.5 s, p99 5 s.
  Distribution lag_s = Distribution::lognormal(0.5, 5);
  // Q2: forced failover, request to promoted secondary: Triangular(10, 30, 60) s.
  Distribution forced_failover_s = Distribution::triangular(10, 30, 60);
  // Q3: planned failover: 30 s plus the time to drain the log still in flight.
  Distribution planned_failover_base_s = Distribution::constant(30);
  // Q9: seeding and re-seeding throughput, GB per hour: U(50, 500).
  Distribution seeding_gb_per_hour = Distribution::uniform(50, 500);
  // D10: under the Automatic policy, Microsoft's action after the grace period: "likely several
  // hours"; 1 h + LogN(median 4 h) suggested, so median 4 h here (p99 12 h is an assumption).
  Distribution automatic_failover_delay_s = Distribution::lognormal(4 * 3600.0, 12 * 3600.0);

  friend bool operator==(const SqlReplicationTimings&, const SqlReplicationTimings&) = default;
};

// How long clients keep a DNS answer for Azure SQL names.
struct SqlDns {
  // Q4: failover group listeners carry a 30 s TTL.
  Duration listener_ttl = std::chrono::seconds(30);
  // A server's own name never moves; its TTL only bounds client caching (an assumption, as the
  // SQL model's kServerRecordTtl).
  Duration server_record_ttl = std::chrono::minutes(5);
  // The client's own cap on caching (a JVM's networkaddress.cache.ttl, 30 s by default; D5).
  Duration client_cache_ttl = std::chrono::seconds(30);

  friend bool operator==(const SqlDns&, const SqlDns&) = default;
};

struct SqlTopology {
  std::vector<SqlServer> servers;
  std::vector<ReplicationLink> replication_links;
  std::vector<FailoverGroup> failover_groups;
  SqlReplicationTimings replication;
  SqlDns dns;

  const SqlServer* server(std::string_view name) const;  // case-insensitive, as DNS names
  const FailoverGroup* failover_group(std::string_view name) const;
  // The link or group that replicates `database` (case-insensitive); null if none does.
  const ReplicationLink* link_of(std::string_view database) const;
  const FailoverGroup* failover_group_of(std::string_view database) const;

  friend bool operator==(const SqlTopology&, const SqlTopology&) = default;
};

}  // namespace drdrill::sim
