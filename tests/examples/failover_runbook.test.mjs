// The example failover tool's steps (examples/failover/runbook.mjs) against a stub world that
// behaves like drdrill's fakes on the points the runbook depends on: the storage account moves
// region and turns LRS after an unplanned failover (its -secondary endpoint is gone), the
// replication link's roles swap, a cluster reaches the metastore only through a server that is
// up and primary, and reads only through an endpoint that exists. No SDK and no server: the
// end-to-end drill of the real script is Examples.FailoverDrill.*.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import {
  isSecondaryEndpoint,
  jdbcHost,
  kJdbcUrlKey,
  Runbook,
  serverLabel,
  withJdbcHost,
  withStorageEndpoint,
} from '../../examples/failover/runbook.mjs';

const kEastJdbc = 'jdbc:sqlserver://hms-eastus.database.windows.net:1433;database=hms;encrypt=true;loginTimeout=30;';
const kSecondaryMount = 'abfss://tables@lakeprod-secondary.dfs.core.windows.net/';

// A world after East US went down. `calls` records every mutating call in order.
function stubWorld({ failoverGroup = false, jdbcUrl = kEastJdbc, primaryUp = false } = {}) {
  const calls = [];
  const world = {
    calls,
    storage: { primary: 'eastus', secondary: 'westus', sku: 'Standard_RAGRS' },
    sqlPrimary: 'hms-eastus',
    groupPrimary: 'hms-eastus',
    cluster: {
      cluster_id: '0101-000000-etl',
      cluster_name: 'etl',
      spark_version: '13.3.x-scala2.12',
      node_type_id: 'Standard_DS3_v2',
      num_workers: 2,
      state: 'TERMINATED',
      spark_conf: { [kJdbcUrlKey]: jdbcUrl, 'spark.sql.hive.metastore.version': '2.3.7' },
    },
    mounts: [{ mount_point: '/mnt/tables', source: kSecondaryMount }],
    jobs: [{ job_id: 7, settings: { name: 'load_orders', max_concurrent_runs: 0, schedule: { quartz_cron_expression: '0 */5 * * * ?', pause_status: 'PAUSED' } } }],
    healthRounds: 0,
  };
  const down = () => Promise.reject(new Error('connect ECONNRESET (East US is down)'));
  const secondary = {
    listClusters: async () => [structuredClone(world.cluster)],
    getCluster: async () => {
      // A started cluster is RUNNING the next time anyone looks.
      const c = structuredClone(world.cluster);
      if (world.cluster.state === 'PENDING') world.cluster.state = 'RUNNING';
      return c;
    },
    editCluster: async (spec) => {
      calls.push(['edit', spec]);
      world.cluster.spark_conf = spec.spark_conf;
    },
    startCluster: async (id) => {
      calls.push(['start', id]);
      world.cluster.state = 'PENDING';
    },
    restartCluster: async (id) => calls.push(['restart', id]),
    listJobs: async () => structuredClone(world.jobs),
    updateJob: async (id, settings) => {
      calls.push(['updateJob', id, settings]);
      Object.assign(world.jobs.find((j) => j.job_id === id).settings, settings);
    },
    listMounts: async () => structuredClone(world.mounts),
    updateMount: async (point, source) => {
      calls.push(['updateMount', point, source]);
      world.mounts.find((m) => m.mount_point === point).source = source;
    },
    execute: async (statement, warehouse) => {
      calls.push(['execute', statement, warehouse]);
      if (world.cluster.state !== 'RUNNING') return { state: 'FAILED', error: 'cluster not running' };
      const host = serverLabel(jdbcHost(world.cluster.spark_conf[kJdbcUrlKey]));
      const reachable = host === 'drdrill-fog' ? world.groupPrimary : host;
      if (reachable === 'hms-eastus') return { state: 'FAILED', error: 'metastore: connection to hms-eastus timed out' };
      if (world.mounts.some((m) => isSecondaryEndpoint(m.source)) && world.storage.secondary === null) {
        return { state: 'FAILED', error: 'lakeprod-secondary.dfs.core.windows.net: name does not resolve' };
      }
      return { state: 'SUCCEEDED', rows: [['4000']] };
    },
  };
  const primary = primaryUp
    ? {
        listJobs: async () => [{ job_id: 1, settings: { name: 'load_orders', max_concurrent_runs: 1 } }],
        updateJob: async (id, settings) => calls.push(['updateJob', id, settings]),
      }
    : { listClusters: down, listJobs: down, updateJob: down };
  world.clients = {
    storage: {
      getProperties: async () => ({
        primaryLocation: world.storage.primary,
        secondaryLocation: world.storage.secondary,
        sku: world.storage.sku,
        lastSyncTime: '2026-01-01T00:58:00Z',
      }),
      failover: async (account, { planned }) => {
        calls.push(['storageFailover', account, planned]);
        const old = world.storage.primary;
        world.storage.primary = world.storage.secondary;
        world.storage.secondary = planned ? old : null;
        if (!planned) world.storage.sku = 'Standard_LRS';
      },
    },
    sql: {
      listLinks: async (server) => [{
        name: 'link-1',
        role: world.sqlPrimary === server ? 'Primary' : 'Secondary',
        partnerServer: server === 'hms-westus' ? 'hms-eastus' : 'hms-westus',
      }],
      forceFailoverLink: async (server, db, link) => {
        calls.push(['forceFailoverLink', server, db, link]);
        world.sqlPrimary = server;
      },
      getFailoverGroup: async (server) => ({ role: world.groupPrimary === server ? 'Primary' : 'Secondary' }),
      forceFailoverGroup: async (server, group) => {
        calls.push(['forceFailoverGroup', server, group]);
        world.groupPrimary = server;
      },
    },
    workspace: (name) => (name === 'secondary' ? secondary : primary),
    primaryHealth: async () => {
      world.healthRounds += 1;
      return world.healthRounds < 3 ? { ok: true } : { ok: false, detail: 'ECONNRESET' };
    },
  };
  world.plan = (extra = {}) => ({
    account: 'lakeprod',
    sql: { primary: 'hms-eastus', secondary: 'hms-westus', database: 'hms', failoverGroup: failoverGroup ? 'drdrill-fog' : null },
    from: 'primary',
    to: 'secondary',
    validate: 'SELECT COUNT(*) FROM sales.orders',
    bug: null,
    waitForOutage: false,
    // Every compressed wait at its floor (10 ms): the test never waits long.
    timeScale: 1e9,
    minWaitMs: 200,
    ...extra,
  });
  return world;
}

function run(world, extra) {
  const lines = [];
  const runbook = new Runbook(world.clients, world.plan(extra), (step, message) => lines.push(`[${step}] ${message}`));
  return { runbook, lines, done: runbook.run() };
}

describe('FailoverRunbook', () => {
  test('performs the seed runbook in order and ends with a successful validation', async () => {
    const world = stubWorld();
    const { runbook, done } = run(world);
    await done;
    const kinds = world.calls.map((c) => c[0]);
    assert.deepEqual(kinds.slice(0, 5), ['storageFailover', 'forceFailoverLink', 'edit', 'updateMount', 'start']);
    assert.deepEqual(world.calls[0], ['storageFailover', 'lakeprod', false]);
    assert.deepEqual(world.calls[1], ['forceFailoverLink', 'hms-westus', 'hms', 'link-1']);
    assert.equal(world.cluster.spark_conf[kJdbcUrlKey],
      'jdbc:sqlserver://hms-westus.database.windows.net:1433;database=hms;encrypt=true;loginTimeout=30;');
    assert.equal(world.cluster.spark_conf['spark.sql.hive.metastore.version'], '2.3.7', 'the rest of the conf is kept');
    assert.equal(world.calls[2][1].cluster_id, '0101-000000-etl');
    assert.equal(world.mounts[0].source, 'abfss://tables@lakeprod.dfs.core.windows.net/');
    assert.deepEqual(world.jobs[0].settings.max_concurrent_runs, 1);
    assert.equal(world.jobs[0].settings.schedule.pause_status, 'UNPAUSED');
    assert.equal(world.jobs[0].settings.schedule.quartz_cron_expression, '0 */5 * * * ?');
    assert.deepEqual(world.calls.at(-1), ['execute', 'SELECT COUNT(*) FROM sales.orders', '0101-000000-etl']);
    // Holding the primary's jobs runs beside the validation: either may end first.
    assert.deepEqual(runbook.summary.slice(0, 5).map((s) => [s.step, s.ok]), [
      ['storage_failover', true], ['sql_failover', true], ['repoint', true], ['start_clusters', true], ['release_jobs', true],
    ]);
    assert.deepEqual(new Map(runbook.summary.slice(5).map((s) => [s.step, s.ok])),
      new Map([['hold_primary_jobs', false], ['validate', true]]));
  });

  test('a primary region that cannot be reached does not stop the failover', async () => {
    const world = stubWorld();
    const { runbook, lines, done } = run(world);
    await done;
    const hold = runbook.summary.find((s) => s.step === 'hold_primary_jobs');
    assert.match(hold.detail, /primary unreachable/);
    assert.ok(lines.some((l) => l.includes('ECONNRESET')));
  });

  test('holds the primary workspace jobs when its control plane answers', async () => {
    const world = stubWorld({ primaryUp: true });
    const { runbook, done } = run(world);
    await done;
    assert.ok(world.calls.some((c) => c[0] === 'updateJob' && c[1] === 1 && c[2].max_concurrent_runs === 0));
    assert.equal(runbook.summary.find((s) => s.step === 'hold_primary_jobs').ok, true);
  });

  test('bug never-repoint-jdbc leaves the JDBC URL on the failed server and validation fails', async () => {
    const world = stubWorld();
    const { runbook, done } = run(world, { bug: 'never-repoint-jdbc', timings: { validate_timeout_s: 0.05 } });
    await assert.rejects(done, /did not succeed.*hms-eastus/);
    assert.equal(world.cluster.spark_conf[kJdbcUrlKey], kEastJdbc);
    assert.ok(!world.calls.some((c) => c[0] === 'edit'));
    assert.equal(world.mounts[0].source, 'abfss://tables@lakeprod.dfs.core.windows.net/', 'the mounts are still moved');
    assert.equal(runbook.summary.find((s) => s.step === 'validate').ok, false);
  });

  test('bug secondary-endpoint keeps the mounts on -secondary, which an unplanned failover removed', async () => {
    const world = stubWorld();
    const { done } = run(world, { bug: 'secondary-endpoint', timings: { validate_timeout_s: 0.05 } });
    await assert.rejects(done, /name does not resolve/);
    assert.equal(world.mounts[0].source, kSecondaryMount);
    assert.ok(!world.calls.some((c) => c[0] === 'updateMount'));
    assert.ok(world.calls.some((c) => c[0] === 'edit'), 'the JDBC URL is still re-pointed');
  });

  test('bug secondary-endpoint moves mounts that named the primary onto -secondary', async () => {
    const world = stubWorld();
    world.mounts[0].source = 'abfss://tables@lakeprod.dfs.core.windows.net/';
    const { done } = run(world, { bug: 'secondary-endpoint', timings: { validate_timeout_s: 0.05 } });
    await assert.rejects(done);
    assert.deepEqual(world.calls.find((c) => c[0] === 'updateMount'), ['updateMount', '/mnt/tables', kSecondaryMount]);
  });

  test('a failover group is failed over on its secondary and a listener URL is left alone', async () => {
    const world = stubWorld({ failoverGroup: true, jdbcUrl: withJdbcHost(kEastJdbc, 'drdrill-fog.database.windows.net') });
    const { done } = run(world);
    await done;
    assert.ok(world.calls.some((c) => c[0] === 'forceFailoverGroup' && c[1] === 'hms-westus' && c[2] === 'drdrill-fog'));
    assert.ok(!world.calls.some((c) => c[0] === 'forceFailoverLink'));
    assert.ok(!world.calls.some((c) => c[0] === 'edit'));
  });

  test('a planned storage failover is requested as planned', async () => {
    const world = stubWorld();
    const { done } = run(world, { plannedStorage: true });
    await done;
    assert.deepEqual(world.calls[0], ['storageFailover', 'lakeprod', true]);
  });

  test('an account that is no longer geo-redundant is not failed over again', async () => {
    const world = stubWorld();
    world.storage.secondary = null;
    const { runbook, done } = run(world);
    await done;
    assert.ok(!world.calls.some((c) => c[0] === 'storageFailover'));
    assert.match(runbook.summary[0].detail, /not geo-redundant/);
  });

  test('waits for three failing health rounds before acting', async () => {
    const world = stubWorld();
    const { runbook, done } = run(world, { waitForOutage: true });
    await done;
    assert.equal(world.healthRounds, 5, 'two healthy rounds, then three failing ones');
    assert.deepEqual(runbook.summary[0], { step: 'detect', ok: true, detail: '3 consecutive failing health rounds' });
  });

  test('a running cluster whose mounts moved is restarted, once', async () => {
    const world = stubWorld();
    world.cluster.state = 'RUNNING';
    const { done } = run(world);
    await done;
    assert.equal(world.calls.filter((c) => c[0] === 'restart').length, 1);
    assert.ok(!world.calls.some((c) => c[0] === 'start'));
  });
});

describe('FailoverRunbookText', () => {
  test('rewrites only the host of a JDBC URL', () => {
    assert.equal(jdbcHost(kEastJdbc), 'hms-eastus.database.windows.net');
    assert.equal(withJdbcHost(kEastJdbc, 'hms-westus.database.windows.net'),
      kEastJdbc.replace('hms-eastus', 'hms-westus'));
    assert.equal(jdbcHost('not a url'), null);
    assert.equal(serverLabel('HMS-WestUS.database.windows.net'), 'hms-westus');
  });

  test('moves an abfss source between the account name and -secondary', () => {
    assert.equal(withStorageEndpoint(kSecondaryMount, false), 'abfss://tables@lakeprod.dfs.core.windows.net/');
    assert.equal(withStorageEndpoint('abfss://t@lakeprod.dfs.core.windows.net/x/y', true),
      'abfss://t@lakeprod-secondary.dfs.core.windows.net/x/y');
    assert.equal(isSecondaryEndpoint(kSecondaryMount), true);
    assert.equal(isSecondaryEndpoint('abfss://tables@lakeprod.dfs.core.windows.net/'), false);
  });
});
