#pragma once
// A Databricks workspace as a scenario declares it: what CI/CD has deployed there (notebooks, secret
// scopes, clusters and their Spark conf, jobs) plus its mounts and timings. The engine builds a
// databricks::Workspace (mocks/databricks) from it through the workspace's own APIs.
//
// The passive workspace of the seed walkthrough holds its jobs (`max_concurrent_runs: 0`, schedules
// paused) and keeps its clusters TERMINATED; scenarios say so explicitly on each job and cluster.

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/distribution.h"
#include "core/time.h"
#include "sim/enum_names.h"

namespace drdrill::sim {

enum class NotebookLanguage { kPython, kScala, kSql, kR };

template <>
struct EnumNames<NotebookLanguage> {
  static constexpr std::array kEntries{
      std::pair{NotebookLanguage::kPython, std::string_view{"PYTHON"}},
      std::pair{NotebookLanguage::kScala, std::string_view{"SCALA"}},
      std::pair{NotebookLanguage::kSql, std::string_view{"SQL"}},
      std::pair{NotebookLanguage::kR, std::string_view{"R"}},
  };
};

struct Notebook {
  std::string path;  // absolute workspace path, "/Shared/etl/load_orders"
  NotebookLanguage language = NotebookLanguage::kPython;

  friend bool operator==(const Notebook&, const Notebook&) = default;
};

enum class SecretScopeBackend { kDatabricks, kAzureKeyVault };

template <>
struct EnumNames<SecretScopeBackend> {
  static constexpr std::array kEntries{
      std::pair{SecretScopeBackend::kDatabricks, std::string_view{"DATABRICKS"}},
      std::pair{SecretScopeBackend::kAzureKeyVault, std::string_view{"AZURE_KEYVAULT"}},
  };
};

struct SecretScope {
  std::string name;
  SecretScopeBackend backend = SecretScopeBackend::kDatabricks;
  std::map<std::string, std::string> secrets;  // key -> value (the Key Vault's content for AZURE_KEYVAULT)

  friend bool operator==(const SecretScope&, const SecretScope&) = default;
};

// A DBFS mount point of the workspace. The source names the storage endpoint clusters reach:
// abfss://<container>@<account>.dfs.core.windows.net/<path> (primary) or
// abfss://<container>@<account>-secondary.dfs.core.windows.net/<path> (the RA-GRS secondary, read-only).
struct Mount {
  std::string mount_point;  // "/mnt/tables"
  std::string source;

  friend bool operator==(const Mount&, const Mount&) = default;
};

enum class ClusterState { kRunning, kTerminated };

template <>
struct EnumNames<ClusterState> {
  static constexpr std::array kEntries{
      std::pair{ClusterState::kRunning, std::string_view{"RUNNING"}},
      std::pair{ClusterState::kTerminated, std::string_view{"TERMINATED"}},
  };
};

// Spark conf keys the metastore settings become (the seed walkthrough's list).
inline constexpr std::string_view kSparkConfJdbcUrl = "spark.hadoop.javax.jdo.option.ConnectionURL";
inline constexpr std::string_view kSparkConfJdbcUser = "spark.hadoop.javax.jdo.option.ConnectionUserName";
inline constexpr std::string_view kSparkConfJdbcPassword = "spark.hadoop.javax.jdo.option.ConnectionPassword";
inline constexpr std::string_view kSparkConfJdbcDriver = "spark.hadoop.javax.jdo.option.ConnectionDriverName";
inline constexpr std::string_view kSparkConfMetastoreVersion = "spark.sql.hive.metastore.version";
inline constexpr std::string_view kSparkConfMetastoreJars = "spark.sql.hive.metastore.jars";

// The external Hive metastore a cluster's Spark conf points at.
struct ClusterMetastore {
  std::string jdbc_url;  // jdbc:sqlserver://<server or listener>.database.windows.net:1433;database=<db>;...
  std::string user;
  std::string password;  // a literal or a secret reference "{{secrets/<scope>/<key>}}"
  std::string driver = "com.microsoft.sqlserver.jdbc.SQLServerDriver";  // the seed's value
  std::string version = "2.3.7";                                         // the seed's value
  std::string jars = "builtin";                                          // the seed's value

  friend bool operator==(const ClusterMetastore&, const ClusterMetastore&) = default;
};

struct Cluster {
  std::string name;
  std::string spark_version = "13.3.x-scala2.12";  // an LTS runtime; drdrill does not model versions
  std::string node_type = "Standard_DS3_v2";
  int num_workers = 2;
  // The state when the drill starts. TERMINATED is what CI/CD leaves in the passive workspace (the
  // seed: "Remember to terminate the cluster in the secondary region").
  ClusterState state = ClusterState::kTerminated;
  std::optional<ClusterMetastore> metastore;
  // Other Spark conf, passed through as written (values may be secret references).
  std::map<std::string, std::string> spark_conf;

  // `spark_conf` plus the metastore settings under their Spark conf keys: what clusters/create gets.
  std::map<std::string, std::string> effective_spark_conf() const;

  friend bool operator==(const Cluster&, const Cluster&) = default;
};

struct JobSchedule {
  std::string quartz_cron;  // Quartz syntax, evaluated in UTC: "0 */15 * * * ?"
  bool paused = false;

  friend bool operator==(const JobSchedule&, const JobSchedule&) = default;
};

// A single-task notebook job on an existing (all-purpose) cluster of the same workspace.
struct Job {
  std::string name;
  std::string notebook;  // path of a notebook of the workspace
  std::string cluster;   // name of a cluster of the workspace
  // B4: 1 (the API's default). 0 skips every new run: how the passive workspace holds its jobs.
  int max_concurrent_runs = 1;
  std::optional<JobSchedule> schedule;
  bool queue = false;  // B5: queue runs at the concurrency limit instead of skipping them

  friend bool operator==(const Job&, const Job&) = default;
};

struct WorkspaceTimings {
  // B1: classic cluster start ~5-7 min, log-normal median 6 min, p95 12 min (p99 ~16 min for the
  // same log-normal), truncated at 30 min.
  Distribution cluster_start_s = Distribution::lognormal(360, 960);
  Duration cluster_start_max = std::chrono::minutes(30);
  // Restart and terminate have no published figure (assumptions, as the Databricks model's).
  Distribution cluster_restart_s = Distribution::lognormal(120, 480);
  Distribution cluster_terminate_s = Distribution::uniform(15, 60);
  // How long a job task's code runs once its cluster is up (assumption: median 1 min, p99 10 min).
  Distribution task_duration_s = Distribution::lognormal(60, 600);

  friend bool operator==(const WorkspaceTimings&, const WorkspaceTimings&) = default;
};

struct Workspace {
  std::string name;
  std::string region;
  std::vector<Notebook> notebooks;
  std::vector<SecretScope> secret_scopes;
  std::vector<Mount> mounts;
  std::vector<Cluster> clusters;
  std::vector<Job> jobs;
  WorkspaceTimings timings;

  const Notebook* notebook(std::string_view path) const;
  const SecretScope* secret_scope(std::string_view scope_name) const;
  const Cluster* cluster(std::string_view cluster_name) const;
  const Job* job(std::string_view job_name) const;

  friend bool operator==(const Workspace&, const Workspace&) = default;
};

// A value that is exactly "{{secrets/<scope>/<key>}}" (the form Databricks resolves in Spark conf).
struct SecretReference {
  std::string scope;
  std::string key;
};
std::optional<SecretReference> parse_secret_reference(std::string_view value);

}  // namespace drdrill::sim
