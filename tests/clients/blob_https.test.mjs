// The same Blob endpoints over HTTPS with the run's own CA (NODE_EXTRA_CA_CERTS, set by
// with_drdrill_serve.sh), and host-style addressing (<account>[-secondary].blob.localhost) over
// both HTTP and HTTPS, the form retryOptions.secondaryHost needs.

import assert from 'node:assert/strict';
import https from 'node:https';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { BlobServiceClient } from '@azure/storage-blob';
import { blobService, endpoints, oneTry, rejection, resolveLocalhostNames } from './support/served.mjs';

resolveLocalhostNames();
const ep = endpoints();

test('the CA file named in the endpoints file is the one Node trusts here', () => {
  assert.equal(ep.tls.ca_file, process.env.NODE_EXTRA_CA_CERTS);
  assert.match(readFileSync(ep.tls.ca_file, 'utf8'), /^-----BEGIN CERTIFICATE-----/);
});

test('upload and download over HTTPS, path style, with the connection string', async () => {
  const service = BlobServiceClient.fromConnectionString(ep.storage.connection_string_https, oneTry);
  assert.ok(service.url.startsWith('https://127.0.0.1:'));
  const container = service.getContainerClient('tls');
  await container.create();
  const blob = container.getBlockBlobClient('over-tls.txt');
  assert.equal((await blob.upload('secret', 6))._response.status, 201);
  assert.equal((await blob.downloadToBuffer()).toString(), 'secret');
  const secondary = BlobServiceClient.fromConnectionString(ep.storage.connection_string_secondary_https, oneTry);
  assert.equal((await secondary.getStatistics()).geoReplication.status, 'live');
});

test('a client that does not trust the CA is refused by TLS itself', async () => {
  const url = new URL(ep.storage.blob_primary_https);
  const error = await new Promise((resolve) => {
    const request = https.request({ host: url.hostname, port: url.port, path: '/', ca: [], timeout: 10000 }, () =>
      resolve(null),
    );
    request.on('error', resolve);
    request.end();
  });
  assert.ok(error, 'the handshake must fail without the CA');
  assert.match(error.code, /SELF_SIGNED|UNABLE_TO_GET_ISSUER|UNABLE_TO_VERIFY|DEPTH_ZERO/);
});

for (const [scheme, primaryUrl, secondaryUrl] of [
  ['http', ep.storage.blob_primary_host_style, ep.storage.blob_secondary_host_style],
  ['https', ep.storage.blob_primary_host_style_https, ep.storage.blob_secondary_host_style_https],
]) {
  test(`host style over ${scheme}: <account>.blob.localhost writes, -secondary refuses writes`, async () => {
    assert.match(primaryUrl, new RegExp(`^${scheme}://${ep.storage.account}\\.blob\\.localhost:\\d+$`));
    const primary = blobService(primaryUrl);
    const name = `host-${scheme}`;
    await primary.getContainerClient(name).create();
    await primary.getContainerClient(name).getBlockBlobClient('b').upload('host', 4);
    assert.equal((await primary.getContainerClient(name).getBlockBlobClient('b').downloadToBuffer()).toString(), 'host');

    const secondary = blobService(secondaryUrl);
    assert.equal((await secondary.getStatistics()).geoReplication.status, 'live');
    const error = await rejection(secondary.getContainerClient(name).getBlockBlobClient('b').upload('no', 2));
    assert.equal(error.statusCode, 403);
    assert.equal(error.code, 'InsufficientAccountPermissions');
  });
}
