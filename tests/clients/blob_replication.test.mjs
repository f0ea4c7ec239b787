// Geo-replication in scaled real time: run with `drdrill serve --time-scale 1000`, where the default
// lag (median 2 min, p99 15 min) passes in well under a second or two of wall time.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { blobService, endpoints, eventually } from './support/served.mjs';

const ep = endpoints();
const primary = blobService(ep.storage.blob_primary);
const secondary = blobService(ep.storage.blob_secondary);

test('a write reaches the secondary after the replication lag, and Last Sync Time passes it', async () => {
  assert.ok(ep.time.scale >= 100, `run this test with a large --time-scale (got ${ep.time.scale})`);
  const container = primary.getContainerClient('lagged');
  await container.create();
  const uploaded = await container.getBlockBlobClient('table/part-0000.parquet').upload('rows', 4);

  const replica = secondary.getContainerClient('lagged').getBlockBlobClient('table/part-0000.parquet');
  await eventually('the blob on the secondary', () => replica.exists());
  assert.equal((await replica.downloadToBuffer()).toString(), 'rows');
  const properties = await replica.getProperties();
  assert.equal(properties.etag, uploaded.etag, 'the replica is the same version');

  const stats = await eventually('Last Sync Time past the write', async () => {
    const s = await secondary.getStatistics();
    return s.geoReplication.lastSyncOn.getTime() >= uploaded.lastModified.getTime() ? s : null;
  });
  assert.equal(stats.geoReplication.status, 'live');
});

test('a deletion replicates too', async () => {
  const blob = primary.getContainerClient('lagged').getBlockBlobClient('to-delete');
  await blob.upload('x', 1);
  const replica = secondary.getContainerClient('lagged').getBlockBlobClient('to-delete');
  await eventually('the blob on the secondary', () => replica.exists());
  await blob.delete();
  await eventually('the deletion on the secondary', async () => !(await replica.exists()));
});
