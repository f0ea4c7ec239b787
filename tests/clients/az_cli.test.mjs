// The az CLI (Debian's azure-cli, 2.45) against `drdrill serve` with the endpoints file's connection
// strings: upload, list, download, and a write to the secondary refused. Each az call costs over a
// second of Python start-up, so there are four.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { blobService, endpoints } from './support/served.mjs';

const ep = endpoints();
const work = mkdtempSync(join(tmpdir(), 'drdrill-az-'));
// A private configuration directory: no user profile, no telemetry, nothing left behind.
const env = { ...process.env, AZURE_CONFIG_DIR: join(work, 'az'), AZURE_CORE_COLLECT_TELEMETRY: 'false', AZURE_CORE_NO_COLOR: 'true' };

function az(...args) {
  return new Promise((resolve, reject) => {
    execFile('az', args, { env, timeout: 60000, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error?.code === 'ENOENT') return reject(new Error('az is not installed: run scripts/setup.sh --test (Debian package azure-cli)'));
      resolve({ code: error ? (error.code ?? 1) : 0, stdout, stderr });
    });
  });
}

before(async () => {
  await blobService(ep.storage.blob_primary).getContainerClient('azcli').create();
});
after(() => rmSync(work, { recursive: true, force: true }));

test('az storage blob upload, list and download round-trip a file', async () => {
  const source = join(work, 'part-0000.csv');
  writeFileSync(source, 'id,value\n1,drill\n'); // 17 bytes
  const cs = ep.storage.connection_string;

  const upload = await az('storage', 'blob', 'upload', '--connection-string', cs, '-c', 'azcli', '-n', 'tables/t1/part-0000.csv', '-f', source, '--only-show-errors', '-o', 'json');
  assert.equal(upload.code, 0, upload.stderr);
  assert.match(JSON.parse(upload.stdout).etag, /^"0x[0-9A-F]+"$/);

  const list = await az('storage', 'blob', 'list', '--connection-string', cs, '-c', 'azcli', '--prefix', 'tables/', '--only-show-errors', '-o', 'json');
  assert.equal(list.code, 0, list.stderr);
  const blobs = JSON.parse(list.stdout);
  assert.deepEqual(blobs.map((b) => b.name), ['tables/t1/part-0000.csv']);
  assert.equal(blobs[0].properties.contentLength, 17);

  const target = join(work, 'downloaded.csv');
  const download = await az('storage', 'blob', 'download', '--connection-string', cs, '-c', 'azcli', '-n', 'tables/t1/part-0000.csv', '-f', target, '--only-show-errors', '-o', 'none');
  assert.equal(download.code, 0, download.stderr);
  assert.equal(readFileSync(target, 'utf8'), 'id,value\n1,drill\n');
});

test('az storage blob upload to the secondary fails with the 403 the service gives', async () => {
  const source = join(work, 'refused.txt');
  writeFileSync(source, 'nope');
  const upload = await az('storage', 'blob', 'upload', '--connection-string', ep.storage.connection_string_secondary, '-c', 'azcli', '-n', 'refused.txt', '-f', source, '--only-show-errors', '-o', 'json');
  assert.notEqual(upload.code, 0);
  assert.match(upload.stderr, /InsufficientAccountPermissions|Write operations are not allowed/);
});
