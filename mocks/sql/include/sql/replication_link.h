#pragma once
// The state of an active geo-replication link and of failover groups, as values: what the ARM
// endpoints (api-facts §5.1, §5.2) and reports show. GeoReplication owns the live objects.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.h"

namespace drdrill::sql {

// ReplicationLink.properties.replicationState.
enum class LinkState {
  kSeeding,    // the secondary is being copied; not readable, cannot fail over
  kCatchUp,    // replicating
  kSuspended,  // stopped: a stall, an unreachable partner, or a replica that must be re-seeded
};
std::string_view to_string(LinkState state);  // "SEEDING", "CATCH_UP", "SUSPENDED"

struct ReplicationLinkInfo {
  std::string id;  // a GUID, as Azure names links
  std::string database;
  std::string primary_server;
  std::string secondary_server;
  LinkState state = LinkState::kSeeding;
  TimePoint start_time;
  std::string failover_group;  // empty when the link is not in a group
  bool stalled = false;               // a stall injected by the drill
  bool failover_in_progress = false;
  bool secondary_needs_reseed = false;  // after a forced failover, until the old primary is re-seeded
  std::string error;                    // why replication last stopped by itself (kept after recovery)
  std::size_t commits_in_flight = 0;    // acknowledged on the primary, not yet on the secondary
  std::size_t bytes_in_flight = 0;
  // sys.dm_geo_replication_link_status.replication_lag_sec: now − acknowledgement time of the
  // oldest commit not yet on the secondary (zero when caught up).
  Duration replication_lag{0};
  // Acknowledgement time of the newest commit the secondary has: everything acknowledged up to
  // here is safe (the SQL counterpart of storage's Last Sync Time).
  std::optional<TimePoint> last_replicated_ack;
};

// properties.readWriteEndpoint.failoverPolicy.
enum class FailoverPolicy { kManual, kAutomatic };
std::string_view to_string(FailoverPolicy policy);  // "Manual", "Automatic"

// Automatic policy needs a grace period of at least an hour (api-facts §5.2, dr-parameters Q5).
inline constexpr Duration kMinimumGracePeriod = std::chrono::minutes(60);

struct FailoverGroupSpec {
  std::string name;
  std::string primary_server;
  std::string secondary_server;
  std::vector<std::string> databases;  // on the primary; secondaries are created and seeded
  FailoverPolicy policy = FailoverPolicy::kManual;
  Duration grace_period = kMinimumGracePeriod;  // Automatic only
  bool read_only_endpoint_enabled = false;
};

struct FailoverGroupInfo {
  FailoverGroupSpec spec;  // primary/secondary reflect the current roles
  std::vector<std::string> link_ids;
  bool failover_in_progress = false;
  // When the Microsoft-managed (Automatic) failover will fire, while the primary's region is down.
  std::optional<TimePoint> automatic_failover_at;
};

enum class FailoverKind { kPlanned, kForced };
enum class OperationState { kInProgress, kSucceeded, kFailed };
std::string_view to_string(FailoverKind kind);
std::string_view to_string(OperationState state);

// A failover as a long-running operation (ARM polls it).
struct FailoverOperation {
  std::uint64_t id = 0;
  FailoverKind kind = FailoverKind::kPlanned;
  std::vector<std::string> link_ids;
  std::string failover_group;  // empty for a single link
  std::string new_primary_server;
  TimePoint started;
  TimePoint finishes_at;  // planned completion; the actual end if it finished
  OperationState state = OperationState::kInProgress;
  std::string error;  // why it failed
};

}  // namespace drdrill::sql
