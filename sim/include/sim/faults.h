#pragma once
// Faults: what goes wrong during a drill, each active during a TimeWindow. Each kind is a struct
// naming what it hits; `kKind` is its spelling in scenario files. The engine turns each into the
// service models' hooks (noted on each kind).

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "core/distribution.h"
#include "core/time.h"
#include "sim/enum_names.h"
#include "sim/time_window.h"

namespace drdrill::sim {

// How an unreachable service looks to a client.
enum class OutageMode {
  kHang,         // connections are accepted and never answered: clients wait for their timeouts
  kRefuse,       // connections are refused at once
  kUnavailable,  // requests are answered with the service's "unavailable" error (503, SQL 40613)
};

template <>
struct EnumNames<OutageMode> {
  static constexpr std::array kEntries{
      std::pair{OutageMode::kHang, std::string_view{"hang"}},
      std::pair{OutageMode::kRefuse, std::string_view{"refuse"}},
      std::pair{OutageMode::kUnavailable, std::string_view{"unavailable"}},
  };
};

// Every service of the region: storage endpoints there (primary or secondary), SQL servers, the
// workspace control planes and their clusters' compute (B3, 2c.1).
struct RegionOutage {
  static constexpr std::string_view kKind = "region_outage";
  std::string region;
  // A dead region does not answer (an inference; no documented client experience).
  OutageMode mode = OutageMode::kHang;
  friend bool operator==(const RegionOutage&, const RegionOutage&) = default;
};

// One account's primary endpoint (the secondary keeps serving).
struct StorageOutage {
  static constexpr std::string_view kKind = "storage_outage";
  std::string account;
  OutageMode mode = OutageMode::kUnavailable;
  friend bool operator==(const StorageOutage&, const StorageOutage&) = default;
};

struct SqlServerOutage {
  static constexpr std::string_view kKind = "sql_server_outage";
  std::string server;
  OutageMode mode = OutageMode::kUnavailable;
  friend bool operator==(const SqlServerOutage&, const SqlServerOutage&) = default;
};

// One workspace's control plane (REST API, schedules); running clusters keep running (2c.1).
struct WorkspaceOutage {
  static constexpr std::string_view kKind = "workspace_outage";
  std::string workspace;
  OutageMode mode = OutageMode::kUnavailable;
  friend bool operator==(const WorkspaceOutage&, const WorkspaceOutage&) = default;
};

// The regions cannot reach each other: storage and SQL replication stop (both sides keep serving
// their own clients).
struct InterRegionPartition {
  static constexpr std::string_view kKind = "partition";
  friend bool operator==(const InterRegionPartition&, const InterRegionPartition&) = default;
};

// Writes acknowledged during the window take `factor` times their drawn lag (storage GeoReplication
// add_lag_spike).
struct StorageLagSpike {
  static constexpr std::string_view kKind = "storage_lag_spike";
  std::string account;
  double factor = 1;
  friend bool operator==(const StorageLagSpike&, const StorageLagSpike&) = default;
};

// Nothing reaches the account's secondary during the window (storage GeoReplication add_stall).
struct StorageReplicationStall {
  static constexpr std::string_view kKind = "storage_replication_stall";
  std::string account;
  friend bool operator==(const StorageReplicationStall&, const StorageReplicationStall&) = default;
};

// Commits acknowledged during the window take `extra_lag` longer (sql GeoReplication set_extra_lag).
struct SqlLagSpike {
  static constexpr std::string_view kKind = "sql_lag_spike";
  std::string database;
  Duration extra_lag{0};
  friend bool operator==(const SqlLagSpike&, const SqlLagSpike&) = default;
};

// The database's link ships nothing during the window (sql GeoReplication stall/resume).
struct SqlReplicationStall {
  static constexpr std::string_view kKind = "sql_replication_stall";
  std::string database;
  friend bool operator==(const SqlReplicationStall&, const SqlReplicationStall&) = default;
};

enum class StorageErrorCode { kServerBusy, kInternalError, kOperationTimedOut };

template <>
struct EnumNames<StorageErrorCode> {
  static constexpr std::array kEntries{
      std::pair{StorageErrorCode::kServerBusy, std::string_view{"ServerBusy"}},
      std::pair{StorageErrorCode::kInternalError, std::string_view{"InternalError"}},
      std::pair{StorageErrorCode::kOperationTimedOut, std::string_view{"OperationTimedOut"}},
  };
};

enum class StorageEndpoint { kPrimary, kSecondary, kBoth };

template <>
struct EnumNames<StorageEndpoint> {
  static constexpr std::array kEntries{
      std::pair{StorageEndpoint::kPrimary, std::string_view{"primary"}},
      std::pair{StorageEndpoint::kSecondary, std::string_view{"secondary"}},
      std::pair{StorageEndpoint::kBoth, std::string_view{"both"}},
  };
};

// Blob operations as the storage model names them (storage::to_string(BlobOperation)).
inline constexpr std::array<std::string_view, 17> kBlobOperationNames{
    "ListContainers", "GetServiceStats", "GetAccountInfo", "CreateContainer", "DeleteContainer",
    "GetContainerProperties", "SetContainerMetadata", "ListBlobs", "PutBlob", "PutBlock", "PutBlockList",
    "GetBlockList", "GetBlob", "GetBlobProperties", "SetBlobMetadata", "SetBlobProperties", "DeleteBlob"};

// A share of matching blob requests fails (storage ErrorInjector rules).
struct StorageErrorStorm {
  static constexpr std::string_view kKind = "storage_error_storm";
  double rate = 0;  // probability per matching request, (0, 1]
  StorageErrorCode error = StorageErrorCode::kServerBusy;  // 503 ServerBusy: how storage throttles
  std::string account;    // empty: every account
  StorageEndpoint endpoint = StorageEndpoint::kBoth;
  std::string operation;  // one of kBlobOperationNames; empty: every operation
  friend bool operator==(const StorageErrorStorm&, const StorageErrorStorm&) = default;
};

// SQL error numbers a storm may raise: the documented transient list (2b.7, Q7).
inline constexpr std::array<std::int64_t, 10> kTransientSqlErrors{40613, 40501, 40197, 49918, 49919,
                                                                  49920, 4060,  4221,  615,   926};

enum class SqlOperationKind { kConnect, kRead, kWrite, kAny };

template <>
struct EnumNames<SqlOperationKind> {
  static constexpr std::array kEntries{
      std::pair{SqlOperationKind::kConnect, std::string_view{"connect"}},
      std::pair{SqlOperationKind::kRead, std::string_view{"read"}},
      std::pair{SqlOperationKind::kWrite, std::string_view{"write"}},
      std::pair{SqlOperationKind::kAny, std::string_view{"any"}},
  };
};

// A share of matching SQL calls fails with a transient error (sql SqlService fault rules, drawn
// per call by the engine).
struct SqlErrorStorm {
  static constexpr std::string_view kKind = "sql_error_storm";
  double rate = 0;
  std::int64_t error = 40613;  // "database not currently available" (2b.7)
  std::string server;          // empty: every server
  std::string database;        // empty: every database
  SqlOperationKind operation = SqlOperationKind::kAny;
  friend bool operator==(const SqlErrorStorm&, const SqlErrorStorm&) = default;
};

// A share of matching REST calls fails with 429 REQUEST_LIMIT_EXCEEDED or 503
// TEMPORARILY_UNAVAILABLE (databricks ApiFaults rules).
struct DatabricksErrorStorm {
  static constexpr std::string_view kKind = "databricks_error_storm";
  double rate = 0;
  std::int64_t error = 429;
  std::string workspace;        // empty: every workspace
  std::string operation = "*";  // "jobs/run-now", "clusters/*", "*"
  friend bool operator==(const DatabricksErrorStorm&, const DatabricksErrorStorm&) = default;
};

// Storage failovers requested during the window take this long instead (S3's tail and beyond).
struct SlowStorageFailover {
  static constexpr std::string_view kKind = "slow_storage_failover";
  std::string account;  // empty: every account
  Distribution failover_s = Distribution::constant(0);
  friend bool operator==(const SlowStorageFailover&, const SlowStorageFailover&) = default;
};

// Cluster starts in the region fail (CLOUD_PROVIDER_RESOURCE_STOCKOUT) or are slower (databricks
// CapacityFault and ClusterTimings::start_delay_scale; B1's regional capacity penalty).
struct ClusterCapacityShortage {
  static constexpr std::string_view kKind = "cluster_capacity_shortage";
  std::string region;
  double probability = 1;  // that a start fails
  // How long a failing start takes before it gives up (an assumption, as the Databricks model's).
  Distribution fail_after_s = Distribution::uniform(60, 300);
  double start_delay_factor = 1;  // multiplies the start delay of starts that succeed
  friend bool operator==(const ClusterCapacityShortage&, const ClusterCapacityShortage&) = default;
};

// The login does not exist on the server during the window (2b.9: logins are not geo-replicated;
// the metastore connection then fails with 18456 after failover).
struct MissingLogin {
  static constexpr std::string_view kKind = "missing_login";
  std::string server;
  std::string login;
  friend bool operator==(const MissingLogin&, const MissingLogin&) = default;
};

enum class DnsClients { kSql, kStorage, kAll };

template <>
struct EnumNames<DnsClients> {
  static constexpr std::array kEntries{
      std::pair{DnsClients::kSql, std::string_view{"sql"}},
      std::pair{DnsClients::kStorage, std::string_view{"storage"}},
      std::pair{DnsClients::kAll, std::string_view{"all"}},
  };
};

// Clients keep DNS answers for `cache_for` whatever the record's TTL says (D5: resolvers that
// ignore the TTL), so they reach the old endpoint that long after a failover.
struct DnsCacheBeyondTtl {
  static constexpr std::string_view kKind = "dns_cache_beyond_ttl";
  Duration cache_for{0};
  DnsClients clients = DnsClients::kAll;
  friend bool operator==(const DnsCacheBeyondTtl&, const DnsCacheBeyondTtl&) = default;
};

// CI/CD has not deployed these objects to the workspace yet (2c.2): they are absent during the
// window and deployed when it ends. Each names an object the workspace declares.
struct CicdSyncLag {
  static constexpr std::string_view kKind = "cicd_sync_lag";
  std::string workspace;
  std::vector<std::string> notebooks;  // paths
  std::vector<std::string> jobs;       // names
  std::vector<std::string> clusters;   // names
  std::vector<std::string> secrets;    // "<scope>/<key>"
  friend bool operator==(const CicdSyncLag&, const CicdSyncLag&) = default;
};

using FaultKind = std::variant<RegionOutage, StorageOutage, SqlServerOutage, WorkspaceOutage, InterRegionPartition,
                               StorageLagSpike, StorageReplicationStall, SqlLagSpike, SqlReplicationStall,
                               StorageErrorStorm, SqlErrorStorm, DatabricksErrorStorm, SlowStorageFailover,
                               ClusterCapacityShortage, MissingLogin, DnsCacheBeyondTtl, CicdSyncLag>;

struct Fault {
  TimeWindow window;
  std::string description;
  FaultKind what;

  // The kind's spelling in files: "region_outage", ...
  std::string_view kind() const;

  friend bool operator==(const Fault&, const Fault&) = default;
};

}  // namespace drdrill::sim
