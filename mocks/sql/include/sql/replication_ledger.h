#pragma once
// ReplicationLedger: the hook through which the drill's ledger learns the fate of every commit on
// a geo-replicated database — when the client got its COMMIT acknowledged, when the commit reached
// the secondary, or that a forced failover lost it. RPO falls out of these by construction:
// RPO = outage start − acknowledged_at of the earliest lost commit.
//
// Calls arrive on the scheduler's thread, in simulated-time order; for one commit,
// on_acknowledged always comes first and exactly one of on_replicated / on_lost follows (or none,
// while it is still in flight).

#include <cstddef>
#include <cstdint>
#include <string>

#include "core/time.h"

namespace drdrill::sql {

struct CommitEvent {
  std::uint64_t commit_id = 0;  // unique within one GeoReplication, in acknowledgement order
  std::string link_id;
  std::string server;           // the primary it was committed on
  std::string database;
  std::uint64_t sequence = 0;   // position in that database's log
  TimePoint acknowledged_at;
  std::size_t bytes = 0;        // size of its log records (changesets + DDL text)
};

class ReplicationLedger {
 public:
  virtual ~ReplicationLedger() = default;
  virtual void on_acknowledged(const CommitEvent& commit) = 0;
  // Applied on the secondary (or contained in a seeding copy) at `at`.
  virtual void on_replicated(const CommitEvent& commit, TimePoint at) = 0;
  // Dropped by a forced failover at `at`.
  virtual void on_lost(const CommitEvent& commit, TimePoint at) = 0;
};

}  // namespace drdrill::sql
