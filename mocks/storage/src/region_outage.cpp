#include "storage/region_outage.h"

namespace drdrill::storage {

std::string_view to_string(OutageMode mode) {
  switch (mode) {
    case OutageMode::kNone: return "none";
    case OutageMode::kRefuseConnections: return "refuse";
    case OutageMode::kServerBusy: return "server-busy";
    case OutageMode::kHang: return "hang";
  }
  return "none";
}

void RegionOutages::set(std::string_view region, OutageMode mode) {
  if (mode == OutageMode::kNone) {
    if (const auto it = down_.find(region); it != down_.end()) down_.erase(it);
    return;
  }
  down_.insert_or_assign(std::string(region), mode);
}

OutageMode RegionOutages::mode(std::string_view region) const {
  const auto it = down_.find(region);
  return it == down_.end() ? OutageMode::kNone : it->second;
}

}  // namespace drdrill::storage
