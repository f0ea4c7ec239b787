#pragma once
// World: the two regions of fakes a scenario declares, built on ONE SimulatedScheduler and ONE
// seeded Random, wired as a real deployment would be.
//
// - Storage: a StorageState with every account (geo-redundant ones replicate through a seeded
//   GeoReplication with the scenario's lag), served by the Blob service behind a StorageFront
//   (sim/storage_front.h: DNS convergence after failovers, the secondary-write invariant); account
//   failovers (AccountFailovers) with the scenario's per-account timings; Microsoft.Storage on an
//   ARM gateway with long-running operations.
// - SQL: an in-memory SqlService with the servers, logins and databases, the Hive metastore schema
//   installed in the metastore database, and a GeoReplication with the links and failover groups
//   (ledgered into the drill's ledger); Microsoft.Sql on the same ARM gateway.
// - The lakehouse (mocks/lakehouse): the DataPlane every cluster's driver opens a session on, over
//   the StorageFront and the SQL service, with the scenario's client DNS cache limit; the tables are
//   created through it (CREATE TABLE ... USING DELTA LOCATION, Delta version 0 in storage and the
//   table in the metastore) with their partition columns registered in the metastore.
// - Databricks: one Workspace per scenario workspace, deployed the way CI/CD deploys it — through
//   its REST handler with a personal access token: notebooks, secret scopes (Key Vault-backed ones
//   in the world's KeyVaults), mounts, clusters (passive ones terminated) and jobs.
//
// Time: the world is built at `epoch - warm_up()` and run up to the epoch before build() returns,
// so clusters the scenario says are RUNNING are running when the drill starts and seeding is done;
// jobs are created at the epoch, so their schedules start with the drill.
//
// Every scenario field reaches a model knob. A field drdrill cannot model yet is refused by
// check_supported() with "not supported yet: <json pointer> ..." instead of being ignored.
//
// Randomness: the models draw from their own named streams of the world's Random (documented in
// each model); the world's own draws use streams named "world.*".
//
// State directory (`drdrill serve --state-dir`): when given, the SQL databases are WAL-mode SQLite
// files under `<dir>/sql/<server>/<database>.db` and every account's primary Blob copy is kept in
// `<dir>/blob.db` (sim/blob_state_file.h). Building on a directory an earlier world left is
// idempotent: databases are opened, not recreated; the metastore schema, the scenario's tables and
// containers are created only where missing; the kept blobs are restored on both copies and the SQL
// secondaries are seeded again from their primaries (replication catches up while nothing ran).
// Roles, failover state, replication queues, workspaces and the ledger start as the scenario says.
//
// Ownership: the World owns everything; destroy it as a whole. Single-threaded.

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "arm/gateway.h"
#include "arm/operation_registry.h"
#include "core/random.h"
#include "core/result.h"
#include "core/simulated_scheduler.h"
#include "databricks/data_plane.h"
#include "databricks/key_vaults.h"
#include "databricks/workspace.h"
#include "http/handler.h"
#include "lakehouse/lakehouse_data_plane.h"
#include "sim/blob_state_file.h"
#include "sim/ledger.h"
#include "sim/requests.h"
#include "sim/scenario.h"
#include "sim/storage_front.h"
#include "sql/geo_replication.h"
#include "sql/sql_service.h"
#include "sql_arm/sql_resource_provider.h"
#include "storage/account_failover.h"
#include "storage/blob_service.h"
#include "storage/storage_state.h"
#include "storage_arm/storage_resource_provider.h"

namespace drdrill::sim {

// The identity drdrill's own clients (CI/CD, the runbook, probes) use.
inline constexpr std::string_view kDrillUser = "drill@example.com";
// The bearer token ARM accepts from them (ARM accepts any non-empty token).
inline constexpr std::string_view kArmToken = "drdrill-runbook";

// One deployed workspace.
struct WorkspaceHandle {
  const sim::Workspace* spec = nullptr;  // as the scenario declares it
  std::unique_ptr<databricks::Workspace> model;
  http::Handler api;      // its REST API
  std::string token;      // a PAT of kDrillUser
  std::string host;       // the workspace host clients address
};

// How the world's clients reach its services, as far as the services themselves must know it (the
// absolute URLs they hand out, how soon they ask to be polled). The defaults are Azure's names and
// the simulated runbook's polling, as in simulated drills; `drdrill serve` replaces them with its
// listeners' URLs and a poll interval real clients can wait for.
struct WorldFrontDoor {
  // Scheme and authority of the URLs ARM hands out (long-running operations); empty: "https://" +
  // the Host header of each request (what clients on loopback sent).
  std::string arm_public_base_url = "https://management.azure.com";
  // The blob endpoint ARM reports for an account; "{account}" becomes "<name>" or "<name>-secondary".
  std::string blob_endpoint = "https://{account}.blob.core.windows.net/";
  // Retry-After of ARM's long-running operations, seconds (of the client's clock).
  int arm_retry_after_s = 10;
};

class World {
 public:
  // Checks what the scenario asks for against what the models support, builds the world and runs
  // its warm-up to the epoch. InvalidArgument for an unsupported field; Internal if a model refuses
  // the scenario's setup (a bug: the loader should have caught it).
  // `state_dir` empty: everything in memory. FailedPrecondition if the directory holds a metastore
  // of another schema version or a damaged blob state file.
  static Result<std::unique_ptr<World>> build(const Scenario& scenario, std::uint64_t seed,
                                              const WorldFrontDoor& front_door = {},
                                              const std::filesystem::path& state_dir = {});

  // InvalidArgument "not supported yet: <pointer> ..." for the first field without a model.
  static Status check_supported(const Scenario& scenario);

  ~World();
  World(const World&) = delete;
  World& operator=(const World&) = delete;

  const Scenario& scenario() const { return scenario_; }
  std::uint64_t seed() const { return random_.seed(); }
  const Random& random() const { return random_; }
  SimulatedScheduler& scheduler() { return scheduler_; }
  TimePoint epoch() const { return scenario_.epoch; }
  // How long before the epoch the world was built.
  Duration warm_up() const { return warm_up_; }
  // The region that is not `region` (of the scenario's two).
  const std::string& other_region(std::string_view region) const;

  // --- storage ---
  storage::StorageState& storage() { return storage_; }
  storage::AccountFailovers& storage_failovers() { return *storage_failovers_; }
  // The Blob endpoint as every client of the drill reaches it (data plane, workload, probes).
  StorageFront& blob_front() { return *blob_front_; }
  // The account's SharedKey (decoded), for drdrill's own signed requests.
  std::string account_key(std::string_view account) const;

  // --- ARM: Microsoft.Storage and Microsoft.Sql on one gateway, as behind management.azure.com ---
  arm::Gateway& arm() { return *arm_gateway_; }
  const storage_arm::StorageArmConfig& storage_arm_config() const { return storage_arm_->config(); }
  const sql_arm::SqlArmConfig& sql_arm_config() const { return sql_arm_->config(); }

  // --- SQL ---
  sql::SqlService& sql() { return *sql_; }
  sql::GeoReplication& sql_geo() { return *sql_geo_; }

  // --- Databricks ---
  databricks::KeyVaults& key_vaults() { return key_vaults_; }
  WorkspaceHandle& workspace(std::string_view name);
  const std::map<std::string, WorkspaceHandle, std::less<>>& workspaces() const { return workspaces_; }
  // The data plane clusters reach: the lakehouse over the storage front and the SQL service (its
  // DeltaLedger holds every Delta write any cluster got acknowledged).
  lakehouse::LakehouseDataPlane& data_plane() { return *data_plane_; }

  // --- the state directory ---
  const std::filesystem::path& state_dir() const { return state_dir_; }
  // OK, or the first error keeping the Blob state in the state directory (the drill stops on it).
  Status state_status() const;

  // --- the drill's books ---
  DrillLedger& ledger() { return ledger_; }

  // A signed Blob request to the account's primary (or `-secondary`) endpoint, host style, dated now.
  http::Request blob_request(http::Method method, std::string_view account, bool secondary, std::string target,
                             std::string body = {}) const;

  // The id CI/CD's clusters/create returned for a cluster of a workspace (empty if not deployed).
  std::string cluster_id(std::string_view workspace, std::string_view cluster) const;

  // CI/CD lag (the cicd_sync_lag fault): withdraw the listed objects from the workspace, and deploy
  // them (again) as the scenario declares them.
  Status withdraw(const CicdSyncLag& lag);
  Status deploy(const CicdSyncLag& lag);

 private:
  World(const Scenario& scenario, std::uint64_t seed, Duration warm_up, WorldFrontDoor front_door,
        std::filesystem::path state_dir);

  Status build_storage();
  Status build_sql();
  Status install_metastore_schema_once();
  Status build_tables();
  Status register_tables();
  // Replication links and failover groups, seeded with whatever the metastore holds by then.
  Status start_sql_replication();
  Status build_workspaces();
  Status deploy_workspace(WorkspaceHandle& handle, const CicdSyncLag& skip);
  Status deploy_notebook(WorkspaceHandle& handle, const Notebook& notebook);
  Status deploy_cluster(WorkspaceHandle& handle, const Cluster& cluster);
  Status deploy_job(WorkspaceHandle& handle, const Job& job);
  Status deploy_secret(WorkspaceHandle& handle, const SecretScope& scope, const std::string& key);
  http::Response rest(WorkspaceHandle& handle, http::Method method, std::string target, const Json* body = nullptr);

  Scenario scenario_;
  WorldFrontDoor front_door_;
  std::filesystem::path state_dir_;
  Duration warm_up_;
  SimulatedScheduler scheduler_;
  Random random_;
  RandomStream keys_rng_;
  DrillLedger ledger_;

  std::unique_ptr<BlobStateFile> blob_state_;  // with a state directory; before storage_: outlives its writes
  storage::StorageState storage_;
  std::unique_ptr<storage::BlobService> blob_service_;
  std::unique_ptr<StorageFront> blob_front_;
  std::unique_ptr<storage::AccountFailovers> storage_failovers_;
  std::unique_ptr<arm::Gateway> arm_gateway_;
  std::unique_ptr<arm::OperationRegistry> arm_operations_;
  std::unique_ptr<storage_arm::StorageResourceProvider> storage_arm_;

  std::unique_ptr<sql::SqlService> sql_;
  std::unique_ptr<sql::GeoReplication> sql_geo_;
  std::unique_ptr<sql_arm::SqlResourceProvider> sql_arm_;

  databricks::KeyVaults key_vaults_;
  std::unique_ptr<lakehouse::LakehouseDataPlane> data_plane_;
  std::map<std::string, WorkspaceHandle, std::less<>> workspaces_;
  // Cluster ids by workspace and cluster name, as CI/CD created them.
  std::map<std::string, std::map<std::string, std::string, std::less<>>, std::less<>> cluster_ids_;
};

}  // namespace drdrill::sim
