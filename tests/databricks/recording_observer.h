#pragma once
// Test helper: a WorkspaceObserver that records everything it is told, in order.

#include <string>
#include <vector>

#include "databricks/workspace_observer.h"

namespace drdrill::databricks::testing {

class RecordingObserver final : public WorkspaceObserver {
 public:
  void on_run_created(const RunEvent& e) override { created.push_back(e); }
  void on_run_started(const RunEvent& e) override { started.push_back(e); }
  void on_task_started(const TaskEvent& e) override { tasks_started.push_back(e); }
  void on_write_acknowledged(const WriteEvent& e) override { writes.push_back(e); }
  void on_run_finished(const RunEvent& e) override { finished.push_back(e); }
  void on_cluster_state(const ClusterEvent& e) override { clusters.push_back(e); }

  std::vector<RunEvent> created;
  std::vector<RunEvent> started;
  std::vector<TaskEvent> tasks_started;
  std::vector<WriteEvent> writes;
  std::vector<RunEvent> finished;
  std::vector<ClusterEvent> clusters;
};

}  // namespace drdrill::databricks::testing
