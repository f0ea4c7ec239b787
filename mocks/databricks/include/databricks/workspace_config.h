#pragma once
// WorkspaceConfig: what identifies one Databricks workspace in a drill and how its services behave.

#include <cstdint>
#include <string>

namespace drdrill::databricks {

struct WorkspaceConfig {
  // The drill's name for the workspace ("primary", "secondary"); names its random streams.
  std::string name = "primary";
  // The Azure region it lives in: a regional outage takes its control plane down.
  std::string region = "eastus";
  // The host clients address (run_page_url is built from it).
  std::string host = "adb-1000000000000001.1.azuredatabricks.net";
  // The workspace (organisation) id: "?o=<id>" in run page URLs.
  std::int64_t workspace_id = 1000000000000001;
  // Where the deterministic id counters (workspace objects, jobs, runs) start; giving two
  // workspaces different bases keeps a job id of one from silently meaning something in the other
  // (a classic copy-paste DR bug).
  std::int64_t first_object_id = 1000;
};

}  // namespace drdrill::databricks
