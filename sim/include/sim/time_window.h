#pragma once
// TimeWindow: when something is active during a drill, as offsets from the drill's start (the
// scenario's epoch). Faults and workload streams use it.

#include <optional>

#include "core/time.h"

namespace drdrill::sim {

struct TimeWindow {
  Duration start{0};            // offset from the epoch
  std::optional<Duration> end;  // exclusive; nullopt: lasts to the end of the run ("never")

  bool contains(Duration since_epoch) const { return since_epoch >= start && (!end || since_epoch < *end); }

  friend bool operator==(const TimeWindow&, const TimeWindow&) = default;
};

}  // namespace drdrill::sim
