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

std::vector<std::string> SqlNotebookWork::cells(std::string_view source,
                                                const std::map<std::string, std::string>& parameters) {
  // ${name} substitution, left to right, leaving unknown names as written.
  std::string text;
  for (std::size_t i = 0; i < source.size();) {
    if (source.substr(i, 2) == "${") {
      const auto close = source.find('}', i + 2);
      if (close != std::string_view::npos) {
        const auto it = parameters.find(std::string(source.substr(i + 2, close - i - 2)));
        if (it != parameters.end()) {
          text += it->second;
          i = close + 1;
          continue;
        }
      }
    }
    text += source[i++];
  }
  std::vector<std::string> out;
  std::string cell;
  std::size_t begin = 0;
  while (begin <= text.size()) {
    std::size_t end = text.find('\n', begin);
    if (end == std::string::npos) end = text.size();
    std::string_view line = std::string_view(text).substr(begin, end - begin);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line == "-- COMMAND ----------") {
      out.push_back(std::move(cell));
      cell.clear();
    } else {
      cell += std::string(line) + "\n";
    }
    if (end == text.size()) break;
    begin = end + 1;
  }
  out.push_back(std::move(cell));
  return out;
}

Task<TaskOutcome> SqlNotebookWork::run(TaskContext context) {
  if (!source_ && context.notebook_language != "SQL") {
    co_return TaskOutcome::Failure("Notebook " + context.notebook_path + " is not a SQL notebook (" +
                                   (context.notebook_language.empty() ? std::string("no language")
                                                                      : context.notebook_language) +
                                   "); SqlNotebookWork runs SQL");
  }
  if (context.data == nullptr) {
    co_return TaskOutcome::Failure("Cluster " + context.cluster_id + " has no data plane to run SQL on");
  }
  const std::vector<std::string> cells = SqlNotebookWork::cells(source_ ? *source_ : context.notebook_source,
                                                                context.parameters);
  const Duration share = context.modelled_duration / static_cast<std::int64_t>(cells.size());
  std::string database = "default";
  for (const std::string& cell : cells) {
    co_await delay_for(*context.scheduler, share, "databricks.task.sql_cell");
    // The session may have been replaced or dropped while this task slept; its own copy stays usable
    // and refuses if its cluster is gone.
    SqlRequest request;
    request.text = cell;
    request.allow_multiple_statements = true;
    request.current_database = database;
    SqlOutcome outcome = context.data->execute_sql(request);
    for (const AcknowledgedWrite& w : outcome.writes) {
      if (context.acknowledge) context.acknowledge(w);
    }
    if (outcome.failure) co_return TaskOutcome::Failure("Error in SQL statement: " + outcome.failure->message);
    database = outcome.current_database;
  }
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
