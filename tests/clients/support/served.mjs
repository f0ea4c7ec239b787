// What every real-client test needs from the `drdrill serve` it runs against (started by
// with_drdrill_serve.sh): the endpoints file, clients configured the way a careful test configures
// the official SDK, and a resolver for *.localhost.

import dns from 'node:dns';
import { readFileSync } from 'node:fs';
import { BlobServiceClient, StorageSharedKeyCredential } from '@azure/storage-blob';

// The parsed endpoints file (docs/serve.md).
export function endpoints() {
  const file = process.env.DRDRILL_ENDPOINTS;
  if (!file) throw new Error('DRDRILL_ENDPOINTS is not set: run this test through with_drdrill_serve.sh');
  return JSON.parse(readFileSync(file, 'utf8'));
}

export function sharedKey(ep = endpoints(), key = ep.storage.key) {
  return new StorageSharedKeyCredential(ep.storage.account, key);
}

// The SDK retries 500/503 and network errors 4 times with 4 s+ back-off by default, so a test of
// a failure would take 16 s and more: one try unless a test asks for more.
export const oneTry = { retryOptions: { maxTries: 1 } };

export function blobService(url, credential = sharedKey(), options = oneTry) {
  return new BlobServiceClient(url, credential, options);
}

// Runs `fn` until it returns a truthy value or `timeoutMs` passes (then throws `what`).
export async function eventually(what, fn, { timeoutMs = 20000, intervalMs = 50 } = {}) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

// The error `promise` rejects with (fails the test if it resolves).
export async function rejection(promise) {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail, but it succeeded');
}

// RFC 6761 reserves .localhost for loopback, and systemd-resolved answers <anything>.localhost with
// 127.0.0.1; glibc's plain resolver does not. Host-style URLs (<account>.blob.localhost) need it, so
// tests resolve *.localhost themselves, as such a machine would. Node's net module looks up
// dns.lookup at connect time, so replacing it here reaches the SDK's HTTP client.
export function resolveLocalhostNames() {
  const system = dns.lookup;
  dns.lookup = function lookup(hostname, options, callback) {
    if (typeof options === 'function') {
      callback = options;
      options = {};
    } else if (typeof options === 'number') {
      options = { family: options };
    }
    if (hostname === 'localhost' || hostname.endsWith('.localhost')) {
      if (options?.all) return process.nextTick(callback, null, [{ address: '127.0.0.1', family: 4 }]);
      return process.nextTick(callback, null, '127.0.0.1', 4);
    }
    return system.call(this, hostname, options, callback);
  };
}
