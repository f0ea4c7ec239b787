#!/usr/bin/env node
// Fails a Databricks + Hive-metastore-in-Azure-SQL + RA-GRS storage deployment over from its
// primary region to the passive one: the seed walkthrough's runbook (runbook.mjs), performed with
// the official clients only (clients.mjs). Written to be drilled by `drdrill serve`, which starts
// it when the scenario declares the outage:
//
//   drdrill serve scenarios/examples/failover-script.json --time-scale 1000 --out out/ \
//     --run node examples/failover/failover.mjs --validate 'SELECT COUNT(*) FROM sales.orders'
//
// It reads everything it connects to from the endpoints file named by DRDRILL_ENDPOINTS (or
// --endpoints FILE); see README.md. Exit status: 0 when every step succeeded, 1 when a step
// failed, 2 on bad usage or an unreadable endpoints file.
//
// Options (each also as an environment variable, for scenario files):
//   --endpoints FILE         endpoints file                        DRDRILL_ENDPOINTS
//   --from NAME / --to NAME  workspaces (default primary/secondary) FAILOVER_FROM / FAILOVER_TO
//   --planned-storage        planned storage failover (a drill with both regions up)
//   --wait-for-outage        first wait until the primary fails 3 health rounds in a row
//   --validate SQL           the statement that proves the failover  FAILOVER_VALIDATE_SQL
//                            (default: SHOW TABLES)
//   --bug NAME               a deliberate mistake, for negative drills: never-repoint-jdbc,
//                            secondary-endpoint                     FAILOVER_BUG

import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import { kBugs, Runbook } from './runbook.mjs';

function log(step, message) {
  process.stdout.write(`${new Date().toISOString()} [${step}] ${message}\n`);
}

function usage(message) {
  process.stderr.write(`failover: ${message}\n`);
  process.exit(2);
}

let args;
try {
  args = parseArgs({
    options: {
      endpoints: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      'planned-storage': { type: 'boolean', default: false },
      'wait-for-outage': { type: 'boolean', default: false },
      validate: { type: 'string' },
      bug: { type: 'string' },
    },
  }).values;
} catch (error) {
  usage(error.message);
}

const endpointsFile = args.endpoints ?? process.env.DRDRILL_ENDPOINTS;
if (!endpointsFile) usage('no endpoints file: set DRDRILL_ENDPOINTS or pass --endpoints FILE');
let ep;
try {
  ep = JSON.parse(readFileSync(endpointsFile, 'utf8'));
} catch (error) {
  usage(`cannot read the endpoints file ${endpointsFile}: ${error.message}`);
}

// Every key the tool needs, checked before it acts (a half-done failover is worse than none).
function key(path) {
  const value = path.split('.').reduce((node, part) => node?.[part], ep);
  if (value === undefined || value === null || value === '') usage(`the endpoints file ${endpointsFile} has no ${path}`);
  return value;
}
for (const path of ['arm.endpoint', 'arm.subscription', 'arm.resource_group', 'storage.account', 'storage.key',
  'sql.primary_server', 'sql.secondary_server', 'sql.database']) {
  key(path);
}

// Node reads NODE_EXTRA_CA_CERTS only when it starts: run again with the drill's CA trusted.
const caFile = ep.tls?.ca_file;
if (caFile && process.env.NODE_EXTRA_CA_CERTS !== caFile) {
  const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, NODE_EXTRA_CA_CERTS: caFile, DRDRILL_ENDPOINTS: endpointsFile },
  });
  process.exit(child.status ?? 1);
}

const bug = args.bug ?? process.env.FAILOVER_BUG ?? '';
if (bug && !kBugs.includes(bug)) usage(`unknown --bug ${bug} (known: ${kBugs.join(', ')})`);

// Workspaces: databricks.<role>.{host,token} in the endpoints file.
const from = args.from ?? process.env.FAILOVER_FROM ?? 'primary';
const to = args.to ?? process.env.FAILOVER_TO ?? 'secondary';
function workspaceEndpoint(name) {
  const w = ep.databricks?.[name] ?? ep.databricks?.workspaces?.[name];
  if (!w?.host || !w?.token) usage(`the endpoints file has no databricks.${name}.host/token`);
  return w;
}
const fromEndpoint = workspaceEndpoint(from);
const toEndpoint = workspaceEndpoint(to);

const timeScale = Number(ep.time?.scale ?? 1);
const plan = {
  account: ep.storage.account,
  plannedStorage: args['planned-storage'],
  sql: {
    primary: ep.sql.primary_server,
    secondary: ep.sql.secondary_server,
    database: ep.sql.database,
    failoverGroup: ep.sql.failover_group || null,
  },
  from,
  to,
  validate: args.validate ?? process.env.FAILOVER_VALIDATE_SQL ?? 'SHOW TABLES',
  bug: bug || null,
  waitForOutage: args['wait-for-outage'],
  timeScale,
};

// The SDKs are loaded only now, after the CA is trusted.
const clients = await import('./clients.mjs');
// The ARM pollers wait at least what the service's Retry-After says; between, poll as a tool
// against Azure would (every 15 s), compressed like every other wait.
const pollMs = Math.max(10, 15000 / (timeScale > 0 ? timeScale : 1));
const workspaces = {
  [from]: clients.workspace(fromEndpoint.host, fromEndpoint.token, { retryTimeoutSeconds: 5 }),
  [to]: clients.workspace(toEndpoint.host, toEndpoint.token),
};
const runbook = new Runbook(
  {
    storage: clients.storageArm(ep, { pollMs }),
    sql: clients.sqlArm(ep, { pollMs }),
    workspace: (name) => workspaces[name],
    primaryHealth: plan.waitForOutage ? await clients.primaryHealth(ep, workspaces[from]) : null,
  },
  plan,
  log,
);

log('runbook', `failing ${plan.account}, ${plan.sql.database} and workspace ${from} over to ${to} ` +
  `(time scale ${timeScale}, endpoints ${endpointsFile})`);
const started = Date.now();
let status = 0;
try {
  await runbook.run();
  log('runbook', `done in ${Date.now() - started} ms`);
} catch (error) {
  log('runbook', `FAILED in ${Date.now() - started} ms: ${error.message}`);
  status = 1;
}
for (const s of runbook.summary) log('summary', `${s.ok ? 'ok    ' : 'FAILED'} ${s.step}${s.detail ? ` — ${s.detail}` : ''}`);
// Calls to a hanging region may still hold sockets open: do not wait for them.
process.exit(status);
