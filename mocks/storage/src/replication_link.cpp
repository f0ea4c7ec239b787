#include "storage/replication_link.h"

#include <cassert>

namespace drdrill::storage {

std::string_view to_string(GeoReplicationStatus status) {
  switch (status) {
    case GeoReplicationStatus::kLive: return "live";
    case GeoReplicationStatus::kBootstrap: return "bootstrap";
    case GeoReplicationStatus::kUnavailable: return "unavailable";
  }
  return "unavailable";
}

void ImmediateReplication::replicate(Mutation write, TimePoint /*acknowledged*/) {
  [[maybe_unused]] const Status applied = secondary_.apply(write);
  // Writes arrive in acknowledgement order, so a blob never arrives before its container.
  assert(applied.ok());
}

GeoReplicationStats ImmediateReplication::stats(TimePoint now) const {
  return {GeoReplicationStatus::kLive, now};
}

}  // namespace drdrill::storage
