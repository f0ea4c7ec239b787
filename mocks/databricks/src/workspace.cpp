#include "databricks/workspace.h"

#include <utility>

namespace drdrill::databricks {

Workspace::Workspace(WorkspaceConfig config, Scheduler& scheduler, const Random& random)
    : config_(std::move(config)),
      scheduler_(scheduler),
      tree_(scheduler, config_.first_object_id),
      secrets_(scheduler, nullptr),
      clusters_(scheduler, random, config_, secrets_, mounts_) {}

}  // namespace drdrill::databricks
