#include "databricks/workspace.h"

#include <utility>

namespace drdrill::databricks {

Workspace::Workspace(WorkspaceConfig config, Scheduler& scheduler)
    : config_(std::move(config)), scheduler_(scheduler), tree_(scheduler, config_.first_object_id),
      secrets_(scheduler, nullptr) {}

}  // namespace drdrill::databricks
