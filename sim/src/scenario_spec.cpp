// The scenario format, field by field: the one table the loader, the JSON Schema and the field
// reference are made from (see spec.h). Defaults cite their row of
// shared/reference/dr-parameters.md ("S1", "Q2", "B1", "D9", ...); "seed" marks values taken from
// the walkthrough the drills rehearse; "assumption" marks values with no reference figure.

#include <set>

#include "sim/assertions.h"
#include "sim/faults.h"
#include "sim/probes.h"
#include "sim/runbook.h"
#include "sim/storage_topology.h"
#include "sim/topology.h"
#include "sim/workload.h"
#include "sim/workspace_topology.h"
#include "spec.h"

namespace drdrill::sim::spec {

namespace {

Type name_type() { return string_type(&kNameFormat); }
Type region_type() { return string_type(&kRegionFormat); }
Type account_type() { return string_type(&kStorageAccountFormat); }
Type container_type() { return string_type(&kContainerFormat); }
Type server_type() { return string_type(&kSqlServerFormat); }
Type database_type() { return string_type(&kSqlDatabaseFormat); }
Type table_type() { return string_type(&kTableNameFormat); }
Type text_type() { return string_type(&kNonEmptyFormat); }
Type any_string() { return string_type(); }
Type duration() { return duration_type(false); }
Type positive_duration() { return duration_type(true); }
Type duration_distribution() { return distribution_type(Quantity::kDuration); }
Type rate_type() { return number_type(0, /*exclusive_min=*/true, 1.0); }
Type enabled_type() { return bool_type(); }

Field enabled_field(std::string what) {
  return field("enabled", enabled_type(), "Whether the runbook " + std::move(what) + ".").fallback("true");
}

// ---------------------------------------------------------------------------------------------
// topology

const ObjectSpec& regions_spec() {
  static const ObjectSpec spec{
      "regions",
      "The two regions of the active-passive deployment. Names are free; Azure region names read best. Every "
      "`region` elsewhere in the file must name one of these two.",
      {
          field("primary", region_type(), "The region that serves before the outage.")
              .fallback(R"("eastus")")
              .from("seed"),
          field("secondary", region_type(), "The paired region the deployment fails over to.")
              .fallback(R"("westus")")
              .from("seed"),
      }};
  return spec;
}

const ObjectSpec& storage_account_spec() {
  static const ObjectSpec spec{
      "storage_account",
      "An ADLS Gen2 / Blob storage account. Geo-redundant accounts replicate every acknowledged write to the "
      "other region after a drawn lag; RA-* accounts serve that copy read-only at `<name>-secondary`.",
      {
          field("name", account_type(), "The account name; its endpoints are <name>.blob/.dfs.core.windows.net.")
              .require(),
          field("region", region_type(), "The account's primary region; a geo-redundant copy lives in the other one.")
              .require(),
          field("redundancy", enum_type<Redundancy>(), "Replication of the account (the SKU's suffix).")
              .fallback(R"("RA-GRS")")
              .from("seed"),
          field("containers", array_type(container_type()),
                "Containers that exist before the drill starts. Tables, mounts, workloads and probes may only name "
                "these.")
              .fallback("[]"),
          field("replication_lag", duration_distribution(),
                "Time from a write's acknowledgement on the primary to its arrival on the secondary. \"Typically "
                "under 15 minutes\", no SLA: log-normal with P(lag <= 15 min) = 0.99 and a 2 min median.")
              .fallback(R"({"lognormal": {"median": "2min", "p99": "15min"}})")
              .from("S1"),
          field("unplanned_failover_duration", duration_distribution(),
                "Customer-managed unplanned failover, request to completion (\"typically about an hour\"). "
                "Writes the secondary had not received are lost; the account ends up LRS.")
              .fallback(R"({"triangular": {"lo": "15min", "mode": "40min", "hi": "60min"}})")
              .from("S3"),
          field("planned_failover_duration", duration_distribution(),
                "Customer-managed planned failover (replication completes first, nothing is lost).")
              .fallback(R"({"triangular": {"lo": "15min", "mode": "40min", "hi": "60min"}})")
              .from("S4"),
          field("dns_convergence", duration_distribution(),
                "How long clients keep reaching the old endpoint after the failover switches DNS (undocumented; "
                "a placeholder).")
              .fallback(R"({"uniform": {"lo": "0s", "hi": "5min"}})")
              .from("S6"),
          field("reseed_tb_per_day", distribution_type(Quantity::kPositiveNumber),
                "Throughput of re-seeding the secondary after geo-redundancy is re-enabled, in TB per day "
                "(placeholder range).")
              .fallback(R"({"uniform": {"lo": 1, "hi": 10}})")
              .from("S7"),
          field("data_size_gb", number_type(0, false), "Data already in the account, in GB; with `reseed_tb_per_day` it "
                "sets how long a re-seed takes.")
              .fallback("1000")
              .from("assumption"),
      }};
  return spec;
}

const ObjectSpec& sql_login_spec() {
  static const ObjectSpec spec{"sql_login",
                               "A SQL login of a logical server. Logins are not geo-replicated (2b.9): the "
                               "secondary server needs its own.",
                               {
                                   field("user", text_type(), "The login name (compared case-insensitively).").require(),
                                   field("password", text_type(), "Its password.").require(),
                               }};
  return spec;
}

const ObjectSpec& sql_server_spec() {
  static const ObjectSpec spec{
      "sql_server",
      "An Azure SQL logical server, <name>.database.windows.net.",
      {
          field("name", server_type(), "The server name.").require(),
          field("region", region_type(), "The region the server is in.").require(),
          field("admin_user", text_type(), "The server admin login.").fallback(R"("sqladmin")"),
          field("admin_password", text_type(), "The server admin's password.").fallback(R"("Drill-Admin-1")"),
          field("logins", array_type(object_type(sql_login_spec())), "Further SQL logins of the server.")
              .fallback("[]"),
          field("databases", array_type(database_type()),
                "Databases created on this server before the drill. Geo-secondaries are made by "
                "`replication_links` and `failover_groups`; do not list them here.")
              .fallback("[]"),
      }};
  return spec;
}

const ObjectSpec& replication_link_spec() {
  static const ObjectSpec spec{
      "replication_link",
      "Active geo-replication of one database without a failover group. After a failover the database is on "
      "another server, so clients must be re-pointed (2b.6).",
      {
          field("database", database_type(), "A database of the primary server.").require(),
          field("primary", server_type(), "The server holding the database.").require(),
          field("secondary", server_type(), "The server in the other region that gets the readable secondary.")
              .require(),
      }};
  return spec;
}

const ObjectSpec& failover_group_spec() {
  static const ObjectSpec spec{
      "failover_group",
      "A failover group: its databases fail over together and clients use its listeners "
      "<name>.database.windows.net (read-write) and <name>.secondary.database.windows.net (read-only), which "
      "follow the roles (2b.5).",
      {
          field("name", server_type(), "The group name; it shares the DNS namespace with server names.").require(),
          field("primary", server_type(), "The server holding the databases.").require(),
          field("secondary", server_type(), "The partner server in the other region.").require(),
          field("databases", array_type(database_type(), 1), "Databases of the primary server in the group.")
              .require(),
          field("policy", enum_type<FailoverPolicy>(),
                "Who fails the group over: the customer (Manual, recommended) or Microsoft after the grace period, "
                "for a whole region (Automatic).")
              .fallback(R"("Manual")")
              .from("2b.4"),
          field("grace_period", positive_duration(),
                "With the Automatic policy, how long the primary's region must be down before Microsoft may act; "
                "at least 1h.")
              .fallback(R"("1h")")
              .from("Q5"),
          field("read_only_endpoint", bool_type(), "Whether the read-only listener is enabled.").fallback("false"),
      }};
  return spec;
}

const ObjectSpec& sql_replication_spec() {
  static const ObjectSpec spec{
      "sql_replication",
      "Timings of geo-replication and failover, for every replication link and failover group.",
      {
          field("lag", duration_distribution(),
                "Time from a commit on the primary to its arrival on the secondary (SLA RPO 5 s; well under a "
                "second typically).")
              .fallback(R"({"lognormal": {"median": "500ms", "p99": "5s"}})")
              .from("Q1"),
          field("forced_failover_duration", duration_distribution(),
                "Forced failover, request to promoted secondary. Commits still in flight are lost.")
              .fallback(R"({"triangular": {"lo": "10s", "mode": "30s", "hi": "60s"}})")
              .from("Q2"),
          field("planned_failover_base", duration_distribution(),
                "Planned failover, on top of draining the commits still in flight (nothing is lost).")
              .fallback(R"("30s")")
              .from("Q3"),
          field("seeding_gb_per_hour", distribution_type(Quantity::kPositiveNumber),
                "Seeding and re-seeding throughput of a secondary, GB per hour.")
              .fallback(R"({"uniform": {"lo": 50, "hi": 500}})")
              .from("Q9"),
          field("automatic_failover_delay", duration_distribution(),
                "With the Automatic policy, Microsoft's delay after the grace period (\"likely several hours\"; "
                "the p99 is an assumption).")
              .fallback(R"({"lognormal": {"median": "4h", "p99": "12h"}})")
              .from("D10"),
      }};
  return spec;
}

const ObjectSpec& sql_dns_spec() {
  static const ObjectSpec spec{
      "sql_dns",
      "How long clients keep DNS answers for Azure SQL names.",
      {
          field("listener_ttl", positive_duration(), "TTL of the failover group listeners' records.")
              .fallback(R"("30s")")
              .from("Q4"),
          field("server_record_ttl", positive_duration(),
                "TTL of a server's own name (it never moves, so this only bounds caching).")
              .fallback(R"("5min")")
              .from("assumption"),
          field("client_cache_ttl", positive_duration(),
                "The client's own cap on caching an answer (a JVM's networkaddress.cache.ttl).")
              .fallback(R"("30s")")
              .from("D5"),
      }};
  return spec;
}

const ObjectSpec& sql_spec() {
  static const ObjectSpec spec{
      "sql",
      "Azure SQL: servers, geo-replication and its timings, and DNS.",
      {
          field("servers", array_type(object_type(sql_server_spec())), "Logical servers.").fallback("[]"),
          field("replication_links", array_type(object_type(replication_link_spec())),
                "Databases geo-replicated without a failover group.")
              .fallback("[]"),
          field("failover_groups", array_type(object_type(failover_group_spec())), "Failover groups.")
              .fallback("[]"),
          field("replication", object_type(sql_replication_spec()), "Replication and failover timings.")
              .fallback("{}"),
          field("dns", object_type(sql_dns_spec()), "DNS TTLs.").fallback("{}"),
      }};
  return spec;
}

const ObjectSpec& metastore_spec() {
  static const ObjectSpec spec{
      "metastore",
      "The SQL database that holds the external Hive metastore, where `tables` are registered. Required when "
      "the scenario has tables.",
      {
          field("server", server_type(), "The server the metastore database is created on (its primary).")
              .require(),
          field("database", database_type(), "The metastore database; one of the server's `databases`.").require(),
      }};
  return spec;
}

const ObjectSpec& table_spec() {
  static const ObjectSpec spec{
      "table",
      "A table registered in the metastore, with its data files in storage.",
      {
          field("name", table_type(), "<database>.<table>, as Spark SQL names it.").require(),
          field("format", enum_type<TableFormat>(), "The table format.").fallback(R"("delta")"),
          field("location", string_type(&kTableLocationFormat),
                "Where the data lives: an abfss:// URI of a declared account and container, or dbfs:/mnt/... "
                "resolved through each workspace's mounts (how the seed's passive workspace reads the RA-GRS "
                "secondary under the same table paths).")
              .require(),
          field("partition_columns", array_type(string_type(&kHiveIdentifierFormat)),
                "Partition columns; `add_partition` DDL needs at least one.")
              .fallback("[]"),
      }};
  return spec;
}

const ObjectSpec& notebook_spec() {
  static const ObjectSpec spec{"notebook",
                               "A notebook CI/CD has deployed to the workspace.",
                               {
                                   field("path", string_type(&kWorkspacePathFormat), "Its workspace path.").require(),
                                   field("language", enum_type<NotebookLanguage>(), "Its language.")
                                       .fallback(R"("PYTHON")"),
                               }};
  return spec;
}

const ObjectSpec& secret_scope_spec() {
  static const ObjectSpec spec{
      "secret_scope",
      "A secret scope of the workspace. Spark conf values written \"{{secrets/<scope>/<key>}}\" are resolved from "
      "it when a cluster starts; a missing secret stops the start.",
      {
          field("name", string_type(&kSecretNameFormat), "The scope name.").require(),
          field("backend", enum_type<SecretScopeBackend>(), "Where the secrets are kept.")
              .fallback(R"("DATABRICKS")"),
          field("secrets", map_type(any_string(), &kSecretNameFormat),
                "The scope's secrets, key to value (the Key Vault's content for AZURE_KEYVAULT).")
              .fallback("{}"),
      }};
  return spec;
}

const ObjectSpec& mount_spec() {
  static const ObjectSpec spec{
      "mount",
      "A DBFS mount point. Clusters read the table the mounts named when their driver started.",
      {
          field("mount_point", string_type(&kMountPointFormat), "\"/mnt/<name>\".").require(),
          field("source", string_type(&kAbfssFormat),
                "The storage location: <account>.dfs... reaches the primary endpoint, <account>-secondary.dfs... "
                "the RA-GRS secondary (read-only).")
              .require(),
      }};
  return spec;
}

const ObjectSpec& cluster_metastore_spec() {
  static const ObjectSpec spec{
      "cluster_metastore",
      "The external Hive metastore settings of a cluster's Spark conf (the seed's spark.hadoop.javax.jdo.option.* "
      "and spark.sql.hive.metastore.* keys).",
      {
          field("jdbc_url", string_type(&kJdbcUrlFormat),
                "ConnectionURL: a server's name (plain geo-replication; must be re-pointed at failover) or a failover "
                "group listener (moves by itself).")
              .require(),
          field("user", text_type(), "ConnectionUserName: a login of the server the URL reaches.").require(),
          field("password", text_type(), "ConnectionPassword: a literal or \"{{secrets/<scope>/<key>}}\".").require(),
          field("driver", text_type(), "ConnectionDriverName.")
              .fallback(R"("com.microsoft.sqlserver.jdbc.SQLServerDriver")")
              .from("seed"),
          field("version", text_type(), "spark.sql.hive.metastore.version.").fallback(R"("2.3.7")").from("seed"),
          field("jars", text_type(), "spark.sql.hive.metastore.jars.").fallback(R"("builtin")").from("seed"),
      }};
  return spec;
}

const ObjectSpec& cluster_spec() {
  static const ObjectSpec spec{
      "cluster",
      "An all-purpose cluster of the workspace.",
      {
          field("name", name_type(), "The cluster name; jobs name it.").require(),
          field("spark_version", text_type(), "The Databricks Runtime (not modelled; reported).")
              .fallback(R"("13.3.x-scala2.12")"),
          field("node_type", text_type(), "The VM size (not modelled; reported).").fallback(R"("Standard_DS3_v2")"),
          field("num_workers", integer_type(0, 1000), "Worker count.").fallback("2"),
          field("state", enum_type<ClusterState>(),
                "The state at the drill's start; the passive workspace's clusters are TERMINATED (seed step 3).")
              .fallback(R"("TERMINATED")")
              .from("seed"),
          field("metastore", object_type(cluster_metastore_spec()),
                "The external Hive metastore it uses; leave out for none.")
              .fallback_note("no external metastore"),
          field("spark_conf", map_type(any_string()),
                "Further Spark conf, as written (values may be secret references). Keys the `metastore` settings "
                "produce may not be repeated here.")
              .fallback("{}"),
      }};
  return spec;
}

const ObjectSpec& job_schedule_spec() {
  static const ObjectSpec spec{
      "job_schedule",
      "A job's schedule (evaluated in UTC).",
      {
          field("quartz_cron", string_type(&kQuartzCronFormat), "Quartz cron expression, e.g. \"0 */15 * * * ?\".")
              .require(),
          field("paused", bool_type(), "PAUSED: the schedule fires nothing (how the passive workspace holds jobs).")
              .fallback("false")
              .from("seed"),
      }};
  return spec;
}

const ObjectSpec& job_spec() {
  static const ObjectSpec spec{
      "job",
      "A notebook job on an all-purpose cluster of the same workspace.",
      {
          field("name", name_type(), "The job name; the workload and the runbook refer to jobs by name.").require(),
          field("notebook", string_type(&kWorkspacePathFormat), "A notebook of the workspace.").require(),
          field("cluster", name_type(), "A cluster of the workspace.").require(),
          field("max_concurrent_runs", integer_type(0, 1000),
                "0 skips every new run: how the passive workspace holds its jobs (seed step 2).")
              .fallback("1")
              .from("B4"),
          field("schedule", object_type(job_schedule_spec()), "Its schedule; leave out for none.")
              .fallback_note("no schedule"),
          field("queue", bool_type(), "Queue runs at the concurrency limit instead of skipping them.")
              .fallback("false")
              .from("B5"),
      }};
  return spec;
}

const ObjectSpec& workspace_timings_spec() {
  static const ObjectSpec spec{
      "workspace_timings",
      "How long the workspace's clusters and tasks take.",
      {
          field("cluster_start", duration_distribution(),
                "Cluster start to RUNNING: ~5-7 min; log-normal median 6 min, p95 12 min (p99 ~16 min).")
              .fallback(R"({"lognormal": {"median": "6min", "p99": "16min"}})")
              .from("B1"),
          field("cluster_start_max", positive_duration(), "Starts are truncated here.")
              .fallback(R"("30min")")
              .from("B1"),
          field("cluster_restart", duration_distribution(), "Restart of a running cluster.")
              .fallback(R"({"lognormal": {"median": "2min", "p99": "8min"}})")
              .from("assumption"),
          field("cluster_terminate", duration_distribution(), "Termination.")
              .fallback(R"({"uniform": {"lo": "15s", "hi": "60s"}})")
              .from("assumption"),
          field("task_duration", duration_distribution(), "How long a job task's code runs once its cluster is up.")
              .fallback(R"({"lognormal": {"median": "1min", "p99": "10min"}})")
              .from("assumption"),
      }};
  return spec;
}

const ObjectSpec& workspace_spec() {
  static const ObjectSpec spec{
      "workspace",
      "A Databricks workspace and what CI/CD has deployed to it.",
      {
          field("name", name_type(), "The workspace name (\"primary\", \"secondary\").").require(),
          field("region", region_type(), "Its region; a regional outage takes its control plane and compute.")
              .require(),
          field("notebooks", array_type(object_type(notebook_spec())), "Deployed notebooks.").fallback("[]"),
          field("secret_scopes", array_type(object_type(secret_scope_spec())), "Secret scopes.").fallback("[]"),
          field("mounts", array_type(object_type(mount_spec())), "DBFS mount points.").fallback("[]"),
          field("clusters", array_type(object_type(cluster_spec())), "All-purpose clusters.").fallback("[]"),
          field("jobs", array_type(object_type(job_spec())), "Jobs.").fallback("[]"),
          field("timings", object_type(workspace_timings_spec()), "Cluster and task timings.").fallback("{}"),
      }};
  return spec;
}

const ObjectSpec& topology_spec() {
  static const ObjectSpec spec{
      "topology",
      "The world the drill starts from.",
      {
          field("regions", object_type(regions_spec()), "The two regions.").fallback("{}"),
          field("storage_accounts", array_type(object_type(storage_account_spec())), "Storage accounts.")
              .fallback("[]"),
          field("sql", object_type(sql_spec()), "Azure SQL.").fallback("{}"),
          field("metastore", object_type(metastore_spec()), "Where the Hive metastore lives.")
              .fallback_note("none (required when there are tables)"),
          field("tables", array_type(object_type(table_spec())), "Tables registered in the metastore.")
              .fallback("[]"),
          field("workspaces", array_type(object_type(workspace_spec())), "Databricks workspaces.").fallback("[]"),
      }};
  return spec;
}

// ---------------------------------------------------------------------------------------------
// workload

const ObjectSpec& job_write_spec() {
  static const ObjectSpec spec{
      "job_write",
      "A job that inserts rows into a Delta table on every run (data files in storage, a log entry, the table in "
      "the metastore). Runs come from the job's schedule in whichever workspace it is released.",
      {
          field("job", name_type(), "A job name; applies to the job of that name in every workspace.").require(),
          field("table", table_type(), "A table of `topology.tables`.").require(),
          field("rows_per_run", integer_type(1, 1e9), "Rows each run inserts.").fallback("1000").from("assumption"),
          field("bytes_per_row", integer_type(1, 1e7), "Size of a row in the data files.")
              .fallback("100")
              .from("assumption"),
      }};
  return spec;
}

const ObjectSpec& add_partition_spec() {
  static const ObjectSpec spec{"metastore_ddl_add_partition",
                               "Adds a partition to a partitioned table.",
                               {field("table", table_type(), "A table with `partition_columns`.").require()}};
  return spec;
}

const ObjectSpec& create_table_spec() {
  static const ObjectSpec spec{
      "metastore_ddl_create_table",
      "Creates a new table.",
      {field("database", string_type(&kHiveIdentifierFormat), "The Hive database the tables go in.").require()}};
  return spec;
}

std::vector<Field> window_fields() {
  return {
      field("start", duration(), "When the stream starts, as time since the drill's start.").fallback(R"("0s")"),
      field("end", end_type(), "When it stops, as time since the drill's start, or \"never\".")
          .fallback(R"("never")"),
  };
}

const TaggedSpec& metastore_ddl_spec() {
  static const TaggedSpec spec = [] {
    TaggedSpec s;
    s.name = "metastore_ddl";
    s.description = "Metastore DDL run at a fixed interval (straight against the metastore, as a job would).";
    s.tag = "operation";
    s.tag_description = "What each statement does.";
    s.common = {field("every", positive_duration(), "The interval between statements.").require()};
    for (Field& f : window_fields()) s.common.push_back(std::move(f));
    s.variants = {{std::string(AddPartition::kOperation), &add_partition_spec()},
                  {std::string(CreateTable::kOperation), &create_table_spec()}};
    s.seal();
    return s;
  }();
  return spec;
}

const ObjectSpec& blob_write_spec() {
  static const ObjectSpec spec = [] {
    ObjectSpec s{
        "blob_write",
        "Blobs written straight to a storage account's primary endpoint at a fixed interval.",
        {
            field("account", account_type(), "A storage account.").require(),
            field("container", container_type(), "One of its containers.").require(),
            field("every", positive_duration(), "The interval between writes.").require(),
            field("blob_bytes", integer_type(0, 268435456), "Size of each blob.").fallback("4096").from("assumption"),
            field("prefix", any_string(), "Blob names start with this.").fallback(R"("workload/")"),
        }};
    for (Field& f : window_fields()) s.fields.push_back(std::move(f));
    return s;
  }();
  return spec;
}

const ObjectSpec& workload_spec() {
  static const ObjectSpec spec{
      "workload",
      "What writes to the world before and during the outage; every acknowledged write goes in the ledger.",
      {
          field("job_writes", array_type(object_type(job_write_spec())), "Jobs writing rows to Delta tables.")
              .fallback("[]"),
          field("metastore_ddl", array_type(tagged_type(metastore_ddl_spec())), "Metastore DDL.").fallback("[]"),
          field("blob_writes", array_type(object_type(blob_write_spec())), "Direct blob writes.").fallback("[]"),
      }};
  return spec;
}

// ---------------------------------------------------------------------------------------------
// faults

Field mode_field(std::string_view default_mode, std::string source) {
  return field("mode", enum_type<OutageMode>(),
               "How the outage looks to clients: connections that hang until the client's timeout, refused "
               "connections, or \"unavailable\" errors (503, SQL 40613).")
      .fallback("\"" + std::string(default_mode) + "\"")
      .from(std::move(source));
}

const ObjectSpec& region_outage_spec() {
  static const ObjectSpec spec{
      "fault_region_outage",
      "Every service of a region is down: storage endpoints there, SQL servers, workspace control planes and "
      "their clusters (B3).",
      {field("region", region_type(), "The region.").require(), mode_field("hang", "Inf")}};
  return spec;
}

const ObjectSpec& storage_outage_spec() {
  static const ObjectSpec spec{"fault_storage_outage",
                               "One storage account's primary endpoint is down (its secondary keeps serving).",
                               {field("account", account_type(), "The account.").require(),
                                mode_field("unavailable", "")}};
  return spec;
}

const ObjectSpec& sql_server_outage_spec() {
  static const ObjectSpec spec{"fault_sql_server_outage",
                               "One SQL server is down.",
                               {field("server", server_type(), "The server.").require(), mode_field("unavailable", "")}};
  return spec;
}

const ObjectSpec& workspace_outage_spec() {
  static const ObjectSpec spec{
      "fault_workspace_outage",
      "One workspace's control plane is down (REST API, schedules); running clusters keep running (2c.1).",
      {field("workspace", name_type(), "The workspace.").require(), mode_field("unavailable", "")}};
  return spec;
}

const ObjectSpec& partition_spec() {
  static const ObjectSpec spec{"fault_partition",
                               "The regions cannot reach each other: storage and SQL replication stop; each side keeps "
                               "serving its own clients.",
                               {}};
  return spec;
}

const ObjectSpec& storage_lag_spike_spec() {
  static const ObjectSpec spec{
      "fault_storage_lag_spike",
      "Writes acknowledged during the window take `factor` times their drawn replication lag (S1: lag grows under "
      "heavy write load).",
      {field("account", account_type(), "A geo-redundant account.").require(),
       field("factor", number_type(1, true, 1e6), "The lag multiplier.").require()}};
  return spec;
}

const ObjectSpec& storage_replication_stall_spec() {
  static const ObjectSpec spec{"fault_storage_replication_stall",
                               "Nothing reaches the account's secondary during the window; what falls due arrives "
                               "when it ends.",
                               {field("account", account_type(), "A geo-redundant account.").require()}};
  return spec;
}

const ObjectSpec& sql_lag_spike_spec() {
  static const ObjectSpec spec{
      "fault_sql_lag_spike",
      "Commits acknowledged during the window take `extra_lag` longer to reach the secondary (Q1: lag grows with "
      "write bursts).",
      {field("database", database_type(), "A geo-replicated database.").require(),
       field("extra_lag", positive_duration(), "Added to each commit's drawn lag.").require()}};
  return spec;
}

const ObjectSpec& sql_replication_stall_spec() {
  static const ObjectSpec spec{"fault_sql_replication_stall",
                               "The database's replication ships nothing during the window; the backlog ships when it "
                               "ends.",
                               {field("database", database_type(), "A geo-replicated database.").require()}};
  return spec;
}

std::vector<std::string> blob_operation_names() {
  std::vector<std::string> out;
  for (std::string_view name : kBlobOperationNames) out.emplace_back(name);
  return out;
}

Field storm_rate_field() {
  return field("rate", rate_type(), "Probability that a matching request fails.").require();
}

const ObjectSpec& storage_error_storm_spec() {
  static const ObjectSpec spec{
      "fault_storage_error_storm",
      "A share of blob requests fails with a retryable error.",
      {
          storm_rate_field(),
          field("error", enum_type<StorageErrorCode>(), "The error: 503 ServerBusy (throttling), 500 "
                "InternalError, 500 OperationTimedOut.")
              .fallback(R"("ServerBusy")"),
          field("account", account_type(), "Only this account.").fallback_note("every account"),
          field("endpoint", enum_type<StorageEndpoint>(), "Only requests to this endpoint.").fallback(R"("both")"),
          field("operation", enum_type(blob_operation_names()), "Only this Blob operation.")
              .fallback_note("every operation"),
      }};
  return spec;
}

const ObjectSpec& sql_error_storm_spec() {
  static const ObjectSpec spec{
      "fault_sql_error_storm",
      "A share of SQL calls fails with a documented transient error (2b.7, Q7).",
      {
          storm_rate_field(),
          field("error", int_enum_type({kTransientSqlErrors.begin(), kTransientSqlErrors.end()}),
                "The SQL error number; 40613 is \"database not currently available\".")
              .fallback("40613")
              .from("2b.7"),
          field("server", server_type(), "Only this server.").fallback_note("every server"),
          field("database", database_type(), "Only this database.").fallback_note("every database"),
          field("operation", enum_type<SqlOperationKind>(), "Only these calls.").fallback(R"("any")"),
      }};
  return spec;
}

const ObjectSpec& databricks_error_storm_spec() {
  static const ObjectSpec spec{
      "fault_databricks_error_storm",
      "A share of Databricks REST calls fails with 429 REQUEST_LIMIT_EXCEEDED or 503 TEMPORARILY_UNAVAILABLE.",
      {
          storm_rate_field(),
          field("error", int_enum_type({429, 503}), "The HTTP status.").fallback("429"),
          field("workspace", name_type(), "Only this workspace.").fallback_note("every workspace"),
          field("operation", text_type(), "Only these calls: \"jobs/run-now\", \"clusters/*\", \"*\".")
              .fallback(R"("*")"),
      }};
  return spec;
}

const ObjectSpec& slow_storage_failover_spec() {
  static const ObjectSpec spec{
      "fault_slow_storage_failover",
      "Storage failovers requested during the window take this long instead of the account's usual duration "
      "(S3's tail to 120 min and beyond).",
      {field("account", account_type(), "Only this account.").fallback_note("every account"),
       field("failover_duration", duration_distribution(), "How long those failovers take.").require()}};
  return spec;
}

const ObjectSpec& cluster_capacity_shortage_spec() {
  static const ObjectSpec spec{
      "fault_cluster_capacity_shortage",
      "Cluster starts in the region fail with CLOUD_PROVIDER_RESOURCE_STOCKOUT, or are slower (B1: the capacity "
      "penalty when a whole region fails over).",
      {
          field("region", region_type(), "The region.").require(),
          field("probability", rate_type(), "Probability that a start fails.").fallback("1"),
          field("fail_after", duration_distribution(), "How long a failing start takes before it gives up.")
              .fallback(R"({"uniform": {"lo": "1min", "hi": "5min"}})")
              .from("assumption"),
          field("start_delay_factor", number_type(1, false, 100), "Multiplies the delay of starts that succeed.")
              .fallback("1")
              .from("B1"),
      }};
  return spec;
}

const ObjectSpec& missing_login_spec() {
  static const ObjectSpec spec{
      "fault_missing_login",
      "The login does not exist on the server during the window (2b.9: logins are not geo-replicated; the "
      "metastore connection fails with 18456 after failover).",
      {field("server", server_type(), "The server.").require(),
       field("login", text_type(), "A login the server declares.").require()}};
  return spec;
}

const ObjectSpec& dns_cache_beyond_ttl_spec() {
  static const ObjectSpec spec{
      "fault_dns_cache_beyond_ttl",
      "Clients keep DNS answers this long whatever the TTL says (D5: resolvers that ignore the TTL), so they reach "
      "the old endpoint after a failover.",
      {field("cache_for", positive_duration(), "How long answers are kept.").require(),
       field("clients", enum_type<DnsClients>(), "Which clients.").fallback(R"("all")")}};
  return spec;
}

const ObjectSpec& cicd_sync_lag_spec() {
  static const ObjectSpec spec{
      "fault_cicd_sync_lag",
      "CI/CD has not yet deployed these objects to the workspace (2c.2): they are absent during the window and "
      "deployed when it ends. Each must be declared in the workspace; at least one must be listed.",
      {
          field("workspace", name_type(), "The lagging workspace.").require(),
          field("notebooks", array_type(string_type(&kWorkspacePathFormat)), "Notebook paths.").fallback("[]"),
          field("jobs", array_type(name_type()), "Job names.").fallback("[]"),
          field("clusters", array_type(name_type()), "Cluster names.").fallback("[]"),
          field("secrets", array_type(string_type(&kSecretPathFormat)), "Secrets, \"<scope>/<key>\".")
              .fallback("[]"),
      },
      {},
      {{"notebooks", "jobs", "clusters", "secrets"}}};
  return spec;
}

const TaggedSpec& fault_spec() {
  static const TaggedSpec spec = [] {
    TaggedSpec s;
    s.name = "fault";
    s.description =
        "Something that goes wrong during the drill, from `start` until `end` (or for `duration`). Exactly one of "
        "`end` and `duration` is required.";
    s.tag = "kind";
    s.tag_description = "What goes wrong.";
    s.common = {
        field("start", duration(), "When the fault begins, as time since the drill's start.").require(),
        field("end", end_type(), "When it ends, as time since the drill's start, or \"never\".")
            .fallback_note("from `duration`"),
        field("duration", positive_duration(), "How long it lasts.").fallback_note("from `end`"),
        field("description", any_string(), "A note for people reading the file and its reports.").fallback(R"("")"),
    };
    s.exactly_one_of = {{"end", "duration"}};
    s.variants = {
        {std::string(RegionOutage::kKind), &region_outage_spec()},
        {std::string(StorageOutage::kKind), &storage_outage_spec()},
        {std::string(SqlServerOutage::kKind), &sql_server_outage_spec()},
        {std::string(WorkspaceOutage::kKind), &workspace_outage_spec()},
        {std::string(InterRegionPartition::kKind), &partition_spec()},
        {std::string(StorageLagSpike::kKind), &storage_lag_spike_spec()},
        {std::string(StorageReplicationStall::kKind), &storage_replication_stall_spec()},
        {std::string(SqlLagSpike::kKind), &sql_lag_spike_spec()},
        {std::string(SqlReplicationStall::kKind), &sql_replication_stall_spec()},
        {std::string(StorageErrorStorm::kKind), &storage_error_storm_spec()},
        {std::string(SqlErrorStorm::kKind), &sql_error_storm_spec()},
        {std::string(DatabricksErrorStorm::kKind), &databricks_error_storm_spec()},
        {std::string(SlowStorageFailover::kKind), &slow_storage_failover_spec()},
        {std::string(ClusterCapacityShortage::kKind), &cluster_capacity_shortage_spec()},
        {std::string(MissingLogin::kKind), &missing_login_spec()},
        {std::string(DnsCacheBeyondTtl::kKind), &dns_cache_beyond_ttl_spec()},
        {std::string(CicdSyncLag::kKind), &cicd_sync_lag_spec()},
    };
    s.seal();
    return s;
  }();
  return spec;
}

// ---------------------------------------------------------------------------------------------
// runbook

const ObjectSpec& detect_spec() {
  static const ObjectSpec spec{
      "detect",
      "Probes the primary region's services until enough consecutive failures declare an outage (Traffic "
      "Manager's defaults).",
      {
          enabled_field("detects the outage itself (otherwise it starts at the first fault's start)"),
          field("probe_interval", positive_duration(), "Time between probes.").fallback(R"("30s")").from("D1"),
          field("failure_threshold", integer_type(1, 10),
                "Consecutive failures that declare the outage (3 tolerated, Degraded on the 4th).")
              .fallback("4")
              .from("D2"),
          field("timeout", positive_duration(), "A probe that takes longer fails.").fallback(R"("10s")").from("D3"),
      }};
  return spec;
}

const ObjectSpec& decide_spec() {
  static const ObjectSpec spec{
      "decide",
      "A human declares the disaster after detection.",
      {
          enabled_field("waits for a human decision"),
          field("delay", duration_distribution(), "Detection to decision (no documented value).")
              .fallback(R"({"triangular": {"lo": "15min", "mode": "45min", "hi": "3h"}})")
              .from("D9"),
      }};
  return spec;
}

const ObjectSpec& storage_failover_step_spec() {
  static const ObjectSpec spec{
      "storage_failover_step",
      "Customer-managed account failover (2a.5-2a.7).",
      {
          field("mode", enum_type<StorageFailoverMode>(),
                "unplanned (drops what had not replicated; the account ends LRS), planned (needs the primary), "
                "or none (keep reading through `<account>-secondary`).")
              .fallback(R"("unplanned")"),
          field("accounts", array_type(account_type()), "The accounts to fail over.")
              .fallback("[]")
              .fallback_note("every geo-redundant account"),
      }};
  return spec;
}

const ObjectSpec& sql_failover_step_spec() {
  static const ObjectSpec spec{
      "sql_failover_step",
      "Geo-replication failover, per replication link or per failover group (2b.2, 2b.3).",
      {
          field("mode", enum_type<SqlFailoverMode>(),
                "forced (commits in flight are lost), planned (needs the primary; nothing lost), "
                "planned_then_forced, or none.")
              .fallback(R"("forced")"),
          field("databases", array_type(database_type()), "Replicated databases to fail over (their links or groups).")
              .fallback("[]")
              .fallback_note("every replicated database"),
      }};
  return spec;
}

const ObjectSpec& repoint_spec() {
  static const ObjectSpec spec{
      "repoint",
      "Edits the target workspace's clusters after the failovers.",
      {
          enabled_field("re-points the Spark conf"),
          field("jdbc_url", string_type(&kRepointJdbcFormat),
                "\"auto\": the metastore URL moves to the server that is primary after the SQL failover (nothing to "
                "do for a failover group listener); or the URL to set.")
              .fallback(R"("auto")"),
          field("mounts", bool_type(), "Re-point mounts from `<account>-secondary` to `<account>`.").fallback("true"),
      }};
  return spec;
}

const ObjectSpec& start_clusters_spec() {
  static const ObjectSpec spec{
      "start_clusters",
      "Starts the target workspace's clusters and waits for RUNNING.",
      {
          enabled_field("starts clusters"),
          field("clusters", array_type(name_type()), "Clusters to start.")
              .fallback("[]")
              .fallback_note("every cluster of the target workspace"),
          field("timeout", positive_duration(), "Give up waiting after this.").fallback(R"("30min")").from("B1"),
      }};
  return spec;
}

const ObjectSpec& release_jobs_spec() {
  static const ObjectSpec spec{
      "release_jobs",
      "Releases the target workspace's held jobs and holds the source workspace's.",
      {
          enabled_field("releases jobs"),
          field("jobs", array_type(name_type()), "Jobs to release.")
              .fallback("[]")
              .fallback_note("every job of the target workspace"),
          field("max_concurrent_runs", integer_type(1, 1000), "The released jobs' concurrency (0 -> this).")
              .fallback("1")
              .from("B4"),
          field("unpause_schedules", bool_type(), "Unpause the released jobs' schedules.").fallback("true"),
          field("hold_primary_jobs", bool_type(),
                "Hold the source workspace's jobs (0, paused) as soon as its control plane answers.")
              .fallback("true"),
      }};
  return spec;
}

const ObjectSpec& validate_step_spec() {
  static const ObjectSpec spec{
      "validate_step",
      "A statement that must succeed through the target workspace before the runbook is done.",
      {
          enabled_field("validates"),
          field("statement", text_type(), "The SQL statement.").fallback_note("count the rows of every table"),
          field("retry_interval", positive_duration(), "Time between attempts.")
              .fallback(R"("30s")")
              .from("assumption"),
          field("timeout", positive_duration(), "Give up after this.").fallback(R"("1h")").from("assumption"),
      }};
  return spec;
}

const ObjectSpec& bugs_spec() {
  static const ObjectSpec spec{
      "bugs",
      "Deliberate mistakes for negative scenarios; the checker must flag them (name what in `expect`).",
      {
          field("promote_sql_before_storage", bool_type(),
                "Fail SQL over first, without regard to storage's replication state.")
              .fallback("false"),
          field("never_repoint_jdbc", bool_type(), "Leave the metastore JDBC URL as it was.").fallback("false"),
          field("release_jobs_while_primary_runs", bool_type(), "Release jobs without holding the source's.")
              .fallback("false"),
          field("write_through_secondary_endpoint", bool_type(),
                "Re-point mounts to `<account>-secondary`, so writes go to the read-only secondary.")
              .fallback("false"),
      }};
  return spec;
}

const ObjectSpec& failback_spec() {
  static const ObjectSpec spec{
      "failback",
      "Going back once the primary region has returned: re-enable geo-redundancy and wait for the re-seed, fail "
      "back (planned: no loss while both regions are up), re-point, swap which workspace's jobs run.",
      {
          field("enabled", bool_type(), "Whether the runbook fails back within the run.").fallback("false"),
          field("wait_after_recovery", duration(), "Time from the region's return to the start of the failback.")
              .fallback(R"("1h")")
              .from("assumption"),
          field("storage_failover", enum_type<FailbackStorageMode>(), "How storage goes back.")
              .fallback(R"("planned")")
              .from("S4, 2a.8"),
          field("sql_failover", enum_type<FailbackSqlMode>(), "How SQL goes back.").fallback(R"("planned")").from("2b.2"),
          field("reenable_geo_redundancy", bool_type(),
                "Re-enable GRS on accounts an unplanned failover left LRS, and wait for the re-seed first.")
              .fallback("true")
              .from("2a.5, S7"),
      }};
  return spec;
}

const ObjectSpec& reference_runbook_spec() {
  static const ObjectSpec spec{
      "runbook_reference",
      "drdrill's built-in runbook: the seed walkthrough's steps run in order (detect, decide, storage failover, "
      "SQL failover, re-point, start clusters, release jobs, validate), each optional and tunable.",
      {
          field("from_workspace", name_type(), "The workspace failed over from.")
              .fallback_note("the only workspace in the primary region"),
          field("to_workspace", name_type(),
                "The workspace failed over to; the same as from_workspace for a failover that keeps its "
                "workspace (its own clusters re-pointed, no jobs moved).")
              .fallback_note("the only workspace in the secondary region"),
          field("start_at", duration(),
                "Start at this time since the drill's start instead of on detection: a planned drill with both "
                "regions up. RTO then runs from here unless a fault takes a service down (a lag spike does not).")
              .fallback_note("on detection (at the first fault's start when detection is off)"),
          field("detect", object_type(detect_spec()), "Detection.").fallback("{}"),
          field("decide", object_type(decide_spec()), "The human decision.").fallback("{}"),
          field("storage_failover", object_type(storage_failover_step_spec()), "Storage failover.").fallback("{}"),
          field("sql_failover", object_type(sql_failover_step_spec()), "SQL failover.").fallback("{}"),
          field("repoint", object_type(repoint_spec()), "Re-pointing the Spark conf.").fallback("{}"),
          field("start_clusters", object_type(start_clusters_spec()), "Starting clusters.").fallback("{}"),
          field("release_jobs", object_type(release_jobs_spec()), "Releasing jobs.").fallback("{}"),
          field("validate", object_type(validate_step_spec()), "Validation.").fallback("{}"),
          field("bugs", object_type(bugs_spec()), "Deliberate mistakes.").fallback("{}"),
          field("failback", object_type(failback_spec()), "Failing back.").fallback("{}"),
      }};
  return spec;
}

const ObjectSpec& external_runbook_spec() {
  static const ObjectSpec spec{
      "runbook_external",
      "The user's own failover tool, started by `drdrill serve` against the fakes on loopback (real time only; "
      "`drdrill run` refuses it).",
      {
          field("command", array_type(text_type(), 1), "The program and its arguments.").require(),
          field("env", map_type(any_string()), "Environment variables added for it.").fallback("{}"),
          field("start", duration(), "When to start it, as time since the drill's start.").fallback(R"("0s")"),
          field("timeout", positive_duration(), "Stop it after this long.").fallback_note("at the run's end"),
      }};
  return spec;
}

const ObjectSpec& no_runbook_spec() {
  static const ObjectSpec spec{"runbook_none", "Nobody acts: a baseline for what the outage costs on its own.", {}};
  return spec;
}

const TaggedSpec& runbook_spec() {
  static const TaggedSpec spec = [] {
    TaggedSpec s;
    s.name = "runbook";
    s.description = "The failover logic under test.";
    s.tag = "kind";
    s.default_tag = std::string(ReferenceRunbook::kKind);
    s.tag_description = "Which failover logic runs.";
    s.variants = {{std::string(ReferenceRunbook::kKind), &reference_runbook_spec()},
                  {std::string(ExternalRunbook::kKind), &external_runbook_spec()},
                  {std::string(NoRunbook::kKind), &no_runbook_spec()}};
    s.seal();
    return s;
  }();
  return spec;
}

// ---------------------------------------------------------------------------------------------
// probes, assertions

const ObjectSpec& table_read_probe_spec() {
  static const ObjectSpec spec{"probe_table_read",
                               "Counts a table's rows through the workspace's cluster.",
                               {field("table", table_type(), "The table.").fallback_note("every table")}};
  return spec;
}

const ObjectSpec& query_probe_spec() {
  static const ObjectSpec spec{"probe_query",
                               "Runs a SQL statement through the workspace.",
                               {field("statement", text_type(), "The statement.").require()}};
  return spec;
}

const ObjectSpec& table_write_probe_spec() {
  static const ObjectSpec spec{"probe_table_write",
                               "A canary write: inserts rows into a table (ledgered like any write).",
                               {field("table", table_type(), "The table.").require(),
                                field("rows", integer_type(1, 1e6), "Rows per probe.").fallback("1")}};
  return spec;
}

const ObjectSpec& blob_write_probe_spec() {
  static const ObjectSpec spec{"probe_blob_write",
                               "A canary blob written to the account's primary endpoint (whichever region serves it).",
                               {field("account", account_type(), "The account.").require(),
                                field("container", container_type(), "One of its containers.").require()}};
  return spec;
}

const TaggedSpec& probe_spec() {
  static const TaggedSpec spec = [] {
    TaggedSpec s;
    s.name = "probe";
    s.description =
        "What \"service restored\" means. RTO runs from the outage's start until every probe has succeeded again.";
    s.tag = "kind";
    s.tag_description = "What the probe does.";
    s.common = {
        field("name", name_type(), "Names the probe in reports.").require(),
        field("workspace", name_type(), "Probe through this workspace.")
            .fallback_note("whichever workspace is active at the time"),
        field("interval", positive_duration(), "Time between probes.").fallback(R"("30s")").from("D1"),
        field("timeout", positive_duration(),
              "blob_write only: a put the endpoint has not answered within it (a hanging region) fails. The "
              "other kinds take no simulated time: they succeed or fail at once, and this is not used.")
            .fallback(R"("10s")")
            .from("D3"),
        field("expect_failure", bool_type(),
              "A negative check (a write through a read-only endpoint): it must never succeed; it is left out of "
              "RTO and a success is the finding unexpected_probe_success.")
            .fallback("false"),
    };
    s.variants = {{std::string(TableReadProbe::kKind), &table_read_probe_spec()},
                  {std::string(QueryProbe::kKind), &query_probe_spec()},
                  {std::string(TableWriteProbe::kKind), &table_write_probe_spec()},
                  {std::string(BlobWriteProbe::kKind), &blob_write_probe_spec()}};
    s.seal();
    return s;
  }();
  return spec;
}

const ObjectSpec& per_store_durations_spec() {
  static const ObjectSpec spec{
      "per_store_durations",
      "A target per store; a store left out is reported, not judged.",
      {field("storage", duration(), "Blobs written straight to storage.").fallback_note("not judged"),
       field("metastore", duration(), "The metastore database.").fallback_note("not judged"),
       field("delta", duration(), "Delta tables (log and data files).").fallback_note("not judged")}};
  return spec;
}

const ObjectSpec& per_store_counts_spec() {
  static const ObjectSpec spec{
      "per_store_counts",
      "A bound per store; a store left out is reported, not judged.",
      {field("storage", integer_type(0, 1e15), "Blobs written straight to storage.").fallback_note("not judged"),
       field("metastore", integer_type(0, 1e15), "Metastore commits.").fallback_note("not judged"),
       field("delta", integer_type(0, 1e15), "Delta commits.").fallback_note("not judged")}};
  return spec;
}

const ObjectSpec& assertions_spec() {
  static const ObjectSpec spec{
      "assertions",
      "Targets the drill is judged against, and invariants checked on every event.",
      {
          field("rto_max", positive_duration(), "Outage start to every probe succeeding again.")
              .fallback_note("not judged"),
          field("rpo_max", object_type(per_store_durations_spec()),
                "The window of lost writes: from the acknowledgement of the first lost write to the later of "
                "the outage's start and the acknowledgement of the last.")
              .fallback("{}"),
          field("lost_writes_max", object_type(per_store_counts_spec()), "Acknowledged writes lost.").fallback("{}"),
          field("inconsistencies_max", integer_type(0, 1e15),
                "Cross-store inconsistencies after failover (tables without files, Delta logs naming missing files, "
                "files without a table), all kinds together.")
              .fallback_note("not judged"),
          field("no_secondary_writes", bool_type(), "Invariant: a read-only secondary never accepts a write.")
              .fallback("true"),
          field("no_split_brain", bool_type(), "Invariant: no job runs in both regions over the same window.")
              .fallback("true"),
          field("held_jobs_never_run", bool_type(), "Invariant: a held job never starts a run.").fallback("true"),
          field("single_writable_primary", bool_type(),
                "Invariant: at most one writable database per replication link or failover group.")
              .fallback("true"),
      }};
  return spec;
}

const ObjectSpec& expect_spec() {
  static const ObjectSpec spec{
      "expect",
      "For negative scenarios: the verdict the drill must reach and what the checker must flag. The run passes "
      "when it does (the checker caught the bug).",
      {
          field("verdict", enum_type<Verdict>(), "The drill's own verdict.").require(),
          field("findings", array_type(enum_type<Finding>()), "Findings that must be reported.").fallback("[]"),
      }};
  return spec;
}

const ObjectSpec& run_bounds_spec() {
  static const ObjectSpec spec{
      "run_bounds",
      "Bounds of the run; it stops at whichever comes first, and hitting max_events is an error naming it.",
      {
          field("max_time", positive_duration(), "Simulated time the run may cover.")
              .fallback(R"("48h")")
              .from("assumption"),
          field("max_events", integer_type(1, 1e12), "Events the run may process.").fallback("10000000"),
      }};
  return spec;
}

}  // namespace

const ObjectSpec& scenario_spec() {
  static const ObjectSpec spec{
      "scenario",
      "One drill: the world, what runs in it, what goes wrong, the failover logic under test, and how it is judged.",
      {
          field("$schema", any_string(), "The JSON Schema the file follows (for editors); drdrill ignores it.")
              .fallback_note("none"),
          field("name", name_type(), "Names the drill in reports and in the replay command.").require(),
          field("description", any_string(), "What the drill rehearses.").fallback(R"("")"),
          field("seed", integer_type(0, 9007199254740991.0),
                "Seeds every random draw; the same seed gives the same report. `drdrill run --seed` overrides it. "
                "At most 2^53 - 1 so every JSON tool reads it exactly.")
              .fallback("1"),
          field("epoch", timestamp_type(), "Simulated time at the drill's start.")
              .fallback(R"("2026-01-01T00:00:00Z")"),
          field("run", object_type(run_bounds_spec()), "Bounds of the run.").fallback("{}"),
          field("topology", object_type(topology_spec()), "The world the drill starts from.").require(),
          field("workload", object_type(workload_spec()), "What writes before and during the outage.")
              .fallback("{}"),
          field("faults", array_type(tagged_type(fault_spec())), "What goes wrong, and when.").fallback("[]"),
          field("runbook", tagged_type(runbook_spec()), "The failover logic under test.")
              .fallback(R"({"kind": "reference"})"),
          field("probes", array_type(tagged_type(probe_spec())), "What \"service restored\" means.")
              .fallback(R"([{"name": "tables", "kind": "table_read"}])"),
          field("assertions", object_type(assertions_spec()), "Targets and invariants.").fallback("{}"),
          field("expect", object_type(expect_spec()), "What a negative scenario must be flagged for.")
              .fallback_note("none: the drill's own verdict stands"),
      }};
  return spec;
}

SpecIndex index_specs() {
  SpecIndex index;
  std::set<const void*> seen;
  // Depth-first in field order, so $defs and the reference read top-down.
  struct Walker {
    SpecIndex& index;
    std::set<const void*>& seen;
    void type(const Type& t) {
      if (t.kind == TypeKind::kObject) object(*t.object);
      if (t.kind == TypeKind::kTagged) tagged(*t.tagged);
      if (t.items) type(*t.items);
    }
    void fields(const std::vector<Field>& fs) {
      for (const Field& f : fs) type(f.type);
    }
    void object(const ObjectSpec& o) {
      if (!seen.insert(&o).second) return;
      index.objects.push_back(&o);
      fields(o.fields);
    }
    void tagged(const TaggedSpec& t) {
      if (!seen.insert(&t).second) return;
      index.tagged.push_back(&t);
      fields(t.common);
      for (const Variant& v : t.variants) {
        if (seen.insert(v.spec).second) fields(v.spec->fields);
      }
    }
  };
  Walker{index, seen}.object(scenario_spec());
  return index;
}

}  // namespace drdrill::sim::spec
