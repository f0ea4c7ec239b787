#include "databricks/task_work.h"

#include "core/delay.h"
#include "databricks/request_fields.h"

namespace drdrill::databricks {

Task<TaskOutcome> DefaultWork::run(TaskContext context) {
  co_await delay_for(*context.scheduler, context.modelled_duration, "databricks.task.work");
  co_return TaskOutcome::Success();
}

Task<TaskOutcome> InsertRowsWork::run(TaskContext context) {
  co_await delay_for(*context.scheduler, context.modelled_duration, "databricks.task.work");
  std::string table = table_;
  std::int64_t rows = rows_;
  if (const auto it = context.parameters.find("table"); it != context.parameters.end()) table = it->second;
  if (const auto it = context.parameters.find("rows"); it != context.parameters.end()) {
    const auto parsed = parse_int64(it->second);
    if (!parsed.has_value() || *parsed < 0) {
      co_return TaskOutcome::Failure("Parameter rows is not a non-negative integer: '" + it->second + "'");
    }
    rows = *parsed;
  }
  if (context.data == nullptr) {
    co_return TaskOutcome::Failure("Cluster " + context.cluster_id + " has no data plane to write " + table + " through");
  }
  Result<AcknowledgedWrite> written = context.data->insert_rows(table, rows);
  if (!written.ok()) co_return TaskOutcome::Failure(written.status().message());
  if (context.acknowledge) context.acknowledge(*written);
  co_return TaskOutcome::Success();
}

TaskWorkRegistry::TaskWorkRegistry() : default_(std::make_shared<DefaultWork>()) {}

void TaskWorkRegistry::set_for_notebook(std::string notebook_path, std::shared_ptr<TaskWork> work) {
  by_notebook_.insert_or_assign(std::move(notebook_path), std::move(work));
}

void TaskWorkRegistry::set_default(std::shared_ptr<TaskWork> work) { default_ = std::move(work); }

std::shared_ptr<TaskWork> TaskWorkRegistry::resolve(const Json& task) const {
  const auto notebook = task.find("notebook_task");
  if (notebook != task.end() && notebook->is_object()) {
    const std::string path = string_or(*notebook, "notebook_path", "");
    if (const auto it = by_notebook_.find(path); it != by_notebook_.end()) return it->second;
  }
  return default_;
}

}  // namespace drdrill::databricks
