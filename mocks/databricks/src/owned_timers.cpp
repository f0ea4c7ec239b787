#include "databricks/owned_timers.h"

#include <memory>
#include <utility>

namespace drdrill::databricks {

OwnedTimers::~OwnedTimers() {
  for (const TimerId id : pending_) scheduler_.cancel(id);
}

TimerId OwnedTimers::at(TimePoint when, std::function<void()> fn, std::string_view label) {
  // The id is known only after scheduling; the callback reads it through this cell.
  auto id_cell = std::make_shared<TimerId>(kNoTimer);
  const TimerId id = scheduler_.schedule_at(
      when,
      [this, id_cell, fn = std::move(fn)] {
        pending_.erase(*id_cell);
        fn();
      },
      label);
  *id_cell = id;
  pending_.insert(id);
  return id;
}

bool OwnedTimers::cancel(TimerId id) {
  if (id == kNoTimer || pending_.erase(id) == 0) return false;
  return scheduler_.cancel(id);
}

}  // namespace drdrill::databricks
