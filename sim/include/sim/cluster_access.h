#pragma once
// How the drill reaches data "through a workspace": the data session of one of its running
// clusters (databricks/data_plane.h), as a notebook or job on that cluster would — so a probe or
// the runbook's validation sees exactly what the cluster's Spark conf and mounts say (the metastore
// it points at, the storage endpoint its mounts name), and fails as the cluster would.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "core/result.h"
#include "databricks/data_plane.h"
#include "sim/world.h"

namespace drdrill::sim {

struct ClusterSession {
  std::string cluster_name;
  std::string cluster_id;
  std::shared_ptr<databricks::ClusterDataSession> session;
};

// A running cluster of the workspace with a data session: the cluster its jobs run on first, then
// the others in the scenario's order. Unavailable when the workspace's control plane or every
// cluster is down, FailedPrecondition when none has a data session.
Result<ClusterSession> running_session(World& world, std::string_view workspace);

// A running cluster of the workspace (the same order), whether or not it has a data session: what a
// job that reads only the cluster's configuration (its metastore settings, its mounts) needs.
Result<const databricks::Cluster*> running_cluster(World& world, std::string_view workspace);

// Runs one SQL statement on the session; returns the first value of the result as text (or "" when
// the statement returns nothing). The error message starts with the data plane's cause in
// brackets ("[metastore.unavailable] ...") when it has one.
Result<std::string> run_statement(databricks::ClusterDataSession& session, std::string_view statement);

// Counts a table's rows; the tables of the scenario when `table` is empty (every one must be read).
Result<std::int64_t> count_rows(World& world, databricks::ClusterDataSession& session, std::string_view table);

}  // namespace drdrill::sim
