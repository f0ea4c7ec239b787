#include "sim/world.h"

#include <algorithm>
#include <utility>

#include "databricks/base64.h"
#include "databricks/rest_api.h"
#include "sql/metastore_client.h"
#include "sql/metastore_schema.h"
#include "sql/sql_client.h"
#include "storage/geo_replication.h"
#include "storage/shared_key.h"
#include "world_internal.h"

namespace drdrill::sim {
namespace {

storage::Redundancy to_model(Redundancy r) {
  switch (r) {
    case Redundancy::kLrs: return storage::Redundancy::kLrs;
    case Redundancy::kZrs: return storage::Redundancy::kZrs;
    case Redundancy::kGrs: return storage::Redundancy::kGrs;
    case Redundancy::kRaGrs: return storage::Redundancy::kRaGrs;
    case Redundancy::kGzrs: return storage::Redundancy::kGzrs;
    case Redundancy::kRaGzrs: return storage::Redundancy::kRaGzrs;
  }
  return storage::Redundancy::kRaGrs;
}

// TB per day (the scenario's reseed unit) as bytes per second (the model's).
constexpr double kBytesPerSecondPerTbPerDay = 1e12 / 86400.0;

Status internal(std::string what, const Status& why) { return Status::Internal(what + ": " + why.to_string()); }

}  // namespace

World::World(const Scenario& scenario, std::uint64_t seed, Duration warm_up, WorldFrontDoor front_door,
             std::filesystem::path state_dir)
    : scenario_(scenario),
      front_door_(std::move(front_door)),
      state_dir_(std::move(state_dir)),
      warm_up_(warm_up),
      scheduler_(scenario.epoch - warm_up),
      random_(seed),
      keys_rng_(random_.stream("world.keys")),
      storage_(random_) {}

World::~World() = default;

Result<std::unique_ptr<World>> World::build(const Scenario& scenario, std::uint64_t seed,
                                            const WorldFrontDoor& front_door, const std::filesystem::path& state_dir) {
  DRDRILL_RETURN_IF_ERROR(check_supported(scenario));
  // Long enough for every cluster the scenario says is RUNNING to have started (B1's truncation)
  // and for SQL seeding of an empty metastore.
  Duration warm_up = std::chrono::minutes(30);
  for (const Workspace& ws : scenario.topology.workspaces) {
    warm_up = std::max(warm_up, ws.timings.cluster_start_max + std::chrono::minutes(10));
  }
  std::unique_ptr<World> world(new World(scenario, seed, warm_up, front_door, state_dir));
  if (!state_dir.empty()) {
    auto blob_state = BlobStateFile::open(state_dir / "blob.db");
    if (!blob_state.ok()) return blob_state.status();
    world->blob_state_ = std::move(blob_state).value();
  }
  DRDRILL_RETURN_IF_ERROR(world->build_storage());
  DRDRILL_RETURN_IF_ERROR(world->build_sql());
  DRDRILL_RETURN_IF_ERROR(world->build_tables());
  DRDRILL_RETURN_IF_ERROR(world->build_workspaces());
  const Status warmed = world->scheduler_.run(drdrill::RunBounds{.max_events = scenario.run.max_events, .until = scenario.epoch});
  if (!warmed.ok()) return Status::Internal("warming the world up to the epoch: " + warmed.message());
  // Jobs go in at the epoch, so their schedules start with the drill.
  for (auto& [name, handle] : world->workspaces_) {
    const CicdSyncLag skip = lagging_at_start(scenario, name);
    for (const Job& job : handle.spec->jobs) {
      if (contains(skip.jobs, job.name)) continue;
      DRDRILL_RETURN_IF_ERROR(world->deploy_job(handle, job));
    }
  }
  return world;
}

Status World::state_status() const { return blob_state_ ? blob_state_->status() : Status::Ok(); }

const std::string& World::other_region(std::string_view region) const {
  const Regions& r = scenario_.topology.regions;
  return region == r.primary ? r.secondary : r.primary;
}

WorkspaceHandle& World::workspace(std::string_view name) {
  const auto it = workspaces_.find(name);
  return it->second;
}

std::string World::cluster_id(std::string_view workspace, std::string_view cluster) const {
  const auto ws = cluster_ids_.find(workspace);
  if (ws == cluster_ids_.end()) return "";
  const auto it = ws->second.find(cluster);
  return it == ws->second.end() ? "" : it->second;
}

std::string World::account_key(std::string_view account) const {
  const storage::Account* a = storage_.find_account(account);
  return a == nullptr ? "" : a->signing_keys()[0];
}

http::Request World::blob_request(http::Method method, std::string_view account, bool secondary, std::string target,
                                  std::string body) const {
  http::Request request;
  request.method = method;
  request.target = std::move(target);
  request.secure = true;
  request.headers.add("Host", std::string(account) + (secondary ? "-secondary" : "") + ".blob.core.windows.net");
  request.headers.add("x-ms-version", std::string(storage::kDefaultServiceVersion));
  request.headers.add("x-ms-date", format_rfc1123(scheduler_.now()));
  if (method == http::Method::kPut || method == http::Method::kPost) {
    request.headers.add("Content-Length", std::to_string(body.size()));
  }
  if (method == http::Method::kPut && request.target.find("restype=container") == std::string::npos &&
      request.target.find("comp=") == std::string::npos) {
    request.headers.add("x-ms-blob-type", "BlockBlob");
    request.headers.add("Content-Type", "application/octet-stream");
  }
  request.body = std::move(body);
  storage::sign_shared_key(request, account, account_key(account));
  return request;
}

// --- storage ---

Status World::build_storage() {
  blob_service_ = std::make_unique<storage::BlobService>(storage_, scheduler_);
  storage::BlobService* service = blob_service_.get();
  blob_front_ = std::make_unique<StorageFront>([service](const http::Request& r) { return service->handle(r); },
                                               service, storage_, scheduler_, random_.stream("world.storage.dns"));
  storage_failovers_ = std::make_unique<storage::AccountFailovers>(storage_, scheduler_, random_);
  arm_gateway_ = std::make_unique<arm::Gateway>(scheduler_, arm::GatewayConfig{front_door_.arm_public_base_url});
  // Retry-After 10 s by default: the runbook polls long-running operations every 10 s (simulated
  // drills need not poll 2,400 times an hour); served worlds ask real clients for 1 s.
  arm_operations_ = std::make_unique<arm::OperationRegistry>(
      scheduler_, arm::OperationRegistryConfig{front_door_.arm_retry_after_s});
  storage_arm::StorageArmConfig storage_arm_config;
  storage_arm_config.blob_endpoint = front_door_.blob_endpoint;
  storage_arm_ = std::make_unique<storage_arm::StorageResourceProvider>(*arm_gateway_, *arm_operations_, storage_,
                                                                        *storage_failovers_, storage_arm_config);

  const std::map<std::string, std::string> declared_keys = declared_account_keys(scenario_);
  for (const StorageAccount& a : scenario_.topology.storage_accounts) {
    storage::AccountConfig config;
    config.name = a.name;
    config.key1 = generate_account_key(keys_rng_);
    const auto declared = declared_keys.find(a.name);
    config.key2 = declared != declared_keys.end() ? declared->second : generate_account_key(keys_rng_);
    config.redundancy = to_model(a.redundancy);
    config.primary_location = a.region;
    config.secondary_location = other_region(a.region);
    auto added = storage_.add_account(config);
    if (!added.ok()) return internal("storage account " + a.name, added.status());
    storage::Account& account = **added;
    if (blob_state_) {
      // What an earlier run kept, on both copies, before anything new is written.
      auto restored = blob_state_->restore(account);
      if (!restored.ok()) return restored.status();
      blob_state_->attach(account);
    }
    // Containers that exist before the drill are on both copies (created before replication is
    // attached, so the default link copies them at once).
    for (const std::string& container : a.containers) {
      if (account.primary().find_container(container) != nullptr) continue;  // restored
      const http::Response created =
          blob_front_->handle(blob_request(http::Method::kPut, a.name, false, "/" + container + "?restype=container"));
      if (created.status != 201) {
        return Status::Internal("creating container " + a.name + "/" + container + ": " + describe_error(created));
      }
    }
    if (is_geo_redundant(a.redundancy)) {
      storage::enable_geo_replication(account, scheduler_, random_, storage::GeoReplicationConfig{a.replication_lag_s});
    }
    storage::FailoverConfig timings;
    timings.unplanned_duration_s = a.unplanned_failover_s;
    timings.planned_duration_s = a.planned_failover_s;
    timings.reseed_bytes_per_s = a.reseed_tb_per_day.scaled(kBytesPerSecondPerTbPerDay);
    timings.replication = storage::GeoReplicationConfig{a.replication_lag_s};
    timings.unmodelled_bytes = a.data_size_gb * 1e9;
    storage_failovers_->set_account_config(a.name, timings);
    blob_front_->set_dns_convergence(a.name, a.dns_convergence_s);
  }
  return Status::Ok();
}

// --- SQL ---

Status World::build_sql() {
  sql_ = std::make_unique<sql::SqlService>(scheduler_, state_dir_.empty() ? std::filesystem::path() : state_dir_ / "sql");
  const SqlTopology& topo = scenario_.topology.sql;
  for (const SqlServer& s : topo.servers) {
    auto created = sql_->create_server(sql::ServerSpec{s.name, s.region, s.admin_user, s.admin_password});
    if (!created.ok()) return internal("SQL server " + s.name, created.status());
    for (const SqlLogin& login : s.logins) {
      DRDRILL_RETURN_IF_ERROR((*created)->add_login(login.user, login.password));
    }
    for (const std::string& db : s.databases) {
      auto made = (*created)->create_database(db);
      if (!made.ok()) return internal("SQL database " + s.name + "/" + db, made.status());
    }
  }
  sql::GeoReplicationOptions options;
  options.lag_s = topo.replication.lag_s;
  options.forced_failover_s = topo.replication.forced_failover_s;
  options.planned_failover_base_s = topo.replication.planned_failover_base_s;
  options.seeding_gb_per_hour = topo.replication.seeding_gb_per_hour;
  options.automatic_failover_extra_delay_s = topo.replication.automatic_failover_delay_s;
  options.listener_ttl = topo.dns.listener_ttl;
  sql_->dns().set_server_record_ttl(topo.dns.server_record_ttl);
  sql_geo_ = std::make_unique<sql::GeoReplication>(*sql_, scheduler_, random_, options);
  sql_geo_->set_ledger(&ledger_);
  sql_arm_ = std::make_unique<sql_arm::SqlResourceProvider>(*arm_gateway_, *arm_operations_, *sql_, *sql_geo_);

  lakehouse::LakehouseOptions lake;
  lake.sql_client.dns_cache_ttl = topo.dns.client_cache_ttl;
  data_plane_ = std::make_unique<lakehouse::LakehouseDataPlane>(blob_front_->handler(), *sql_, scheduler_, lake);

  return install_metastore_schema_once();
}

Status World::install_metastore_schema_once() {
  const auto& metastore = scenario_.topology.metastore;
  if (!metastore) return Status::Ok();
  const SqlServer* server = scenario_.topology.sql.server(metastore->server);
  sql::SqlClient admin(*sql_, scheduler_);
  auto connection = admin.connect(jdbc_url_for(metastore->server, metastore->database), server->admin_user,
                                  server->admin_password);
  if (!connection.ok()) return Status::Internal("connecting to the metastore: " + connection.error().to_string());
  // A database file an earlier run left holds the schema already (and its data): keep it, if it
  // is the version drdrill installs.
  auto present = connection->execute({"SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'VERSION'", {}});
  if (!present.ok()) return Status::Internal("reading the metastore: " + present.error().to_string());
  if (std::get<std::int64_t>(present->rows.at(0).at(0)) > 0) {
    auto version = sql::metastore_schema_version(*connection);
    sql::Database* db = sql_->database(metastore->server, metastore->database);
    const std::string file = db != nullptr && db->is_file() ? db->storage().path().string()
                                                            : metastore->server + "/" + metastore->database;
    if (!version.ok()) return Status::FailedPrecondition(file + ": not a metastore drdrill can use: " + version.error().to_string());
    if (*version != sql::kHiveSchemaVersion) {
      return Status::FailedPrecondition(file + ": holds a metastore of schema version " + *version + "; drdrill serves " +
                                        std::string(sql::kHiveSchemaVersion));
    }
    return Status::Ok();
  }
  // A new in-memory database (every simulated drill's) takes the schema as a copy of the
  // process's image of it: the same pages as running the script, for a fraction of the cost. A
  // database file gets the script, once.
  sql::Database* db = sql_->database(metastore->server, metastore->database);
  if (db != nullptr && !db->is_file() && !db->capturing()) {
    const Status loaded = sql::install_metastore_schema_image(*db);
    if (!loaded.ok()) return Status::Internal("installing the metastore schema: " + loaded.to_string());
    return Status::Ok();
  }
  const auto installed = sql::install_metastore_schema(*connection);
  if (!installed.ok()) return Status::Internal("installing the metastore schema: " + installed.error().to_string());
  return Status::Ok();
}

Status World::build_tables() {
  DRDRILL_RETURN_IF_ERROR(register_tables());
  return start_sql_replication();
}

Status World::register_tables() {
  const auto& metastore = scenario_.topology.metastore;
  if (!metastore) return Status::Ok();
  const SqlServer* server = scenario_.topology.sql.server(metastore->server);
  // CI/CD creates the tables as a notebook on a cluster would: through a session whose conf names
  // the metastore (as its admin), every account's key, and the primary region's workspace mounts.
  std::map<std::string, std::string> conf;
  conf[std::string(kSparkConfJdbcUrl)] = jdbc_url_for(metastore->server, metastore->database);
  conf[std::string(kSparkConfJdbcUser)] = server->admin_user;
  conf[std::string(kSparkConfJdbcPassword)] = server->admin_password;
  conf[std::string(kSparkConfJdbcDriver)] = ClusterMetastore{}.driver;
  conf[std::string(kSparkConfMetastoreVersion)] = ClusterMetastore{}.version;
  for (const StorageAccount& a : scenario_.topology.storage_accounts) {
    conf["fs.azure.account.key." + a.name + ".dfs.core.windows.net"] = databricks::base64_encode(account_key(a.name));
  }
  databricks::ClusterDataConfig config = databricks::ClusterDataConfig::from_spark_conf(conf);
  config.workspace = "drdrill-cicd";
  config.cluster_id = "cicd";
  config.started_at = scheduler_.now();
  for (const Workspace& ws : scenario_.topology.workspaces) {
    if (ws.region != scenario_.topology.regions.primary) continue;
    for (const Mount& m : ws.mounts) (void)config.mounts.mount(m.mount_point, m.source);
    break;
  }
  const std::shared_ptr<databricks::ClusterDataSession> session = data_plane_->open_session(config);
  auto run = [&](const std::string& statement) -> Status {
    databricks::SqlRequest request;
    request.text = statement;
    const databricks::SqlOutcome outcome = session->execute_sql(request);
    if (outcome.failure) return Status::Internal(statement + ": " + outcome.failure->message);
    return Status::Ok();
  };
  sql::SqlClient admin(*sql_, scheduler_);
  auto hms = sql::MetastoreClient::for_jdbc_url(admin, jdbc_url_for(metastore->server, metastore->database),
                                                server->admin_user, server->admin_password, scheduler_);
  if (!hms.ok()) return Status::Internal("metastore client: " + hms.error().to_string());
  for (const Table& table : scenario_.topology.tables) {
    const auto [db, name] = split_table_name(table.name);
    DRDRILL_RETURN_IF_ERROR(run("CREATE DATABASE IF NOT EXISTS " + db));
    std::string columns = "id BIGINT, payload STRING";
    for (const std::string& column : table.partition_columns) columns += ", " + column + " STRING";
    DRDRILL_RETURN_IF_ERROR(run("CREATE TABLE IF NOT EXISTS " + db + "." + name + " (" + columns + ") USING DELTA LOCATION '" +
                                table.location + "'"));
    if (table.partition_columns.empty()) continue;
    // The lakehouse's Delta tables have no partitions of their own. The metastore registers the
    // partition columns, so partitions can be added as Hive does (the metastore DDL workload); Hive
    // cannot change a table's partition keys, so the table is registered again with them (its
    // files stay: tables are external).
    auto hive = hms->get_table(db, name);
    if (!hive.ok()) return Status::Internal("metastore table " + table.name + ": " + hive.error().to_string());
    // Registered with its partition columns by an earlier run (a state directory): keep it, and
    // its partitions.
    if (!hive->partition_keys.empty()) continue;
    sql::HiveTable partitioned = *hive;
    for (const std::string& column : table.partition_columns) {
      std::erase_if(partitioned.sd.cols, [&](const sql::FieldSchema& f) { return f.name == column; });
      partitioned.partition_keys.push_back({column, "string", ""});
    }
    if (const auto dropped = hms->drop_table(db, name); !dropped.ok()) {
      return Status::Internal("metastore table " + table.name + ": " + dropped.error().to_string());
    }
    if (const auto made = hms->create_table(partitioned); !made.ok()) {
      return Status::Internal("metastore table " + table.name + ": " + made.error().to_string());
    }
  }
  return Status::Ok();
}

Status World::start_sql_replication() {
  // Replication starts once the metastore holds its schema and tables, so the secondaries are
  // seeded with both.
  const SqlTopology& topo = scenario_.topology.sql;
  for (const ReplicationLink& link : topo.replication_links) {
    auto created = sql_geo_->create_link(link.primary, link.database, link.secondary);
    if (!created.ok()) return internal("replication link for " + link.database, created.status());
  }
  for (const FailoverGroup& group : topo.failover_groups) {
    sql::FailoverGroupSpec spec;
    spec.name = group.name;
    spec.primary_server = group.primary;
    spec.secondary_server = group.secondary;
    spec.databases = group.databases;
    spec.policy = group.policy == FailoverPolicy::kAutomatic ? sql::FailoverPolicy::kAutomatic
                                                               : sql::FailoverPolicy::kManual;
    spec.grace_period = group.grace_period;
    spec.read_only_endpoint_enabled = group.read_only_endpoint;
    DRDRILL_RETURN_IF_ERROR(sql_geo_->create_failover_group(spec));
  }
  return Status::Ok();
}

// --- Databricks ---

http::Response World::rest(WorkspaceHandle& handle, http::Method method, std::string target, const Json* body) {
  return handle.api(databricks_request(handle.host, handle.token, method, std::move(target), body));
}

Status World::build_workspaces() {
  std::int64_t index = 0;
  for (const Workspace& ws : scenario_.topology.workspaces) {
    ++index;
    databricks::WorkspaceConfig config;
    config.name = ws.name;
    config.region = ws.region;
    config.workspace_id = 1000000000000000 + index * 111111111111111;
    config.host = "adb-" + std::to_string(config.workspace_id) + "." + std::to_string(index) + ".azuredatabricks.net";
    // Different id ranges per workspace, so an id of one never means something in the other.
    config.first_object_id = 1000 * index * index;
    WorkspaceHandle handle;
    handle.spec = &ws;
    handle.model = std::make_unique<databricks::Workspace>(config, scheduler_, random_);
    handle.token = "dapi-drdrill-" + ws.name;
    handle.host = config.host;
    handle.model->tokens().add(handle.token, std::string(kDrillUser));
    handle.model->set_key_vaults(&key_vaults_);
    handle.model->set_data_plane(data_plane_.get());  // every driver gets a lakehouse session
    databricks::ClusterTimings timings;
    timings.start_s = ws.timings.cluster_start_s;
    timings.start_s_max = to_seconds(ws.timings.cluster_start_max);
    timings.restart_s = ws.timings.cluster_restart_s;
    timings.terminate_s = ws.timings.cluster_terminate_s;
    handle.model->clusters().set_timings(timings);
    handle.model->jobs().set_timings(databricks::JobTimings{ws.timings.task_duration_s});
    handle.api = databricks::make_rest_api(*handle.model);
    auto [it, inserted] = workspaces_.emplace(ws.name, std::move(handle));
    DRDRILL_RETURN_IF_ERROR(deploy_workspace(it->second, lagging_at_start(scenario_, ws.name)));
  }
  return Status::Ok();
}

Status World::deploy_workspace(WorkspaceHandle& handle, const CicdSyncLag& skip) {
  const Workspace& ws = *handle.spec;
  for (const Notebook& notebook : ws.notebooks) {
    if (contains(skip.notebooks, notebook.path)) continue;
    DRDRILL_RETURN_IF_ERROR(deploy_notebook(handle, notebook));
  }
  for (const SecretScope& scope : ws.secret_scopes) {
    Json body = {{"scope", scope.name}};
    if (scope.backend == SecretScopeBackend::kAzureKeyVault) {
      body["scope_backend_type"] = "AZURE_KEYVAULT";
      body["backend_azure_keyvault"] = {{"resource_id", key_vault_resource_id(ws.name, scope.name)},
                                        {"dns_name", key_vault_dns_name(ws.name, scope.name)}};
    }
    const http::Response created = rest(handle, http::Method::kPost, "/api/2.0/secrets/scopes/create", &body);
    if (created.status != 200) {
      return Status::Internal("secret scope " + ws.name + "/" + scope.name + ": " + describe_error(created));
    }
    for (const auto& [key, value] : scope.secrets) {
      if (contains(skip.secrets, scope.name + "/" + key)) continue;
      DRDRILL_RETURN_IF_ERROR(deploy_secret(handle, scope, key));
    }
  }
  for (const Mount& mount : ws.mounts) {
    const Json body = {{"mount_point", mount.mount_point}, {"source", mount.source}};
    const http::Response made = rest(handle, http::Method::kPost, "/api/2.0/drdrill/mounts/create", &body);
    if (made.status != 200) return Status::Internal("mount " + ws.name + ":" + mount.mount_point + ": " + describe_error(made));
  }
  for (const Cluster& cluster : ws.clusters) {
    if (contains(skip.clusters, cluster.name)) continue;
    DRDRILL_RETURN_IF_ERROR(deploy_cluster(handle, cluster));
  }
  return Status::Ok();
}

Status World::deploy_notebook(WorkspaceHandle& handle, const Notebook& notebook) {
  const std::string parent = notebook.path.substr(0, notebook.path.rfind('/'));
  if (!parent.empty()) {
    const Json dirs = {{"path", parent}};
    const http::Response made = rest(handle, http::Method::kPost, "/api/2.0/workspace/mkdirs", &dirs);
    if (made.status != 200) return Status::Internal("mkdirs " + parent + ": " + describe_error(made));
  }
  const Json body = {{"path", notebook.path},
                     {"format", "SOURCE"},
                     {"language", std::string(enum_name(notebook.language))},
                     {"overwrite", true},
                     {"content", databricks::base64_encode(notebook_source(notebook))}};
  const http::Response imported = rest(handle, http::Method::kPost, "/api/2.0/workspace/import", &body);
  if (imported.status != 200) {
    return Status::Internal("notebook " + handle.spec->name + ":" + notebook.path + ": " + describe_error(imported));
  }
  return Status::Ok();
}

Status World::deploy_secret(WorkspaceHandle& handle, const SecretScope& scope, const std::string& key) {
  const std::string& value = scope.secrets.at(key);
  if (scope.backend == SecretScopeBackend::kAzureKeyVault) {
    key_vaults_.put(key_vault_dns_name(handle.spec->name, scope.name), key, value, scheduler_.now());
    return Status::Ok();
  }
  const Json body = {{"scope", scope.name}, {"key", key}, {"string_value", value}};
  const http::Response put = rest(handle, http::Method::kPost, "/api/2.0/secrets/put", &body);
  if (put.status != 200) return Status::Internal("secret " + scope.name + "/" + key + ": " + describe_error(put));
  return Status::Ok();
}

Status World::deploy_cluster(WorkspaceHandle& handle, const Cluster& cluster) {
  std::map<std::string, std::string> conf = cluster.effective_spark_conf();
  // The storage account keys CI/CD puts in every cluster's conf (the scenario cannot know the
  // world's keys); a key the scenario sets itself is left as written.
  for (const StorageAccount& a : scenario_.topology.storage_accounts) {
    const std::string dfs = "fs.azure.account.key." + a.name + ".dfs.core.windows.net";
    const std::string blob = "fs.azure.account.key." + a.name + ".blob.core.windows.net";
    if (conf.contains(dfs) || conf.contains(blob)) continue;
    conf[dfs] = databricks::base64_encode(account_key(a.name));
  }
  const Json body = {{"cluster_name", cluster.name},
                     {"spark_version", cluster.spark_version},
                     {"node_type_id", cluster.node_type},
                     {"num_workers", cluster.num_workers},
                     {"spark_conf", conf}};
  const http::Response created = rest(handle, http::Method::kPost, "/api/2.1/clusters/create", &body);
  const auto json = json_body(created);
  if (created.status != 200 || !json || !json->contains("cluster_id")) {
    return Status::Internal("cluster " + handle.spec->name + "/" + cluster.name + ": " + describe_error(created));
  }
  const std::string id = (*json)["cluster_id"].get<std::string>();
  cluster_ids_[handle.spec->name].insert_or_assign(cluster.name, id);
  if (cluster.state == ClusterState::kTerminated) {
    // What CI/CD leaves in the passive workspace: "Remember to terminate the cluster".
    const Json stop = {{"cluster_id", id}};
    const http::Response stopped = rest(handle, http::Method::kPost, "/api/2.1/clusters/delete", &stop);
    if (stopped.status != 200) return Status::Internal("terminating cluster " + cluster.name + ": " + describe_error(stopped));
  }
  return Status::Ok();
}

Status World::deploy_job(WorkspaceHandle& handle, const Job& job) {
  Json task = {{"task_key", "main"},
               {"existing_cluster_id", cluster_id(handle.spec->name, job.cluster)},
               {"notebook_task", {{"notebook_path", job.notebook}}}};
  Json body = {{"name", job.name}, {"max_concurrent_runs", job.max_concurrent_runs}, {"tasks", Json::array({task})}};
  if (job.schedule) {
    body["schedule"] = {{"quartz_cron_expression", job.schedule->quartz_cron},
                        {"timezone_id", "UTC"},
                        {"pause_status", job.schedule->paused ? "PAUSED" : "UNPAUSED"}};
  }
  if (job.queue) body["queue"] = {{"enabled", true}};
  const http::Response created = rest(handle, http::Method::kPost, "/api/2.2/jobs/create", &body);
  if (created.status != 200) return Status::Internal("job " + handle.spec->name + "/" + job.name + ": " + describe_error(created));
  return Status::Ok();
}

}  // namespace drdrill::sim
