#include "sim/workload_driver.h"

#include <cstdio>
#include <memory>
#include <utility>

#include "core/delay.h"
#include "databricks/cluster.h"
#include "databricks/task_work.h"
#include "sim/call.h"
#include "sim/cluster_access.h"
#include "sql/metastore_client.h"
#include "sql/sql_client.h"
#include "world_internal.h"

namespace drdrill::sim {
namespace {

constexpr Duration kClientTimeout = std::chrono::seconds(30);

std::string numbered(std::int64_t n) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%06lld", static_cast<long long>(n));
  return buf;
}

// A metastore failure with the cause in brackets, as the lakehouse names it, so findings classify it.
std::string describe(const sql::MetastoreError& e) {
  const int number = e.sql_number();
  std::string cause = "metastore.other";
  if (number == 3906) {
    cause = "metastore.read_only";
  } else if (number == 18456) {
    cause = "metastore.login_failed";
  } else if (e.is_transient() || (e.sql && e.sql->connection_failure)) {
    cause = "metastore.unavailable";
  }
  return "[" + cause + "] " + e.to_string();
}

}  // namespace

WorkloadDriver::WorkloadDriver(World& world, DrillState& state, Timeline& timeline, TimePoint run_end,
                               std::string name_prefix)
    : world_(world),
      state_(state),
      timeline_(timeline),
      run_end_(run_end),
      name_prefix_(std::move(name_prefix)),
      front_(world.blob_front().handler()) {}

void WorkloadDriver::start(TaskGroup& tasks) {
  const Workload& workload = world_.scenario().workload;
  for (const JobWrite& write : workload.job_writes) {
    for (const Workspace& ws : world_.scenario().topology.workspaces) {
      if (const Job* job = ws.job(write.job)) {
        world_.workspace(ws.name).model->task_works().set_for_notebook(
            job->notebook, std::make_shared<databricks::InsertRowsWork>(write.table, write.rows_per_run));
      }
    }
  }
  for (std::size_t i = 0; i < workload.blob_writes.size(); ++i) tasks.spawn(blob_stream(i), "workload.blob.start");
  for (std::size_t i = 0; i < workload.metastore_ddl.size(); ++i) tasks.spawn(ddl_stream(i), "workload.ddl.start");
}

Task<void> WorkloadDriver::blob_stream(std::size_t index) {
  const BlobWrite& w = world_.scenario().workload.blob_writes[index];
  Scheduler& sched = world_.scheduler();
  const TimePoint stop = w.window.end ? std::min(run_end_, world_.epoch() + *w.window.end) : run_end_;
  const std::string content(static_cast<std::size_t>(w.blob_bytes), 'x');
  std::int64_t n = 0;
  for (TimePoint t = world_.epoch() + w.window.start; t < stop; t += w.every) {
    co_await delay_until(sched, t, "workload.blob");
    ++n;
    http::Request request =
        world_.blob_request(http::Method::kPut, w.account, false, "/" + w.container + "/" + w.prefix + (name_prefix_ + numbered(n)) + ".bin", content);
    const storage::OutageMode mode = world_.blob_front().outage_mode(request);
    const CallOutcome outcome = co_await call(sched, front_, std::move(request), reach_of(mode), kClientTimeout);
    state_.count(outcome.ok() ? "workload.blob_writes.acknowledged" : "workload.blob_writes.failed");
  }
}

std::optional<std::string> WorkloadDriver::run_ddl(const MetastoreDdl& ddl, std::int64_t n) {
  // As a job on the active workspace's cluster: its Spark conf decides where the DDL goes.
  auto running = running_cluster(world_, state_.active_workspace);
  if (!running.ok()) return running.status().message();
  const databricks::Cluster* cluster = *running;
  if (cluster->data_config == nullptr || !cluster->data_config->metastore) {
    return "cluster " + cluster->name() + " has no external metastore";
  }
  const databricks::ClusterDataConfig& config = *cluster->data_config;
  sql::SqlClient client(world_.sql(), world_.scheduler(),
                        sql::SqlClientOptions{world_.scenario().topology.sql.dns.client_cache_ttl});
  auto hms = sql::MetastoreClient::for_jdbc_url(client, config.metastore->jdbc_url, config.metastore->user,
                                                config.metastore->password, world_.scheduler());
  if (!hms.ok()) return describe(hms.error());

  if (const auto* add = std::get_if<AddPartition>(&ddl.operation)) {
    const auto [db, name] = split_table_name(add->table);
    auto table = hms->get_table(db, name);
    if (!table.ok()) return describe(table.error());
    // The partition's data: one file, written through the cluster's mount, then registered.
    const std::string value = format_iso8601(world_.scheduler().now()).substr(0, 10) + "_" + (name_prefix_ + numbered(n));
    std::vector<std::string> values;
    std::string dir;
    for (const sql::FieldSchema& key : table->partition_keys) {
      values.push_back(values.empty() ? value : "0");
      dir += (dir.empty() ? "" : "/") + key.name + "=" + values.back();
    }
    if (values.empty()) return "table " + add->table + " has no partition columns";
    const std::string location = table->sd.location + "/" + dir;
    auto resolved = config.mounts.resolve(location);
    if (!resolved.ok()) return "cannot resolve " + location + ": " + resolved.error().message();
    http::Request put = world_.blob_request(
        http::Method::kPut, resolved->account, resolved->secondary,
        "/" + resolved->container + "/" + resolved->path + "/part-00000-" + (name_prefix_ + numbered(n)) + ".parquet", std::string(1024, 'p'));
    const http::Response written = world_.blob_front().handle(put);
    if (written.status != 201) {
      const bool refused = written.status == 403 && resolved->secondary;
      return std::string(refused ? "[storage.write_refused] " : "[storage.unavailable] ") + "partition file " +
             resolved->to_uri() + ": " + describe_error(written);
    }
    sql::HivePartition partition;
    partition.values = values;
    partition.db_name = db;
    partition.table_name = name;
    partition.sd.location = location;
    if (const auto added = hms->add_partition(partition); !added.ok()) return describe(added.error());
    return std::nullopt;
  }
  const auto& create = std::get<CreateTable>(ddl.operation);
  if (!hms->get_database(create.database).ok()) {
    sql::HiveDatabase database;
    database.name = create.database;
    database.location_uri = "dbfs:/user/hive/warehouse/" + create.database + ".db";
    database.owner_name = std::string(kDrillUser);
    if (const auto made = hms->create_database(database); !made.ok()) return describe(made.error());
  }
  Table spec;
  spec.name = create.database + ".t_" + (name_prefix_ + numbered(n));
  spec.location = "dbfs:/user/hive/warehouse/" + create.database + ".db/t_" + (name_prefix_ + numbered(n));
  if (const auto made = hms->create_table(hive_table(spec)); !made.ok()) return describe(made.error());
  return std::nullopt;
}

Task<void> WorkloadDriver::ddl_stream(std::size_t index) {
  const MetastoreDdl& ddl = world_.scenario().workload.metastore_ddl[index];
  Scheduler& sched = world_.scheduler();
  const TimePoint stop = ddl.window.end ? std::min(run_end_, world_.epoch() + *ddl.window.end) : run_end_;
  std::int64_t n = 0;
  bool failing = false;
  for (TimePoint t = world_.epoch() + ddl.window.start; t < stop; t += ddl.every) {
    co_await delay_until(sched, t, "workload.ddl");
    ++n;
    const std::optional<std::string> failure = run_ddl(ddl, n);
    state_.count(failure ? "workload.metastore_ddl.failed" : "workload.metastore_ddl.acknowledged");
    if (failure) {
      if (const auto finding = finding_of_failure(*failure)) state_.findings.insert(*finding);
      if (!failing) timeline_.record("workload", "metastore DDL failing: " + *failure);
    } else if (failing) {
      timeline_.record("workload", "metastore DDL succeeding again");
    }
    failing = failure.has_value();
  }
}

}  // namespace drdrill::sim
