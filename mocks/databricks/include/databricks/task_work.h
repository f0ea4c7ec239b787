#pragma once
// TaskWork: what a job task's code does when it runs on a cluster, pluggable so that a drill's
// workload can be the jobs themselves ("insert N rows into table T every run").
//
// The job service starts a task's work when its cluster is RUNNING and the notebook exists. The
// work is a coroutine (core/task.h): it may wait (delay_for) for modelled time, use the cluster's data
// session, report every write it got acknowledged (the ledger hook), and return success or a
// failure message that becomes the run's state_message. If the run is cancelled or the cluster is
// lost while the work is suspended, its coroutine frame is destroyed where it stands (pending
// delays are cancelled), so a work must keep no state that outlives its frame except through the
// context's callbacks.
//
// Works are looked up by notebook path in a TaskWorkRegistry; tasks without a registered work run
// DefaultWork (wait the modelled execution time, succeed).

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/scheduler.h"
#include "core/task.h"
#include "databricks/api_json.h"
#include "databricks/data_plane.h"

namespace drdrill::databricks {

struct TaskOutcome {
  bool succeeded = true;
  std::string error_message;  // when failed

  static TaskOutcome Success() { return {}; }
  static TaskOutcome Failure(std::string message) { return {false, std::move(message)}; }
};

struct TaskContext {
  Scheduler* scheduler = nullptr;
  std::string workspace;
  std::int64_t job_id = 0;
  std::int64_t run_id = 0;       // the job run
  std::int64_t task_run_id = 0;  // this task's run
  std::string task_key;
  std::string notebook_path;  // empty for other task kinds
  // The notebook as the workspace holds it when the task starts (source text and its language,
  // "SQL", "PYTHON", ...); empty for other task kinds.
  std::string notebook_source;
  std::string notebook_language;
  // notebook_task.base_parameters overlaid with the run's notebook_params and job_parameters.
  std::map<std::string, std::string> parameters;
  std::string cluster_id;
  // How long the job service's timing model says this task's code takes (JobTimings::execution_s);
  // a work may use it or model its own time.
  Duration modelled_duration{};
  std::shared_ptr<const ClusterDataConfig> data_config;
  std::shared_ptr<ClusterDataSession> data;  // null when no DataPlane is wired
  // Reports one acknowledged write to the workspace's observers (the RPO ledger), stamped with
  // this task's identity. Safe to call at any point while the work runs.
  std::function<void(const AcknowledgedWrite&)> acknowledge;
};

class TaskWork {
 public:
  virtual ~TaskWork() = default;
  // Runs the task; see the file comment for cancellation. The context is the coroutine's own copy.
  virtual Task<TaskOutcome> run(TaskContext context) = 0;
};

// Waits the modelled execution time and succeeds.
class DefaultWork final : public TaskWork {
 public:
  Task<TaskOutcome> run(TaskContext context) override;
};

// "Insert N rows into table T": waits the modelled execution time, then inserts through the
// cluster's data session and reports the acknowledged write. The parameters "table" and "rows"
// (base_parameters or run-now notebook_params) override the defaults given here. Fails with the
// data session's error (metastore or storage unreachable, a read-only secondary refusing the
// write), or when the cluster has no data session.
class InsertRowsWork final : public TaskWork {
 public:
  InsertRowsWork(std::string table, std::int64_t rows) : table_(std::move(table)), rows_(rows) {}
  Task<TaskOutcome> run(TaskContext context) override;

 private:
  std::string table_;
  std::int64_t rows_;
};

// A SQL notebook doing what its source says: the notebook's cells (split at the
// "-- COMMAND ----------" lines of a SOURCE export) run one after another through the cluster's data
// session, each cell's ';'-separated statements in order, with USE carrying over between cells.
// The modelled execution time is spread evenly over the cells (each runs after its share), so the
// writes of a long notebook are acknowledged at different times. Legacy widget references
// "${name}" are replaced by the task's parameters (base_parameters / notebook_params) first.
// Every acknowledged write is reported; the first failing statement fails the task with
// "Error in SQL statement: <the error>". `source`, when given, is run instead of the notebook's own
// source (a drill can declare the work without importing a notebook).
class SqlNotebookWork final : public TaskWork {
 public:
  SqlNotebookWork() = default;
  explicit SqlNotebookWork(std::string source) : source_(std::move(source)) {}
  Task<TaskOutcome> run(TaskContext context) override;

  // The cells of a SQL notebook's source, "${name}" references replaced from `parameters`
  // (unknown names are left as written).
  static std::vector<std::string> cells(std::string_view source, const std::map<std::string, std::string>& parameters);

 private:
  std::optional<std::string> source_;
};

class TaskWorkRegistry {
 public:
  TaskWorkRegistry();

  // The work to run for notebook tasks of this notebook path.
  void set_for_notebook(std::string notebook_path, std::shared_ptr<TaskWork> work);
  // The work for every task without a more specific one (DefaultWork unless replaced).
  void set_default(std::shared_ptr<TaskWork> work);

  // The work for a task's settings (its notebook_task.notebook_path, else the default).
  std::shared_ptr<TaskWork> resolve(const Json& task) const;

 private:
  std::map<std::string, std::shared_ptr<TaskWork>, std::less<>> by_notebook_;
  std::shared_ptr<TaskWork> default_;
};

}  // namespace drdrill::databricks
