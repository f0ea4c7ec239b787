// @azure/arm-storage against `drdrill serve`'s Azure Resource Manager over HTTPS, with the run's CA
// (NODE_EXTRA_CA_CERTS) and a dummy TokenCredential: the account with geoReplicationStats, planned
// and unplanned failover through the SDK's own poller, and re-enabling geo-redundancy.
// Run with --time-scale 1000 --lag-s-median 3600 --lag-s-p99 7200: failovers (15-60 simulated
// minutes) finish in seconds, while a write stays in flight for seconds of wall time, so the
// unplanned failover has something to lose.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { StorageManagementClient } from '@azure/arm-storage';
import { blobService, endpoints, eventually, rejection } from './support/served.mjs';

const ep = endpoints();
const rg = ep.arm.resource_group;
const account = ep.storage.account;
// drdrill accepts any bearer token; the SDK only insists on getting one (and on https).
const credential = { getToken: async () => ({ token: 'drdrill', expiresOnTimestamp: Date.now() + 3600 * 1000 }) };
const arm = new StorageManagementClient(credential, ep.arm.subscription, { endpoint: ep.arm.endpoint });
const poll = { updateIntervalInMs: 100 };
const expand = { expand: 'geoReplicationStats' };
const blobs = blobService(ep.storage.blob_primary);

test('the ARM SDK refuses a plain-http endpoint before sending anything (so ARM is served over TLS)', async () => {
  const insecure = new StorageManagementClient(credential, ep.arm.subscription, {
    endpoint: ep.arm.endpoint.replace('https://', 'http://'),
    retryOptions: { maxRetries: 0 },
  });
  const error = await rejection(insecure.storageAccounts.getProperties(rg, account));
  assert.match(error.message, /non-TLS|https|allowInsecureConnection/i);
});

test('getProperties with $expand=geoReplicationStats describes the RA-GRS account', async () => {
  assert.match(ep.arm.endpoint, /^https:\/\/127\.0\.0\.1:\d+$/);
  const properties = await arm.storageAccounts.getProperties(rg, account, expand);
  assert.equal(properties.name, account);
  assert.equal(properties.id, ep.arm.storage_account_id);
  assert.equal(properties.sku.name, 'Standard_RAGRS');
  assert.equal(properties.primaryLocation, ep.storage.primary_region);
  assert.equal(properties.secondaryLocation, ep.storage.secondary_region);
  assert.equal(properties.statusOfPrimary, 'available');
  assert.equal(properties.primaryEndpoints.blob, `${ep.storage.blob_primary_https}/`);
  assert.equal(properties.secondaryEndpoints.blob, `${ep.storage.blob_secondary_https}/`);
  const stats = properties.geoReplicationStats;
  assert.equal(stats.status, 'Live');
  assert.ok(stats.lastSyncTime instanceof Date);
  assert.equal(stats.canFailover, true);
  assert.equal(stats.canPlannedFailover, true);

  const plain = await arm.storageAccounts.getProperties(rg, account);
  assert.equal(plain.geoReplicationStats, undefined, 'only present when expanded');
});

test('a planned failover through the poller swaps the regions, keeps RA-GRS and loses nothing', async () => {
  const container = blobs.getContainerClient('drill');
  await container.create();
  await container.getBlockBlobClient('before-planned.txt').upload('kept', 4);

  await arm.storageAccounts.failover(rg, account, { ...poll, failoverType: 'Planned' }).pollUntilDone();

  const after = await arm.storageAccounts.getProperties(rg, account, expand);
  assert.equal(after.primaryLocation, ep.storage.secondary_region);
  assert.equal(after.secondaryLocation, ep.storage.primary_region);
  assert.equal(after.sku.name, 'Standard_RAGRS');
  assert.ok(after.lastGeoFailoverTime instanceof Date);
  assert.ok(!after.failoverInProgress);
  // Replication was drained before the switch: the write is on both copies.
  assert.equal((await container.getBlockBlobClient('before-planned.txt').downloadToBuffer()).toString(), 'kept');
  const secondary = blobService(ep.storage.blob_secondary).getContainerClient('drill').getBlockBlobClient('before-planned.txt');
  assert.equal((await secondary.downloadToBuffer()).toString(), 'kept');
});

test('an unplanned failover through the poller loses the write in flight and leaves the account LRS', async () => {
  const before = await arm.storageAccounts.getProperties(rg, account, expand);
  const container = blobs.getContainerClient('drill');
  await container.getBlockBlobClient('in-flight.txt').upload('lost', 4);

  await arm.storageAccounts.failover(rg, account, poll).pollUntilDone();

  const after = await arm.storageAccounts.getProperties(rg, account);
  assert.equal(after.primaryLocation, before.secondaryLocation, 'the old secondary region is primary');
  assert.equal(after.sku.name, 'Standard_LRS');
  assert.equal(after.secondaryLocation, undefined);
  assert.equal(after.secondaryEndpoints, undefined);
  assert.ok(after.lastGeoFailoverTime > before.lastGeoFailoverTime);
  // The blob endpoint serves the replicated copy now: what had arrived is there, the rest is gone.
  assert.equal((await container.getBlockBlobClient('before-planned.txt').downloadToBuffer()).toString(), 'kept');
  assert.equal(await container.getBlockBlobClient('in-flight.txt').exists(), false);
  // And there is no secondary endpoint any more.
  const secondaryError = await rejection(blobService(ep.storage.blob_secondary).getStatistics());
  assert.equal(secondaryError.statusCode, 404);
});

test('PATCH sku back to Standard_RAGRS reseeds the secondary: Bootstrap, then Live', async () => {
  const updated = await arm.storageAccounts.update(rg, account, { sku: { name: 'Standard_RAGRS' } });
  assert.equal(updated.sku.name, 'Standard_RAGRS');
  const live = await eventually('the reseed to finish', async () => {
    const p = await arm.storageAccounts.getProperties(rg, account, expand);
    assert.ok(['Bootstrap', 'Live'].includes(p.geoReplicationStats.status), p.geoReplicationStats.status);
    return p.geoReplicationStats.status === 'Live' ? p : null;
  });
  assert.equal(live.geoReplicationStats.canFailover, true);
  const secondary = blobService(ep.storage.blob_secondary).getContainerClient('drill').getBlockBlobClient('before-planned.txt');
  assert.equal((await secondary.downloadToBuffer()).toString(), 'kept');
});
