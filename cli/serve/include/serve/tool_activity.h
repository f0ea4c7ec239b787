#pragma once
// ToolActivity: what the user's own failover tool did, inferred from the requests it sent to the
// served fakes — the runbook's stages as drdrill's checker knows them, without drdrill running the
// runbook:
//
// | request (answered 2xx)                                         | stage            | ends when          |
// |----------------------------------------------------------------|------------------|--------------------|
// | ARM POST .../storageAccounts/{a}/failover                      | storage_failover | the account's      |
// |                                                                |                  | failover completes |
// | ARM POST .../replicationLinks/{l}/failover|forceFailover...,   | sql_failover     | no SQL failover is |
// |   .../failoverGroups/{g}/failover|forceFailover...|tryPlanned..|                  | in progress        |
// | Databricks POST clusters/edit                                  | repoint          | at once            |
// | Databricks POST clusters/start                                 | start_clusters   | the cluster runs   |
// | Databricks POST jobs/update|jobs/reset                         | release_jobs     | at once            |
//
// Each request is also recorded on the drill's timeline (actor "tool"). A job the tool releases
// (max_concurrent_runs above 0) stops being held in the drill's books, and its workspace becomes the
// active one (probes without a workspace go through it); a job it sets to 0 becomes held.
// The stage from the outage's start to the tool's first request is "detect".
//
// Single-threaded, on the event loop; the drill must outlive it.

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "http/request.h"
#include "http/response.h"
#include "sim/drill.h"

namespace drdrill::serve {

class ToolActivity {
 public:
  explicit ToolActivity(sim::Drill& drill) : drill_(drill) {}

  void on_arm(const http::Request& request, const http::Response& response);
  void on_workspace(const std::string& workspace, const http::Request& request, const http::Response& response);
  // After the world advanced: closes stages whose completion the models now show.
  void poll();
  // The stages so far, in order of their start, open ones ending now.
  std::vector<sim::StepRecord> steps() const;

 private:
  struct Stage {
    sim::StepRecord record;
    bool open = true;
    std::vector<std::string> accounts;                                  // storage_failover
    std::vector<std::pair<std::string, std::string>> clusters;         // start_clusters: workspace, id
  };
  Stage& stage(const std::string& name, const std::string& detail, bool instant);
  Duration since_epoch() const;

  sim::Drill& drill_;
  std::vector<Stage> stages_;
  std::optional<Duration> first_request_;
};

}  // namespace drdrill::serve
