// The failover runbook of the seed walkthrough ("Disaster Recovery Strategy in Azure Databricks using
// the Hive External Metastore"), as the steps a team's own tool performs — independent of how it
// reaches Azure and Databricks. failover.mjs wires these steps to the official clients
// (clients.mjs); the unit test wires them to stubs.
//
//   detect          (optional) wait until the primary region fails its health checks
//   storage         storage account failover through ARM (unplanned by default), polled to the end
//   sql             SQL failover: the failover group, or the database's replication link, forced
//   repoint         the passive workspace's clusters: metastore JDBC URL to the new primary server
//                   (clusters/edit) and mounts from <account>-secondary to <account>
//   start           start (or restart) those clusters and wait until they run
//   release         the passive workspace's held jobs: max_concurrent_runs 0 -> 1, schedules
//                   unpaused; the primary's jobs held (best effort: its region is down)
//   validate        a SQL statement through the passive workspace (/api/2.0/sql/statements)
//
// Every wait is expressed in the time of the real world (a poll every 15 s, a cluster start of at
// most 30 min) and divided by the drill's time scale, so under `drdrill serve --time-scale 1000`
// the tool behaves as it would against Azure, only faster. Every wait is bounded.
//
// The deliberate bugs, for the drill's negative tests (each must make the drill fail):
//   never-repoint-jdbc   the JDBC URL is left as it was (the passive cluster keeps asking the
//                        primary region's server for the metastore)
//   secondary-endpoint   the mounts keep (or are moved to) the RA-GRS `-secondary` endpoint, so
//                        the workspace reads and writes through it after the failover

export const kJdbcUrlKey = 'spark.hadoop.javax.jdo.option.ConnectionURL';
export const kBugs = ['never-repoint-jdbc', 'secondary-endpoint'];

const kSqlHostSuffix = '.database.windows.net';

// Real-world figures, in seconds (divided by the time scale when waiting).
export const kDefaultTimings = {
  poll_s: 15,                 // between polls of a cluster's state, a statement, a health round
  request_timeout_s: 30,      // one REST call to a workspace or storage endpoint
  detect_rounds: 3,           // consecutive failing health rounds that declare the outage
  detect_timeout_s: 4 * 3600, // how long to wait for the outage before giving up
  cluster_timeout_s: 30 * 60, // starting the clusters
  validate_timeout_s: 15 * 60,
  hold_timeout_s: 5 * 60,     // trying to hold the primary's jobs while its region is down
};

// A request timeout or a bounded wait never below this many wall milliseconds: a compressed 30 s
// would otherwise be shorter than a TLS handshake on a busy machine.
const kMinRequestTimeoutMs = 2000;
const kMinPollMs = 10;

export class StepFailed extends Error {}

// "jdbc:sqlserver://<host>:1433;database=hms;..." -> "<host>"
export function jdbcHost(url) {
  const m = /^jdbc:sqlserver:\/\/([^:;/]+)/i.exec(url ?? '');
  return m ? m[1] : null;
}

export function withJdbcHost(url, host) {
  return url.replace(/^(jdbc:sqlserver:\/\/)[^:;/]+/i, `$1${host}`);
}

// "hms-westus.database.windows.net" or "hms-westus" -> "hms-westus"
export function serverLabel(hostOrName) {
  const s = String(hostOrName ?? '').toLowerCase();
  return s.endsWith(kSqlHostSuffix) ? s.slice(0, -kSqlHostSuffix.length) : s;
}

// abfss://<container>@<account>[-secondary].dfs.core.windows.net/<path>, moved to the primary
// name (secondary = false) or the `-secondary` one.
export function withStorageEndpoint(source, secondary) {
  const m = /^(abfss:\/\/[^@]+@)([a-z0-9]+?)(-secondary)?(\.dfs\.core\.windows\.net.*)$/.exec(source ?? '');
  if (!m) return source;
  return `${m[1]}${m[2]}${secondary ? '-secondary' : ''}${m[4]}`;
}

export function isSecondaryEndpoint(source) {
  return /@[a-z0-9]+-secondary\./.test(source ?? '');
}

export class Runbook {
  // clients: { storage, sql, workspace(name), primaryHealth } (see clients.mjs for the shapes)
  // plan:    { account, resourceGroup, sql: {primary, secondary, database, failoverGroup},
  //            from, to, plannedStorage, validate, bug, waitForOutage, timeScale, timings }
  constructor(clients, plan, log) {
    this.clients = clients;
    this.plan = plan;
    this.log = log;
    this.scale = plan.timeScale > 0 ? plan.timeScale : 1;
    this.t = { ...kDefaultTimings, ...(plan.timings ?? {}) };
    this.minWaitMs = plan.minWaitMs ?? kMinRequestTimeoutMs;
    this.summary = [];
  }

  // Real-world seconds -> wall milliseconds under the drill's time scale.
  wallMs(seconds, floorMs = kMinPollMs) {
    return Math.max(floorMs, (seconds * 1000) / this.scale);
  }

  requestTimeoutMs() {
    return this.wallMs(this.t.request_timeout_s, this.minWaitMs);
  }

  // When a bounded wait of `seconds` (real world) ends, in wall-clock milliseconds since the epoch.
  deadline(seconds) {
    return Date.now() + this.wallMs(seconds, this.minWaitMs);
  }

  sleep(seconds) {
    return new Promise((resolve) => setTimeout(resolve, this.wallMs(seconds)));
  }

  async step(name, fn) {
    const started = Date.now();
    this.log(name, 'begin');
    try {
      const detail = await fn();
      this.log(name, `ok in ${Date.now() - started} ms${detail ? `: ${detail}` : ''}`);
      this.summary.push({ step: name, ok: true, detail: detail ?? '' });
    } catch (error) {
      this.log(name, `FAILED after ${Date.now() - started} ms: ${error.message}`);
      this.summary.push({ step: name, ok: false, detail: error.message });
      throw error;
    }
  }

  async run() {
    if (this.plan.bug) this.log('runbook', `deliberate bug switched on: ${this.plan.bug}`);
    if (this.plan.waitForOutage) await this.step('detect', () => this.detect());
    await this.step('storage_failover', () => this.storageFailover());
    await this.step('sql_failover', () => this.sqlFailover());
    const changed = {};
    await this.step('repoint', () => this.repoint(changed));
    await this.step('start_clusters', () => this.startClusters(changed));
    await this.step('release_jobs', () => this.releaseJobs());
    // Best effort, beside the validation: the primary's control plane is normally down (or hangs)
    // when this runs, and waiting for it must not delay the service's return.
    const hold = this.step('hold_primary_jobs', () => this.holdPrimaryJobs()).catch(() => {
      this.log('hold_primary_jobs', 'carrying on: hold them when the region returns');
    });
    try {
      await this.step('validate', () => this.validate());
    } finally {
      await hold;
    }
    return this.summary;
  }

  // --- detect ---
  async detect() {
    const deadline = this.deadline(this.t.detect_timeout_s);
    let failing = 0;
    let rounds = 0;
    while (failing < this.t.detect_rounds) {
      if (Date.now() > deadline) throw new StepFailed(`the primary stayed healthy for ${this.t.detect_timeout_s} s`);
      const round = Date.now();
      const healthy = await this.clients.primaryHealth(this.requestTimeoutMs());
      rounds += 1;
      failing = healthy.ok ? 0 : failing + 1;
      this.log('detect', `round ${rounds}: ${healthy.ok ? 'healthy' : `unhealthy (${healthy.detail})`}`);
      if (failing < this.t.detect_rounds) {
        const rest = this.wallMs(this.t.poll_s) - (Date.now() - round);
        if (rest > 0) await new Promise((resolve) => setTimeout(resolve, rest));
      }
    }
    return `${failing} consecutive failing health rounds`;
  }

  // --- storage ---
  async storageFailover() {
    const { account } = this.plan;
    const before = await this.clients.storage.getProperties(account);
    this.log('storage_failover', `${account}: primary ${before.primaryLocation}, secondary ${before.secondaryLocation ?? '-'}, ` +
      `sku ${before.sku}, last sync ${before.lastSyncTime ?? 'unknown'}`);
    if (!before.secondaryLocation) return `${account} is not geo-redundant (already failed over?): nothing to do`;
    const type = this.plan.plannedStorage ? 'planned' : 'unplanned';
    this.log('storage_failover', `${account}: requesting ${type} failover to ${before.secondaryLocation}, polling until done`);
    await this.clients.storage.failover(account, { planned: Boolean(this.plan.plannedStorage) });
    const after = await this.clients.storage.getProperties(account, { stats: false });
    if (after.primaryLocation !== before.secondaryLocation) {
      throw new StepFailed(`${account}: primary is ${after.primaryLocation} after the failover, expected ${before.secondaryLocation}`);
    }
    return `${account}: primary now ${after.primaryLocation}, sku ${after.sku}`;
  }

  // --- sql ---
  async sqlFailover() {
    const { primary, secondary, database, failoverGroup } = this.plan.sql;
    if (failoverGroup) {
      const group = await this.clients.sql.getFailoverGroup(secondary, failoverGroup);
      if (group.role === 'Primary') return `${failoverGroup}: already primary on ${secondary}`;
      this.log('sql_failover', `${failoverGroup}: forced failover to ${secondary}, polling until done`);
      await this.clients.sql.forceFailoverGroup(secondary, failoverGroup);
      const after = await this.clients.sql.getFailoverGroup(secondary, failoverGroup);
      if (after.role !== 'Primary') throw new StepFailed(`${failoverGroup}: ${secondary} is ${after.role} after the failover`);
      this.newPrimary = secondary;
      return `${failoverGroup}: ${secondary} is primary`;
    }
    const links = await this.clients.sql.listLinks(secondary, database);
    const link = links.find((l) => serverLabel(l.partnerServer) === serverLabel(primary)) ?? links[0];
    if (!link) throw new StepFailed(`${database}: no replication link on ${secondary}`);
    if (link.role === 'Primary') {
      this.newPrimary = secondary;
      return `${database}: already primary on ${secondary}`;
    }
    this.log('sql_failover', `${database}: forced failover of link ${link.name} to ${secondary}, polling until done`);
    await this.clients.sql.forceFailoverLink(secondary, database, link.name);
    const after = (await this.clients.sql.listLinks(secondary, database)).find((l) => l.name === link.name);
    if (after?.role !== 'Primary') throw new StepFailed(`${database}: ${secondary} is ${after?.role ?? 'unlinked'} after the failover`);
    this.newPrimary = secondary;
    return `${database}: ${secondary} is primary (partner ${after.partnerServer} ${after.partnerRole ?? ''})`.trim();
  }

  // --- repoint ---
  async repoint(changed) {
    const ws = this.clients.workspace(this.plan.to);
    const details = [];
    const newPrimary = this.newPrimary ?? this.plan.sql.secondary;
    for (const cluster of await ws.listClusters()) {
      const conf = { ...(cluster.spark_conf ?? {}) };
      const url = conf[kJdbcUrlKey];
      if (!url) continue;
      const host = jdbcHost(url);
      if (this.plan.sql.failoverGroup && serverLabel(host) === serverLabel(this.plan.sql.failoverGroup)) {
        details.push(`${cluster.cluster_name}: JDBC URL names the listener, unchanged`);
        continue;
      }
      if (serverLabel(host) === serverLabel(newPrimary)) {
        details.push(`${cluster.cluster_name}: JDBC URL already names ${newPrimary}`);
        continue;
      }
      if (this.plan.bug === 'never-repoint-jdbc') {
        details.push(`${cluster.cluster_name}: JDBC URL left on ${host} (bug never-repoint-jdbc)`);
        continue;
      }
      conf[kJdbcUrlKey] = withJdbcHost(url, `${serverLabel(newPrimary)}${kSqlHostSuffix}`);
      await ws.editCluster({
        cluster_id: cluster.cluster_id,
        cluster_name: cluster.cluster_name,
        spark_version: cluster.spark_version,
        node_type_id: cluster.node_type_id,
        num_workers: cluster.num_workers,
        spark_conf: conf,
      });
      changed[cluster.cluster_id] = true;
      details.push(`${cluster.cluster_name}: JDBC URL ${host} -> ${serverLabel(newPrimary)}${kSqlHostSuffix}`);
    }
    // Mounts: after the failover the account's own name serves the new primary; `-secondary` is
    // read-only (planned) or gone (unplanned: the account is LRS).
    const wantSecondary = this.plan.bug === 'secondary-endpoint';
    let mountsMoved = false;
    for (const mount of await ws.listMounts()) {
      if (isSecondaryEndpoint(mount.source) === wantSecondary) {
        if (wantSecondary) details.push(`mount ${mount.mount_point} left on ${mount.source} (bug secondary-endpoint)`);
        continue;
      }
      const source = withStorageEndpoint(mount.source, wantSecondary);
      await ws.updateMount(mount.mount_point, source);
      mountsMoved = true;
      details.push(`mount ${mount.mount_point} -> ${source}${wantSecondary ? ' (bug secondary-endpoint)' : ''}`);
    }
    // A running driver keeps the mounts it started with (dbutils caches them): restart it.
    if (mountsMoved) changed.mounts = true;
    return details.join('; ');
  }

  // --- start clusters ---
  async startClusters(changed) {
    const ws = this.clients.workspace(this.plan.to);
    const clusters = await ws.listClusters();
    const deadline = this.deadline(this.t.cluster_timeout_s);
    const restarted = new Set();
    const started = new Set();
    for (;;) {
      const states = [];
      let allRunning = true;
      for (const { cluster_id: id, cluster_name: name } of clusters) {
        const c = await ws.getCluster(id);
        states.push(`${name} ${c.state}`);
        if (c.state === 'RUNNING' || c.state === 'RESIZING') {
          // Running with an old Spark conf (edited while running restarts it) or old mounts.
          if (changed.mounts && !restarted.has(id) && !started.has(id)) {
            restarted.add(id);
            this.log('start_clusters', `${name}: restarting (mounts moved)`);
            await ws.restartCluster(id);
            allRunning = false;
          }
          continue;
        }
        allRunning = false;
        if (c.state === 'TERMINATED' || c.state === 'ERROR') {
          this.log('start_clusters', `${name}: ${c.state}${c.state_message ? ` (${c.state_message})` : ''}, starting`);
          started.add(id);
          await ws.startCluster(id);
        }
      }
      if (allRunning) return states.join(', ');
      if (Date.now() > deadline) throw new StepFailed(`not running after ${this.t.cluster_timeout_s} s: ${states.join(', ')}`);
      await this.sleep(this.t.poll_s);
    }
  }

  // --- jobs ---
  async releaseJobs() {
    const ws = this.clients.workspace(this.plan.to);
    const released = [];
    for (const job of await ws.listJobs()) {
      const s = job.settings ?? {};
      const held = (s.max_concurrent_runs ?? 1) === 0 || s.schedule?.pause_status === 'PAUSED';
      if (!held) continue;
      const newSettings = { max_concurrent_runs: 1 };
      if (s.schedule) newSettings.schedule = { ...s.schedule, pause_status: 'UNPAUSED' };
      await ws.updateJob(job.job_id, newSettings);
      released.push(s.name ?? String(job.job_id));
    }
    return released.length ? `released ${released.join(', ')}` : 'no held jobs';
  }

  async holdPrimaryJobs() {
    const deadline = this.deadline(this.t.hold_timeout_s);
    const timeoutMs = this.requestTimeoutMs();
    for (let attempt = 1; ; attempt += 1) {
      try {
        const ws = this.clients.workspace(this.plan.from);
        const held = [];
        for (const job of await ws.listJobs({ timeoutMs })) {
          const s = job.settings ?? {};
          const newSettings = { max_concurrent_runs: 0 };
          if (s.schedule) newSettings.schedule = { ...s.schedule, pause_status: 'PAUSED' };
          await ws.updateJob(job.job_id, newSettings, { timeoutMs });
          held.push(s.name ?? String(job.job_id));
        }
        return `held ${held.join(', ') || 'nothing'} on attempt ${attempt}`;
      } catch (error) {
        this.log('hold_primary_jobs', `attempt ${attempt}: ${error.message}`);
        if (Date.now() + this.wallMs(this.t.poll_s) > deadline) {
          throw new StepFailed(`${this.plan.from} unreachable for ${this.t.hold_timeout_s} s`);
        }
        await this.sleep(this.t.poll_s);
      }
    }
  }

  // --- validate ---
  async validate() {
    const ws = this.clients.workspace(this.plan.to);
    const clusters = await ws.listClusters();
    if (!clusters.length) throw new StepFailed(`${this.plan.to} has no cluster to run the statement on`);
    // drdrill's workspaces take a cluster id as the warehouse id (a real workspace: a SQL
    // warehouse whose data access configuration names the same metastore).
    const warehouse = this.plan.warehouseId ?? clusters[0].cluster_id;
    const deadline = this.deadline(this.t.validate_timeout_s);
    let last = '';
    for (let attempt = 1; ; attempt += 1) {
      const result = await ws.execute(this.plan.validate, warehouse, { pollMs: this.wallMs(1), deadline });
      if (result.state === 'SUCCEEDED') {
        return `${this.plan.validate} -> ${JSON.stringify(result.rows)} (attempt ${attempt})`;
      }
      last = `${result.state}${result.error ? `: ${result.error}` : ''}`;
      this.log('validate', `attempt ${attempt}: ${last}`);
      if (Date.now() + this.wallMs(this.t.poll_s) > deadline) break;
      await this.sleep(this.t.poll_s);
    }
    throw new StepFailed(`${this.plan.validate} did not succeed within ${this.t.validate_timeout_s} s; last: ${last}`);
  }
}
