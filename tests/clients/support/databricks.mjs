// @databricks/sdk-experimental 0.17.0 configured the way a test against `drdrill serve` needs it
// (docs/serve.md, "Official clients"): host and PAT from the endpoints file, nothing from the
// environment or ~/.databrickscfg, bounded retries, and waits given as the SDK's Time objects.

import databricks from '@databricks/sdk-experimental';

// The package is CommonJS, and Node's ESM loader cannot see every one of its exports as a named
// export (`import { Time } from ...` is a SyntaxError), so take them from the default export.
export const { ApiError, Time, TimeUnits, WorkspaceClient } = databricks;

// A WorkspaceClient for `host` (http:// or https://, port kept by 0.17.0) and `token`.
// - env: {} — the Config reads DATABRICKS_* variables from process.env by default; a CI machine
//   with DATABRICKS_CLIENT_ID set would fail with "more than one authorization method configured".
//   (host + token given explicitly also skip ~/.databrickscfg; DATABRICKS_CONFIG_FILE=/dev/null in
//   the test's environment covers the rest.)
// - retryTimeoutSeconds: the SDK retries 429 and "transient" messages for up to 300 s by default.
// - skipVerify: false — the SDK verifies TLS certificates ONLY when this is explicitly false (its
//   https.Agent uses rejectUnauthorized: skipVerify === false); with it the run's CA must be
//   trusted (NODE_EXTRA_CA_CERTS), which is what the https tests prove.
export function workspaceClient(host, token, options = {}) {
  return new WorkspaceClient({ host, token, env: {}, retryTimeoutSeconds: 20, skipVerify: false, ...options });
}

// The waiters' timeout is a Time, not a number of milliseconds (a number throws inside the SDK's
// retry loop). They poll at 1 s, 3 s, 6 s, ... (attempt n waits n s plus jitter, at most 10 s).
export function seconds(n) {
  return { timeout: new Time(n, TimeUnits.seconds) };
}

// Collects an SDK async iterator (list endpoints page through next_page_token themselves).
export async function all(iterator) {
  const out = [];
  for await (const item of iterator) out.push(item);
  return out;
}
