#pragma once
// ReplicationLink: how an account's acknowledged writes reach its secondary copy.
//
// The account hands every acknowledged write to its link, in acknowledgement order; the link
// decides when (and whether) each one is applied to the secondary store, and what Last Sync Time
// the service reports. The geo-replication model (seeded lag, stalls, a write ledger) is one link;
// ImmediateReplication below is the simplest.

#include <optional>
#include <string_view>

#include "core/time.h"
#include "storage/blob_store.h"
#include "storage/mutation.h"

namespace drdrill::storage {

// Values of <GeoReplication><Status> in Get Blob Service Stats.
enum class GeoReplicationStatus { kLive, kBootstrap, kUnavailable };

// "live", "bootstrap", "unavailable": the wire spelling.
std::string_view to_string(GeoReplicationStatus status);

struct GeoReplicationStats {
  GeoReplicationStatus status = GeoReplicationStatus::kLive;
  // Every write acknowledged before this time is on the secondary. Absent while bootstrapping or
  // unavailable (the service then sends an empty element).
  std::optional<TimePoint> last_sync_time;
};

class ReplicationLink {
 public:
  virtual ~ReplicationLink() = default;

  // Takes one write the primary has just acknowledged at `acknowledged`.
  virtual void replicate(Mutation write, TimePoint acknowledged) = 0;

  virtual GeoReplicationStats stats(TimePoint now) const = 0;
};

// Applies every write to the secondary the moment it is acknowledged; Last Sync Time is always
// "now". This is what Azurite does. An account uses it until a geo-replication model is attached,
// and tests use it when lag is beside the point.
class ImmediateReplication final : public ReplicationLink {
 public:
  explicit ImmediateReplication(BlobStore& secondary) : secondary_(secondary) {}

  void replicate(Mutation write, TimePoint acknowledged) override;
  GeoReplicationStats stats(TimePoint now) const override;

 private:
  BlobStore& secondary_;
};

}  // namespace drdrill::storage
