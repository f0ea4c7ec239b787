#include "scenario_binder.h"

#include "object_reader.h"

namespace drdrill::sim::spec {

namespace {

// --- topology ---

StorageAccount bind_storage_account(ObjectReader& r) {
  StorageAccount a;
  r.read("name", a.name);
  r.read("region", a.region);
  r.read("redundancy", a.redundancy);
  r.read("containers", a.containers);
  r.read("replication_lag", a.replication_lag_s);
  r.read("unplanned_failover_duration", a.unplanned_failover_s);
  r.read("planned_failover_duration", a.planned_failover_s);
  r.read("dns_convergence", a.dns_convergence_s);
  r.read("reseed_tb_per_day", a.reseed_tb_per_day);
  r.read("data_size_gb", a.data_size_gb);
  return a;
}

SqlServer bind_sql_server(ObjectReader& r) {
  SqlServer s;
  r.read("name", s.name);
  r.read("region", s.region);
  r.read("admin_user", s.admin_user);
  r.read("admin_password", s.admin_password);
  r.each("logins", [&](ObjectReader& l, std::size_t) {
    SqlLogin login;
    l.read("user", login.user);
    l.read("password", login.password);
    s.logins.push_back(std::move(login));
  });
  r.read("databases", s.databases);
  return s;
}

SqlTopology bind_sql(ObjectReader& r) {
  SqlTopology sql;
  r.each("servers", [&](ObjectReader& s, std::size_t) { sql.servers.push_back(bind_sql_server(s)); });
  r.each("replication_links", [&](ObjectReader& l, std::size_t) {
    ReplicationLink link;
    l.read("database", link.database);
    l.read("primary", link.primary);
    l.read("secondary", link.secondary);
    sql.replication_links.push_back(std::move(link));
  });
  r.each("failover_groups", [&](ObjectReader& g, std::size_t) {
    FailoverGroup group;
    g.read("name", group.name);
    g.read("primary", group.primary);
    g.read("secondary", group.secondary);
    g.read("databases", group.databases);
    g.read("policy", group.policy);
    g.read("grace_period", group.grace_period);
    g.read("read_only_endpoint", group.read_only_endpoint);
    sql.failover_groups.push_back(std::move(group));
  });
  {
    ObjectReader t = r.object("replication");
    t.read("lag", sql.replication.lag_s);
    t.read("forced_failover_duration", sql.replication.forced_failover_s);
    t.read("planned_failover_base", sql.replication.planned_failover_base_s);
    t.read("seeding_gb_per_hour", sql.replication.seeding_gb_per_hour);
    t.read("automatic_failover_delay", sql.replication.automatic_failover_delay_s);
  }
  {
    ObjectReader d = r.object("dns");
    d.read("listener_ttl", sql.dns.listener_ttl);
    d.read("server_record_ttl", sql.dns.server_record_ttl);
    d.read("client_cache_ttl", sql.dns.client_cache_ttl);
  }
  return sql;
}

Cluster bind_cluster(ObjectReader& r) {
  Cluster c;
  r.read("name", c.name);
  r.read("spark_version", c.spark_version);
  r.read("node_type", c.node_type);
  r.read("num_workers", c.num_workers);
  r.read("state", c.state);
  if (r.present("metastore")) {
    ObjectReader m = r.object("metastore");
    ClusterMetastore metastore;
    m.read("jdbc_url", metastore.jdbc_url);
    m.read("user", metastore.user);
    m.read("password", metastore.password);
    m.read("driver", metastore.driver);
    m.read("version", metastore.version);
    m.read("jars", metastore.jars);
    c.metastore = std::move(metastore);
  } else {
    r.object("metastore");  // marks the key read
  }
  r.read("spark_conf", c.spark_conf);
  return c;
}

Job bind_job(ObjectReader& r) {
  Job j;
  r.read("name", j.name);
  r.read("notebook", j.notebook);
  r.read("cluster", j.cluster);
  r.read("max_concurrent_runs", j.max_concurrent_runs);
  const bool has_schedule = r.present("schedule");
  ObjectReader s = r.object("schedule");
  if (has_schedule) {
    JobSchedule schedule;
    s.read("quartz_cron", schedule.quartz_cron);
    s.read("paused", schedule.paused);
    j.schedule = std::move(schedule);
  }
  r.read("queue", j.queue);
  return j;
}

Workspace bind_workspace(ObjectReader& r) {
  Workspace w;
  r.read("name", w.name);
  r.read("region", w.region);
  r.each("notebooks", [&](ObjectReader& n, std::size_t) {
    Notebook notebook;
    n.read("path", notebook.path);
    n.read("language", notebook.language);
    w.notebooks.push_back(std::move(notebook));
  });
  r.each("secret_scopes", [&](ObjectReader& s, std::size_t) {
    SecretScope scope;
    s.read("name", scope.name);
    s.read("backend", scope.backend);
    s.read("secrets", scope.secrets);
    w.secret_scopes.push_back(std::move(scope));
  });
  r.each("mounts", [&](ObjectReader& m, std::size_t) {
    Mount mount;
    m.read("mount_point", mount.mount_point);
    m.read("source", mount.source);
    w.mounts.push_back(std::move(mount));
  });
  r.each("clusters", [&](ObjectReader& c, std::size_t) { w.clusters.push_back(bind_cluster(c)); });
  r.each("jobs", [&](ObjectReader& j, std::size_t) { w.jobs.push_back(bind_job(j)); });
  ObjectReader t = r.object("timings");
  t.read("cluster_start", w.timings.cluster_start_s);
  t.read("cluster_start_max", w.timings.cluster_start_max);
  t.read("cluster_restart", w.timings.cluster_restart_s);
  t.read("cluster_terminate", w.timings.cluster_terminate_s);
  t.read("task_duration", w.timings.task_duration_s);
  return w;
}

Topology bind_topology(ObjectReader& r) {
  Topology t;
  {
    ObjectReader regions = r.object("regions");
    regions.read("primary", t.regions.primary);
    regions.read("secondary", t.regions.secondary);
  }
  r.each("storage_accounts", [&](ObjectReader& a, std::size_t) { t.storage_accounts.push_back(bind_storage_account(a)); });
  {
    ObjectReader sql = r.object("sql");
    t.sql = bind_sql(sql);
  }
  {
    const bool has_metastore = r.present("metastore");
    ObjectReader m = r.object("metastore");
    if (has_metastore) {
      Metastore metastore;
      m.read("server", metastore.server);
      m.read("database", metastore.database);
      t.metastore = std::move(metastore);
    }
  }
  r.each("tables", [&](ObjectReader& tr, std::size_t) {
    Table table;
    tr.read("name", table.name);
    tr.read("format", table.format);
    tr.read("location", table.location);
    tr.read("partition_columns", table.partition_columns);
    t.tables.push_back(std::move(table));
  });
  r.each("workspaces", [&](ObjectReader& w, std::size_t) { t.workspaces.push_back(bind_workspace(w)); });
  return t;
}

// --- workload ---

TimeWindow bind_window(ObjectReader& r) {
  TimeWindow w;
  r.read("start", w.start);
  r.read("end", w.end);
  return w;
}

Workload bind_workload(ObjectReader& r) {
  Workload w;
  r.each("job_writes", [&](ObjectReader& j, std::size_t) {
    JobWrite write;
    j.read("job", write.job);
    j.read("table", write.table);
    j.read("rows_per_run", write.rows_per_run);
    j.read("bytes_per_row", write.bytes_per_row);
    w.job_writes.push_back(std::move(write));
  });
  r.each("metastore_ddl", [&](ObjectReader& d, std::size_t) {
    MetastoreDdl ddl;
    d.read("every", ddl.every);
    ddl.window = bind_window(d);
    if (d.tag() == CreateTable::kOperation) {
      CreateTable op;
      d.read("database", op.database);
      ddl.operation = std::move(op);
    } else {
      AddPartition op;
      d.read("table", op.table);
      ddl.operation = std::move(op);
    }
    w.metastore_ddl.push_back(std::move(ddl));
  });
  r.each("blob_writes", [&](ObjectReader& b, std::size_t) {
    BlobWrite write;
    b.read("account", write.account);
    b.read("container", write.container);
    b.read("every", write.every);
    b.read("blob_bytes", write.blob_bytes);
    b.read("prefix", write.prefix);
    write.window = bind_window(b);
    w.blob_writes.push_back(std::move(write));
  });
  return w;
}

// --- faults ---

template <typename T>
T bind_outage(ObjectReader& r, std::string_view target_key, std::string T::*target) {
  T f;
  r.read(target_key, f.*target);
  r.read("mode", f.mode);
  return f;
}

FaultKind bind_fault_kind(ObjectReader& r) {
  const std::string& kind = r.tag();
  if (kind == RegionOutage::kKind) return bind_outage(r, "region", &RegionOutage::region);
  if (kind == StorageOutage::kKind) return bind_outage(r, "account", &StorageOutage::account);
  if (kind == SqlServerOutage::kKind) return bind_outage(r, "server", &SqlServerOutage::server);
  if (kind == WorkspaceOutage::kKind) return bind_outage(r, "workspace", &WorkspaceOutage::workspace);
  if (kind == InterRegionPartition::kKind) return InterRegionPartition{};
  if (kind == StorageLagSpike::kKind) {
    StorageLagSpike f;
    r.read("account", f.account);
    r.read("factor", f.factor);
    return f;
  }
  if (kind == StorageReplicationStall::kKind) {
    StorageReplicationStall f;
    r.read("account", f.account);
    return f;
  }
  if (kind == SqlLagSpike::kKind) {
    SqlLagSpike f;
    r.read("database", f.database);
    r.read("extra_lag", f.extra_lag);
    return f;
  }
  if (kind == SqlReplicationStall::kKind) {
    SqlReplicationStall f;
    r.read("database", f.database);
    return f;
  }
  if (kind == StorageErrorStorm::kKind) {
    StorageErrorStorm f;
    r.read("rate", f.rate);
    r.read("error", f.error);
    r.read("account", f.account);
    r.read("endpoint", f.endpoint);
    r.read("operation", f.operation);
    return f;
  }
  if (kind == SqlErrorStorm::kKind) {
    SqlErrorStorm f;
    r.read("rate", f.rate);
    r.read("error", f.error);
    r.read("server", f.server);
    r.read("database", f.database);
    r.read("operation", f.operation);
    return f;
  }
  if (kind == DatabricksErrorStorm::kKind) {
    DatabricksErrorStorm f;
    r.read("rate", f.rate);
    r.read("error", f.error);
    r.read("workspace", f.workspace);
    r.read("operation", f.operation);
    return f;
  }
  if (kind == SlowStorageFailover::kKind) {
    SlowStorageFailover f;
    r.read("account", f.account);
    r.read("failover_duration", f.failover_s);
    return f;
  }
  if (kind == ClusterCapacityShortage::kKind) {
    ClusterCapacityShortage f;
    r.read("region", f.region);
    r.read("probability", f.probability);
    r.read("fail_after", f.fail_after_s);
    r.read("start_delay_factor", f.start_delay_factor);
    return f;
  }
  if (kind == MissingLogin::kKind) {
    MissingLogin f;
    r.read("server", f.server);
    r.read("login", f.login);
    return f;
  }
  if (kind == DnsCacheBeyondTtl::kKind) {
    DnsCacheBeyondTtl f;
    r.read("cache_for", f.cache_for);
    r.read("clients", f.clients);
    return f;
  }
  if (kind == CicdSyncLag::kKind) {
    CicdSyncLag f;
    r.read("workspace", f.workspace);
    r.read("notebooks", f.notebooks);
    r.read("jobs", f.jobs);
    r.read("clusters", f.clusters);
    r.read("secrets", f.secrets);
    return f;
  }
  return RegionOutage{};  // unknown kind: already reported, and every check skips this fault
}

Fault bind_fault(ObjectReader& r) {
  Fault f;
  r.read("start", f.window.start);
  if (r.present("duration")) {
    Duration duration{0};
    r.read("duration", duration);
    f.window.end = f.window.start + duration;
    r.read("end", f.window.end);  // marks it read; both present is already an error
  } else {
    r.read("end", f.window.end);
    Duration unused{0};
    r.read("duration", unused);
  }
  r.read("description", f.description);
  f.what = bind_fault_kind(r);
  return f;
}

// --- runbook ---

ReferenceRunbook bind_reference(ObjectReader& r) {
  ReferenceRunbook rb;
  r.read("from_workspace", rb.from_workspace);
  r.read("to_workspace", rb.to_workspace);
  r.read("start_at", rb.start_at);
  {
    ObjectReader d = r.object("detect");
    d.read("enabled", rb.detect.enabled);
    d.read("probe_interval", rb.detect.probe_interval);
    d.read("failure_threshold", rb.detect.failure_threshold);
    d.read("timeout", rb.detect.timeout);
  }
  {
    ObjectReader d = r.object("decide");
    d.read("enabled", rb.decide.enabled);
    d.read("delay", rb.decide.delay_s);
  }
  {
    ObjectReader s = r.object("storage_failover");
    s.read("mode", rb.storage_failover.mode);
    s.read("accounts", rb.storage_failover.accounts);
  }
  {
    ObjectReader s = r.object("sql_failover");
    s.read("mode", rb.sql_failover.mode);
    s.read("databases", rb.sql_failover.databases);
  }
  {
    ObjectReader p = r.object("repoint");
    p.read("enabled", rb.repoint.enabled);
    p.read("jdbc_url", rb.repoint.jdbc_url);
    p.read("mounts", rb.repoint.mounts);
  }
  {
    ObjectReader s = r.object("start_clusters");
    s.read("enabled", rb.start_clusters.enabled);
    s.read("clusters", rb.start_clusters.clusters);
    s.read("timeout", rb.start_clusters.timeout);
  }
  {
    ObjectReader j = r.object("release_jobs");
    j.read("enabled", rb.release_jobs.enabled);
    j.read("jobs", rb.release_jobs.jobs);
    j.read("max_concurrent_runs", rb.release_jobs.max_concurrent_runs);
    j.read("unpause_schedules", rb.release_jobs.unpause_schedules);
    j.read("hold_primary_jobs", rb.release_jobs.hold_primary_jobs);
  }
  {
    ObjectReader v = r.object("validate");
    v.read("enabled", rb.validate.enabled);
    v.read("statement", rb.validate.statement);
    v.read("retry_interval", rb.validate.retry_interval);
    v.read("timeout", rb.validate.timeout);
  }
  {
    ObjectReader b = r.object("bugs");
    b.read("promote_sql_before_storage", rb.bugs.promote_sql_before_storage);
    b.read("never_repoint_jdbc", rb.bugs.never_repoint_jdbc);
    b.read("release_jobs_while_primary_runs", rb.bugs.release_jobs_while_primary_runs);
    b.read("write_through_secondary_endpoint", rb.bugs.write_through_secondary_endpoint);
  }
  {
    ObjectReader f = r.object("failback");
    f.read("enabled", rb.failback.enabled);
    f.read("wait_after_recovery", rb.failback.wait_after_recovery);
    f.read("storage_failover", rb.failback.storage_failover);
    f.read("sql_failover", rb.failback.sql_failover);
    f.read("reenable_geo_redundancy", rb.failback.reenable_geo_redundancy);
  }
  return rb;
}

Runbook bind_runbook(ObjectReader& r) {
  if (r.tag() == ExternalRunbook::kKind) {
    ExternalRunbook rb;
    r.read("command", rb.command);
    r.read("env", rb.env);
    r.read("start", rb.start);
    r.read("timeout", rb.timeout);
    return rb;
  }
  if (r.tag() == NoRunbook::kKind) return NoRunbook{};
  return bind_reference(r);
}

// --- probes, assertions ---

Probe bind_probe(ObjectReader& r) {
  Probe p;
  r.read("name", p.name);
  r.read("workspace", p.workspace);
  r.read("interval", p.interval);
  r.read("timeout", p.timeout);
  r.read("expect_failure", p.expect_failure);
  const std::string& kind = r.tag();
  if (kind == QueryProbe::kKind) {
    QueryProbe q;
    r.read("statement", q.statement);
    p.what = std::move(q);
  } else if (kind == TableWriteProbe::kKind) {
    TableWriteProbe w;
    r.read("table", w.table);
    r.read("rows", w.rows);
    p.what = std::move(w);
  } else if (kind == BlobWriteProbe::kKind) {
    BlobWriteProbe b;
    r.read("account", b.account);
    r.read("container", b.container);
    p.what = std::move(b);
  } else {
    TableReadProbe t;
    r.read("table", t.table);
    p.what = std::move(t);
  }
  return p;
}

Assertions bind_assertions(ObjectReader& r) {
  Assertions a;
  r.read("rto_max", a.rto_max);
  {
    ObjectReader rpo = r.object("rpo_max");
    rpo.read("storage", a.rpo_max.storage);
    rpo.read("metastore", a.rpo_max.metastore);
    rpo.read("delta", a.rpo_max.delta);
  }
  {
    ObjectReader lost = r.object("lost_writes_max");
    lost.read("storage", a.lost_writes_max.storage);
    lost.read("metastore", a.lost_writes_max.metastore);
    lost.read("delta", a.lost_writes_max.delta);
  }
  r.read("inconsistencies_max", a.inconsistencies_max);
  r.read("no_secondary_writes", a.no_secondary_writes);
  r.read("no_split_brain", a.no_split_brain);
  r.read("held_jobs_never_run", a.held_jobs_never_run);
  r.read("single_writable_primary", a.single_writable_primary);
  return a;
}

}  // namespace

Scenario bind_scenario(Problems& problems) {
  ObjectReader r(problems, scenario_spec(), &problems.doc().root(), "");
  Scenario s;
  std::string ignored_schema;
  r.read("$schema", ignored_schema);
  r.read("name", s.name);
  r.read("description", s.description);
  r.read("seed", s.seed);
  r.read("epoch", s.epoch);
  {
    ObjectReader run = r.object("run");
    run.read("max_time", s.run.max_time);
    run.read("max_events", s.run.max_events);
  }
  {
    ObjectReader topology = r.object("topology");
    s.topology = bind_topology(topology);
  }
  {
    ObjectReader workload = r.object("workload");
    s.workload = bind_workload(workload);
  }
  r.each("faults", [&](ObjectReader& f, std::size_t) { s.faults.push_back(bind_fault(f)); });
  {
    ObjectReader runbook = r.object("runbook");
    s.runbook = bind_runbook(runbook);
  }
  if (r.present("probes")) {
    s.probes.clear();
    r.each("probes", [&](ObjectReader& p, std::size_t) { s.probes.push_back(bind_probe(p)); });
  } else {
    r.each("probes", [](ObjectReader&, std::size_t) {});  // marks the key read
  }
  {
    ObjectReader assertions = r.object("assertions");
    s.assertions = bind_assertions(assertions);
  }
  if (r.present("expect")) {
    ObjectReader e = r.object("expect");
    Expect expect;
    e.read("verdict", expect.verdict);
    e.read("findings", expect.findings);
    s.expect = std::move(expect);
  } else {
    r.object("expect");
  }
  return s;
}

}  // namespace drdrill::sim::spec
