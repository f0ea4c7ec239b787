// The RA-GRS secondary through @azure/storage-blob, at time scale 1 (replication lag of minutes, so
// nothing written during the test reaches the secondary): Get Blob Service Stats, read-only 403s,
// and the secondary serving only the replicated copy.

import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { blobService, endpoints, rejection } from './support/served.mjs';

const ep = endpoints();
const primary = blobService(ep.storage.blob_primary);
const secondary = blobService(ep.storage.blob_secondary);

before(async () => {
  await primary.getContainerClient('replicated').create();
});

test('getStatistics() on the secondary reports live replication and a Last Sync Time', async () => {
  const before = Date.parse(ep.time.start);
  const stats = await secondary.getStatistics();
  assert.equal(stats._response.status, 200);
  assert.equal(stats.geoReplication.status, 'live');
  assert.ok(stats.geoReplication.lastSyncOn instanceof Date);
  // At time scale 1 simulated time starts at the wall clock: Last Sync Time is within the run.
  assert.ok(stats.geoReplication.lastSyncOn.getTime() >= before - 1000, stats.geoReplication.lastSyncOn.toISOString());
  assert.ok(stats.geoReplication.lastSyncOn.getTime() <= Date.now() + 1000, stats.geoReplication.lastSyncOn.toISOString());
});

test('getStatistics() on the primary is refused with 400 (the operation exists only on the secondary)', async () => {
  const error = await rejection(primary.getStatistics());
  assert.equal(error.statusCode, 400);
  assert.equal(error.code, 'InvalidQueryParameterValue');
});

test('a write to the secondary is rejected with 403 InsufficientAccountPermissions', async () => {
  const upload = await rejection(
    secondary.getContainerClient('replicated').getBlockBlobClient('nope.txt').upload('nope', 4),
  );
  assert.equal(upload.statusCode, 403);
  assert.equal(upload.code, 'InsufficientAccountPermissions');
  assert.match(upload.message, /Write operations are not allowed/);

  const create = await rejection(secondary.getContainerClient('another').create());
  assert.equal(create.statusCode, 403);
  assert.equal(create.code, 'InsufficientAccountPermissions');

  const remove = await rejection(secondary.getContainerClient('replicated').delete());
  assert.equal(remove.statusCode, 403);
  assert.equal(remove.code, 'InsufficientAccountPermissions');
});

test('a blob just written on the primary is 404 on the secondary until it replicates', async () => {
  const path = ['replicated', 'fresh.txt'];
  await primary.getContainerClient(path[0]).getBlockBlobClient(path[1]).upload('fresh', 5);
  const onSecondary = secondary.getContainerClient(path[0]).getBlockBlobClient(path[1]);
  const error = await rejection(onSecondary.downloadToBuffer());
  assert.equal(error.statusCode, 404);
  assert.equal(await onSecondary.exists(), false);
});

test('the secondary is signed with the account name, as the SDK signs it (no -secondary)', async () => {
  // Both keys sign for both endpoints.
  const withKey2 = blobService(ep.storage.blob_secondary, (await import('./support/served.mjs')).sharedKey(ep, ep.storage.key2));
  const stats = await withKey2.getStatistics();
  assert.equal(stats.geoReplication.status, 'live');
});
