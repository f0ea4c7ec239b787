// @azure/storage-blob against `drdrill serve` over plain HTTP, path style: the operations a data
// platform's jobs and failover tooling use, and the client traps of
// shared/reference/clients-and-peers.md (201 for puts, an ETag on every Get Blob, a HEAD answer with
// no body followed by a GET on the same connection).

import assert from 'node:assert/strict';
import http from 'node:http';
import { before, describe, test } from 'node:test';
import { blobService, endpoints, rejection } from './support/served.mjs';

const ep = endpoints();
const service = blobService(ep.storage.blob_primary);
const container = service.getContainerClient('data');

before(async () => {
  await container.create();
});

describe('uploads', () => {
  test('a single-shot upload is answered 201 Created with an ETag (200 would be an error to the SDK)', async () => {
    const blob = container.getBlockBlobClient('single.txt');
    const response = await blob.upload('hello drill', 11);
    assert.equal(response._response.status, 201);
    assert.match(response.etag, /^"0x[0-9A-F]+"$/);
    assert.ok(response.lastModified instanceof Date);
    assert.equal((await blob.downloadToBuffer()).toString(), 'hello drill');
  });

  test('a small maxSingleShotSize makes the SDK upload in blocks, committed as one blob', async () => {
    const blob = container.getBlockBlobClient('blocks.bin');
    const data = Buffer.alloc(10 * 1024 + 17);
    for (let i = 0; i < data.length; i++) data[i] = (i * 31) & 0xff;
    await blob.uploadData(data, { maxSingleShotSize: 1024, blockSize: 1024, concurrency: 4 });

    const list = await blob.getBlockList('committed');
    assert.equal(list.committedBlocks.length, 11);
    assert.deepEqual(await blob.downloadToBuffer(), data);
  });

  test('Put Block and Put Block List called directly answer 201', async () => {
    const blob = container.getBlockBlobClient('manual-blocks.txt');
    const ids = ['AAAA', 'AAAB'];
    const staged = await blob.stageBlock(ids[0], 'first-', 6);
    assert.equal(staged._response.status, 201);
    await blob.stageBlock(ids[1], 'second', 6);
    const committed = await blob.commitBlockList(ids);
    assert.equal(committed._response.status, 201);
    assert.equal((await blob.downloadToBuffer()).toString(), 'first-second');
  });
});

describe('downloads', () => {
  test('every Get Blob carries the ETag of the upload (downloadToBuffer needs it)', async () => {
    const blob = container.getBlockBlobClient('etag.txt');
    const uploaded = await blob.upload('etag', 4);
    const downloaded = await blob.download();
    assert.equal(downloaded.etag, uploaded.etag);
    const properties = await blob.getProperties();
    assert.equal(properties.etag, uploaded.etag);
    assert.equal(properties.contentLength, 4);
  });

  test('a range download is answered 206 with exactly the range', async () => {
    const blob = container.getBlockBlobClient('range.txt');
    await blob.upload('0123456789', 10);
    const part = await blob.download(2, 5);
    assert.equal(part._response.status, 206);
    assert.equal(part.contentRange, 'bytes 2-6/10');
    const chunks = [];
    for await (const chunk of part.readableStreamBody) chunks.push(chunk);
    assert.equal(Buffer.concat(chunks).toString(), '23456');
  });

  test('a HEAD answer carries no body, so a GET after it on the same connection is intact', async () => {
    // downloadToBuffer() does exactly this; here the connection reuse is checked on the wire with
    // a one-socket keep-alive agent against a public container (no signing needed).
    const open = service.getContainerClient('public');
    await open.create({ access: 'blob' });
    const content = 'x'.repeat(3000);
    await open.getBlockBlobClient('page.html').upload(content, content.length);

    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const url = new URL(`${ep.storage.blob_primary}/public/page.html`);
    const send = (method) =>
      new Promise((resolve, reject) => {
        const request = http.request(url, { method, agent, headers: { 'x-ms-version': '2021-06-08' } }, (response) => {
          const chunks = [];
          response.on('data', (c) => chunks.push(c));
          response.on('end', () =>
            resolve({ status: response.statusCode, headers: response.headers, body: Buffer.concat(chunks).toString(), reused: request.reusedSocket }),
          );
        });
        request.setTimeout(10000, () => request.destroy(new Error('timed out')));
        request.on('error', reject);
        request.end();
      });
    try {
      const head = await send('HEAD');
      const get = await send('GET');
      assert.equal(head.status, 200);
      assert.equal(head.headers['content-length'], String(content.length));
      assert.equal(head.body, '');
      assert.ok(head.headers.etag);
      assert.equal(get.reused, true, 'the GET must travel on the HEAD\'s connection');
      assert.equal(get.status, 200);
      assert.equal(get.body, content);
    } finally {
      agent.destroy();
    }
  });
});

describe('listing', () => {
  test('byPage({maxPageSize}) pages through every blob in name order with continuation tokens', async () => {
    const listed = service.getContainerClient('listing');
    await listed.create();
    const names = ['a/1', 'a/2', 'b/1', 'b/2', 'c'];
    for (const name of names) await listed.getBlockBlobClient(name).upload(name, name.length);

    const pages = [];
    for await (const page of listed.listBlobsFlat().byPage({ maxPageSize: 2 })) {
      pages.push({ names: page.segment.blobItems.map((b) => b.name), token: page.continuationToken });
    }
    assert.deepEqual(pages.map((p) => p.names), [['a/1', 'a/2'], ['b/1', 'b/2'], ['c']]);
    assert.ok(pages[0].token && pages[1].token, 'pages before the last carry a continuation token');
    assert.ok(!pages[2].token, 'the last page has none');

    const resumed = await listed.listBlobsFlat().byPage({ maxPageSize: 2, continuationToken: pages[0].token }).next();
    assert.deepEqual(resumed.value.segment.blobItems.map((b) => b.name), ['b/1', 'b/2']);

    const top = [];
    for await (const item of listed.listBlobsByHierarchy('/')) top.push(item.kind === 'prefix' ? item.name : `${item.name}`);
    assert.deepEqual(top, ['a/', 'b/', 'c']);
  });

  test('listContainers finds the containers made through the SDK', async () => {
    const names = [];
    for await (const c of service.listContainers()) names.push(c.name);
    assert.ok(names.includes('data'), names.join(','));
  });
});

describe('conditional requests', () => {
  test('If-None-Match with the current ETag: the SDK rejects with statusCode 304', async () => {
    const blob = container.getBlockBlobClient('cond-304.txt');
    const { etag } = await blob.upload('v1', 2);
    const error = await rejection(blob.download(0, undefined, { conditions: { ifNoneMatch: etag } }));
    assert.equal(error.statusCode, 304);
  });

  test('If-Match with a stale ETag: 412 ConditionNotMet, and the blob is unchanged', async () => {
    const blob = container.getBlockBlobClient('cond-412.txt');
    const first = await blob.upload('v1', 2);
    await blob.upload('v2', 2);
    const error = await rejection(blob.upload('v3', 2, { conditions: { ifMatch: first.etag } }));
    assert.equal(error.statusCode, 412);
    assert.equal(error.code, 'ConditionNotMet');
    const readError = await rejection(blob.download(0, undefined, { conditions: { ifMatch: first.etag } }));
    assert.equal(readError.statusCode, 412);
    assert.equal((await blob.downloadToBuffer()).toString(), 'v2');
  });

  test('If-Match with the current ETag succeeds (optimistic concurrency)', async () => {
    const blob = container.getBlockBlobClient('cond-ok.txt');
    const { etag } = await blob.upload('v1', 2);
    const updated = await blob.upload('v2', 2, { conditions: { ifMatch: etag } });
    assert.notEqual(updated.etag, etag);
  });

  test('If-None-Match: * on an existing blob: 409 BlobAlreadyExists', async () => {
    const blob = container.getBlockBlobClient('cond-409.txt');
    await blob.upload('v1', 2);
    const error = await rejection(blob.upload('v2', 2, { conditions: { ifNoneMatch: '*' } }));
    assert.equal(error.statusCode, 409);
    assert.equal(error.code, 'BlobAlreadyExists');
  });
});

describe('versions', () => {
  test('whatever x-ms-version the SDK sends (newer than any emulator knows) is accepted and echoed', async () => {
    const blob = container.getBlockBlobClient('version.txt');
    const response = await blob.upload('v', 1);
    const sent = response._response.request.headers.get('x-ms-version');
    assert.match(sent, /^\d{4}-\d{2}-\d{2}$/);
    assert.equal(response._response.headers.get('x-ms-version'), sent);
  });
});

describe('errors', () => {
  test('a missing blob is 404 BlobNotFound; exists() says false', async () => {
    const blob = container.getBlockBlobClient('never-written');
    assert.equal(await blob.exists(), false);
    const error = await rejection(blob.downloadToBuffer());
    assert.equal(error.statusCode, 404);
  });

  test('deleting a blob answers 202 and it is gone', async () => {
    const blob = container.getBlockBlobClient('to-delete.txt');
    await blob.upload('bye', 3);
    const deleted = await blob.delete();
    assert.equal(deleted._response.status, 202);
    assert.equal(await blob.exists(), false);
  });
});
