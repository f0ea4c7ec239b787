#pragma once
// Timeline: what happened during a drill, in order — faults starting and ending, the runbook's
// steps, probe state changes, failovers, invariant violations — as the report's "events" list.
// Only changes are recorded (a probe that keeps failing is one event, not one per attempt), so a
// long drill's timeline stays readable.

#include <string>
#include <vector>

#include "core/clock.h"
#include "core/time.h"

namespace drdrill::sim {

struct TimelineEvent {
  TimePoint at;
  std::string actor;  // "fault", "runbook", "probe:<name>", "storage", "sql", "databricks", "invariant"
  std::string what;
};

class Timeline {
 public:
  explicit Timeline(const Clock& clock) : clock_(clock) {}

  void record(std::string actor, std::string what) { events_.push_back({clock_.now(), std::move(actor), std::move(what)}); }
  const std::vector<TimelineEvent>& events() const { return events_; }

 private:
  const Clock& clock_;
  std::vector<TimelineEvent> events_;
};

}  // namespace drdrill::sim
