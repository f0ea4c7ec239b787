#include "databricks/workspace_observer.h"

#include <algorithm>

namespace drdrill::databricks {

void WorkspaceObservers::add(WorkspaceObserver* observer) { observers_.push_back(observer); }

void WorkspaceObservers::remove(WorkspaceObserver* observer) {
  observers_.erase(std::remove(observers_.begin(), observers_.end(), observer), observers_.end());
}

void WorkspaceObservers::run_created(const RunEvent& e) const {
  for (WorkspaceObserver* o : observers_) o->on_run_created(e);
}
void WorkspaceObservers::run_started(const RunEvent& e) const {
  for (WorkspaceObserver* o : observers_) o->on_run_started(e);
}
void WorkspaceObservers::task_started(const TaskEvent& e) const {
  for (WorkspaceObserver* o : observers_) o->on_task_started(e);
}
void WorkspaceObservers::write_acknowledged(const WriteEvent& e) const {
  for (WorkspaceObserver* o : observers_) o->on_write_acknowledged(e);
}
void WorkspaceObservers::run_finished(const RunEvent& e) const {
  for (WorkspaceObserver* o : observers_) o->on_run_finished(e);
}
void WorkspaceObservers::cluster_state(const ClusterEvent& e) const {
  for (WorkspaceObserver* o : observers_) o->on_cluster_state(e);
}

}  // namespace drdrill::databricks
