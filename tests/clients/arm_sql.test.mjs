// @azure/arm-sql 10.0.0 against `drdrill serve`'s Azure Resource Manager (Microsoft.Sql) over HTTPS,
// with the run's CA (NODE_EXTRA_CA_CERTS) and a dummy TokenCredential: the metastore's servers,
// database and replication link as the endpoints file names them; a forced failover through the
// SDK's own poller (@azure/core-lro: Azure-AsyncOperation polled, then the Location URL fetched for
// the final resource); a failover group created over the link, read from both servers and failed
// over back (planned) through the poller, its read-write side following; ARM's errors as the SDK
// surfaces them. The default world (scenarios/serve-default.json) has a replication link and no
// group; a world whose metastore database is already in a group (sql.failover_group) is driven
// through that group instead.
// Run with --time-scale 1000: a forced failover (10-60 simulated seconds) or a planned one (30 s
// plus the drain) ends within the first poll or two; the poller waits Retry-After (1 s) between.
//
// arm-sql 10.0.0 is the last AutoRest ("classic") release: each operation group pins its own
// api-version (servers and databases 2022-08-01-preview, replicationLinks 2022-02-01-preview,
// failoverGroups 2020-11-01-preview), and failoverGroups has no tryPlannedBeforeForcedFailover.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SqlManagementClient } from '@azure/arm-sql';
import { endpoints, eventually, rejection } from './support/served.mjs';

const ep = endpoints();
const rg = ep.arm.resource_group;
const { primary_server: primary, secondary_server: secondary, database } = ep.sql;
// The scenario's group, or the one the group test creates after the forced failover.
const declaredGroup = ep.sql.failover_group;
const group = declaredGroup ?? 'hms-drill-fog';
// drdrill accepts any bearer token; the SDK only insists on getting one (and on https).
const credential = { getToken: async () => ({ token: 'drdrill', expiresOnTimestamp: Date.now() + 3600 * 1000 }) };
// No retries: the default policy retries 5xx three times with back-off, which would only hide errors.
const arm = new SqlManagementClient(credential, ep.arm.subscription, {
  endpoint: ep.arm.endpoint,
  retryOptions: { maxRetries: 0 },
});
// Retry-After (1 s) from the service overrides this between polls; it only matters without it.
const poll = { updateIntervalInMs: 250 };
const serverId = (name) =>
  `/subscriptions/${ep.arm.subscription}/resourceGroups/${rg}/providers/Microsoft.Sql/servers/${name}`;

async function links(server) {
  const out = [];
  for await (const link of arm.replicationLinks.listByDatabase(rg, server, database)) out.push(link);
  return out;
}

// The only link of the metastore database as `server` sees it.
async function link(server) {
  const found = await links(server);
  assert.equal(found.length, 1, `one replication link of ${server}/${database}`);
  return found[0];
}

// Waits until the link is caught up again (after a forced failover the old primary is re-seeded).
function caughtUp(server) {
  return eventually(`${server}/${database} caught up`, async () => (await link(server)).replicationState === 'CATCH_UP', {
    timeoutMs: 30000,
    intervalMs: 200,
  });
}

test('the endpoints name the metastore pair; servers and database read through the SDK', async () => {
  assert.match(ep.arm.endpoint, /^https:\/\/127\.0\.0\.1:\d+$/);
  assert.ok(primary && secondary && database, 'sql.primary_server, sql.secondary_server, sql.database');
  for (const name of [primary, secondary]) {
    const server = await arm.servers.get(rg, name);
    assert.equal(server.name, name);
    assert.equal(server.id, serverId(name));
    assert.equal(server.fullyQualifiedDomainName, `${name}.database.windows.net`);
    const db = await arm.databases.get(rg, name, database);
    assert.equal(db.name, database);
    assert.equal(db.status, 'Online');
  }
  assert.equal((await arm.databases.get(rg, secondary, database)).secondaryType, 'Geo');
  assert.notEqual((await arm.servers.get(rg, primary)).location, (await arm.servers.get(rg, secondary)).location);
});

test('replication links: one per side, the same id, roles and partners mirrored', async () => {
  const onPrimary = await link(primary);
  const onSecondary = await link(secondary);
  assert.equal(onPrimary.name, onSecondary.name);
  assert.equal(onPrimary.role, 'Primary');
  assert.equal(onPrimary.partnerRole, 'Secondary');
  assert.equal(onPrimary.partnerServer, secondary);
  assert.equal(onSecondary.role, 'Secondary');
  assert.equal(onSecondary.partnerServer, primary);
  assert.equal(onSecondary.partnerDatabase, database);
  assert.equal(onSecondary.replicationMode, 'ASYNC');
  assert.ok(onSecondary.startTime instanceof Date);
  const got = await arm.replicationLinks.get(rg, secondary, database, onSecondary.name);
  assert.deepEqual(got, onSecondary);
});

test('the declared failover group: get and list on both servers', { skip: !declaredGroup && 'no group in this world' }, async () => {
  const onPrimary = await arm.failoverGroups.get(rg, primary, group);
  assert.equal(onPrimary.name, group);
  assert.equal(onPrimary.replicationRole, 'Primary');
  assert.equal(onPrimary.partnerServers[0].id, serverId(secondary));
  assert.equal(onPrimary.partnerServers[0].replicationRole, 'Secondary');
  assert.deepEqual(onPrimary.databases, [`${serverId(primary)}/databases/${database}`]);
  assert.equal(ep.sql.listener_rw, `${group}.database.windows.net`);
  assert.equal(ep.sql.listener_ro, `${group}.secondary.database.windows.net`);

  const listed = [];
  for await (const g of arm.failoverGroups.listByServer(rg, secondary)) listed.push(g);
  assert.deepEqual(listed.filter((g) => g.name === group).map((g) => g.replicationRole), ['Secondary']);
});

test('a forced failover through the poller promotes the old secondary; the roles swap', async () => {
  const before = await link(secondary);
  let result;
  if (declaredGroup) {
    // A database in a failover group fails over with its group only (the service's 409).
    const refused = await rejection(arm.replicationLinks.beginFailoverAllowDataLossAndWait(rg, secondary, database, before.name, poll));
    assert.equal(refused.statusCode, 409);
    assert.equal(refused.code, 'FailoverGroupAlreadySetup');
    result = await arm.failoverGroups.beginForceFailoverAllowDataLossAndWait(rg, secondary, group, poll);
    // The poller's result is the group as the requesting (now primary) server sees it.
    assert.equal(result.replicationRole, 'Primary');
    assert.equal(result.partnerServers[0].id, serverId(primary));
    assert.deepEqual(result.databases, [`${serverId(secondary)}/databases/${database}`]);
  } else {
    result = await arm.replicationLinks.beginFailoverAllowDataLossAndWait(rg, secondary, database, before.name, poll);
    assert.equal(result.role, 'Primary');
    assert.equal(result.partnerServer, primary);
  }
  const promoted = await link(secondary);
  assert.equal(promoted.name, before.name, 'the same link, roles swapped');
  assert.equal(promoted.role, 'Primary');
  assert.equal(promoted.partnerRole, 'Secondary');
  assert.equal((await link(primary)).role, 'Secondary');
  assert.equal((await arm.databases.get(rg, primary, database)).secondaryType, 'Geo');
});

test('a failover group over the link: created on the new primary, failed over back through the poller', async () => {
  // The forced failover left the old primary re-seeding; a group (and a planned failover) needs it
  // caught up.
  await caughtUp(secondary);
  if (!declaredGroup) {
    // Created on the server that is primary now (the endpoints' old secondary), naming its partner.
    const created = await arm.failoverGroups.beginCreateOrUpdateAndWait(rg, secondary, group, {
      readWriteEndpoint: { failoverPolicy: 'Manual' },
      readOnlyEndpoint: { failoverPolicy: 'Disabled' },
      partnerServers: [{ id: serverId(primary) }],
      databases: [`${serverId(secondary)}/databases/${database}`],
    }, poll);
    assert.equal(created.name, group);
    assert.equal(created.replicationRole, 'Primary');
    assert.equal(created.replicationState, 'CATCH_UP', 'the existing link joins the group as it is');
  }
  const onNewPrimary = await arm.failoverGroups.get(rg, secondary, group);
  assert.equal(onNewPrimary.replicationRole, 'Primary');
  assert.equal(onNewPrimary.partnerServers[0].id, serverId(primary));
  assert.equal(onNewPrimary.partnerServers[0].replicationRole, 'Secondary');
  assert.deepEqual(onNewPrimary.databases, [`${serverId(secondary)}/databases/${database}`]);
  const listed = [];
  for await (const g of arm.failoverGroups.listByServer(rg, primary)) listed.push(g);
  assert.deepEqual(listed.filter((g) => g.name === group).map((g) => g.replicationRole), ['Secondary']);

  // In a group, the link no longer fails over on its own (the service's 409).
  const alone = await rejection(arm.replicationLinks.beginFailoverAndWait(rg, primary, database, (await link(primary)).name, poll));
  assert.equal(alone.statusCode, 409);
  assert.equal(alone.code, 'FailoverGroupAlreadySetup');

  // Planned failover back, asked of the group's secondary (the original primary).
  const result = await arm.failoverGroups.beginFailoverAndWait(rg, primary, group, poll);
  assert.equal(result.replicationRole, 'Primary');
  assert.deepEqual(result.databases, [`${serverId(primary)}/databases/${database}`]);
  // The read-write side follows the group's primary: the original primary again, on both views.
  assert.equal((await arm.failoverGroups.get(rg, primary, group)).replicationRole, 'Primary');
  assert.equal((await arm.failoverGroups.get(rg, secondary, group)).replicationRole, 'Secondary');
  assert.equal((await link(primary)).role, 'Primary');
  assert.equal((await link(secondary)).role, 'Secondary');
});

test("ARM's errors as RestError: unknown resources 404, a failover asked of the primary 400", async () => {
  const noDatabase = await rejection(arm.databases.get(rg, primary, 'no-such-db'));
  assert.equal(noDatabase.name, 'RestError');
  assert.equal(noDatabase.statusCode, 404);
  assert.equal(noDatabase.code, 'ResourceNotFound');

  const noServer = await rejection(arm.servers.get(rg, 'no-such-server'));
  assert.equal(noServer.statusCode, 404);

  const noLink = await rejection(arm.replicationLinks.get(rg, primary, database, '00000000-0000-0000-0000-000000000000'));
  assert.equal(noLink.statusCode, 404);

  {
    const noGroup = await rejection(arm.failoverGroups.get(rg, primary, 'no-such-group'));
    assert.equal(noGroup.statusCode, 404);
    // Failovers are requested on the server that is to become primary.
    const onPrimary = await rejection(arm.failoverGroups.beginFailoverAndWait(rg, primary, group, poll));
    assert.equal(onPrimary.statusCode, 400);
    assert.equal(onPrimary.code, 'FailoverGroupFailoverRequestOnPrimary');
  }
});
