// A secondary region that is down, as @azure/storage-blob meets it. Run with
// `drdrill serve --outage <secondary region>=MODE --hang-limit-s 2` and DRDRILL_OUTAGE=MODE:
//   server-busy  every request is answered 503 ServerBusy (which the SDK retries)
//   refuse       connections are reset unanswered (a network error, retried alike)
//   hang         requests are held unanswered until the client gives up or the hang limit passes
// The primary region keeps serving throughout.

import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { blobService, endpoints, rejection, sharedKey } from './support/served.mjs';

const ep = endpoints();
const mode = process.env.DRDRILL_OUTAGE;
assert.ok(['server-busy', 'refuse', 'hang'].includes(mode), `set DRDRILL_OUTAGE (got ${mode})`);
const primary = blobService(ep.storage.blob_primary);
const secondary = blobService(ep.storage.blob_secondary);

// drdrill numbers its x-ms-request-id values in arrival order, so the distance between two ids
// counts the requests that reached the service.
const sequence = (requestId) => Number.parseInt(requestId.split('-').at(-1), 16);

before(async () => {
  await primary.getContainerClient('outage').create();
});

test('the primary region keeps serving', async () => {
  const blob = primary.getContainerClient('outage').getBlockBlobClient('still-up.txt');
  await blob.upload('up', 2);
  assert.equal((await blob.downloadToBuffer()).toString(), 'up');
});

if (mode === 'server-busy') {
  test('the secondary answers 503 ServerBusy', async () => {
    const error = await rejection(secondary.getStatistics());
    assert.equal(error.statusCode, 503);
    assert.equal(error.code, 'ServerBusy');
  });

  test('the SDK retries a 503 (maxTries attempts), so tests of outages set maxTries: 1', async () => {
    const baseline = sequence((await primary.getContainerClient('outage').getProperties()).requestId);
    const once = await rejection(secondary.getStatistics());
    assert.equal(sequence(once.details['x-ms-request-id']) - baseline, 1, 'maxTries 1: one request');

    const retrying = blobService(ep.storage.blob_secondary, sharedKey(ep), {
      retryOptions: { maxTries: 3, retryDelayInMs: 1, maxRetryDelayInMs: 5 },
    });
    const thrice = await rejection(retrying.getStatistics());
    assert.equal(thrice.statusCode, 503);
    assert.equal(sequence(thrice.details['x-ms-request-id']) - baseline, 4, 'maxTries 3: three more requests');
  });
}

if (mode === 'refuse') {
  test('the secondary resets the connection without an answer: a network error, no status', async () => {
    const error = await rejection(secondary.getStatistics());
    assert.equal(error.statusCode, undefined);
    assert.equal(error.code, 'ECONNRESET');
  });
}

if (mode === 'hang') {
  test('the secondary holds the request: a client timeout is what ends it', async () => {
    const error = await rejection(secondary.getStatistics({ abortSignal: AbortSignal.timeout(300) }));
    assert.equal(error.name, 'AbortError');
  });

  test('a client with no timeout of its own is released at the hang limit with a network error', async () => {
    const error = await rejection(secondary.getStatistics());
    assert.equal(error.statusCode, undefined);
    assert.ok(['ECONNRESET', 'ECONNABORTED'].includes(error.code) || /socket hang up/.test(error.message), `${error.code} ${error.message}`);
  });
}
