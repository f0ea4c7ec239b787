// @databricks/sdk-experimental 0.17.0 against `drdrill serve`'s two Databricks workspaces (the seed's
// active-passive pair: the same notebook, job and cluster in both, the passive workspace's job held
// at max_concurrent_runs 0 and its cluster TERMINATED). Run with a high --time-scale: a cluster start
// (median ~6 simulated minutes) then takes well under a second, and each waiter finishes after one
// or two of the SDK's polls (1 s, then 3 s after the start).
//
// What it proves: the SDK talks to the fake over plain http with a PAT and over https with the
// run's CA (certificate verification on); workspace import/export round trip; jobs create, reset,
// update, list, run-now and its waiter, runs/get; the passive job's run is SKIPPED and, once
// released (max_concurrent_runs 1), runs to TERMINATED; clusters create/start/delete with the
// SDK's waiters on state; secrets; an invalid token surfaces as the SDK's ApiError with the real
// 403 body.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { endpoints, rejection } from './support/served.mjs';
import { ApiError, all, seconds, workspaceClient } from './support/databricks.mjs';

const ep = endpoints();
const primary = ep.databricks.primary;
const secondary = ep.databricks.secondary;
const active = workspaceClient(primary.host_http, primary.token);
const passive = workspaceClient(secondary.host_http, secondary.token);
const wait = seconds(60);
const clusterSpec = { spark_version: '13.3.x-scala2.12', node_type_id: 'Standard_DS3_v2', num_workers: 1 };
const b64 = (text) => Buffer.from(text, 'utf8').toString('base64');

// The passive workspace's held job (the seed puts exactly one job there, at max_concurrent_runs 0).
async function heldJob() {
  const jobs = await all(passive.jobs.list({}));
  const held = jobs.filter((job) => job.settings.max_concurrent_runs === 0);
  assert.equal(held.length, 1, `one held job in the passive workspace, got ${JSON.stringify(jobs)}`);
  // jobs/list leaves tasks out unless expand_tasks is set, as the real service does: get the job.
  assert.equal(held[0].settings.tasks, undefined);
  return passive.jobs.get({ job_id: held[0].job_id });
}

test('the endpoints name both workspaces over http and https (0.17.0 keeps the scheme and port)', () => {
  for (const ws of [primary, secondary]) {
    assert.match(ws.host_http, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.match(ws.host, /^https:\/\/127\.0\.0\.1:\d+$/);
    assert.ok(ws.token.length > 0);
  }
  assert.notEqual(primary.token, secondary.token, 'each workspace has its own PAT');
});

test('over https with the run CA trusted and certificate verification on', async () => {
  const tls = workspaceClient(primary.host, primary.token);
  const status = await tls.workspace.getStatus({ path: '/' });
  assert.equal(status.object_type, 'DIRECTORY');
});

test('workspace: mkdirs, import SOURCE (base64), export round trip, list, delete', async () => {
  const dir = '/Shared/sdk-test';
  const source = 'spark.sql("SELECT 1")\n';
  await active.workspace.mkdirs({ path: dir });
  await active.workspace.import({ path: `${dir}/nb`, format: 'SOURCE', language: 'PYTHON', content: b64(source) });

  const exported = await active.workspace.export({ path: `${dir}/nb`, format: 'SOURCE' });
  // A SOURCE export of a Python notebook starts with the notebook header, as the real service's does.
  assert.equal(Buffer.from(exported.content, 'base64').toString('utf8'), `# Databricks notebook source\n${source}`);
  assert.equal(exported.file_type, 'py');

  // Importing the export again (overwrite) is the CI/CD copy to the passive workspace: same bytes.
  await passive.workspace.mkdirs({ path: dir });
  await passive.workspace.import({ path: `${dir}/nb`, format: 'SOURCE', language: 'PYTHON', content: exported.content });
  const copied = await passive.workspace.export({ path: `${dir}/nb`, format: 'SOURCE' });
  assert.equal(copied.content, exported.content);

  const listed = await all(active.workspace.list({ path: dir }));
  assert.deepEqual(listed.map((o) => [o.path, o.object_type, o.language]), [[`${dir}/nb`, 'NOTEBOOK', 'PYTHON']]);

  const again = await rejection(active.workspace.import({ path: `${dir}/nb`, format: 'SOURCE', language: 'PYTHON', content: b64('x') }));
  assert.ok(again instanceof ApiError);
  assert.equal(again.errorCode, 'RESOURCE_ALREADY_EXISTS');

  await active.workspace.delete({ path: dir, recursive: true });
  await passive.workspace.delete({ path: dir, recursive: true });
  const gone = await rejection(active.workspace.getStatus({ path: dir }));
  assert.equal(gone.statusCode, 404);
  assert.equal(gone.errorCode, 'RESOURCE_DOES_NOT_EXIST');
});

test("the passive workspace's held job: run-now is SKIPPED; released with jobs/update it runs to TERMINATED", async () => {
  const job = await heldJob();
  const cluster = job.settings.tasks[0].existing_cluster_id;
  assert.equal((await passive.clusters.get({ cluster_id: cluster })).state, 'TERMINATED', 'the passive cluster is kept idle');

  // The SDK's waiter treats SKIPPED as done (no error): a failover tool must look at the state.
  const skipped = await (await passive.jobs.runNow({ job_id: job.job_id })).wait(wait);
  assert.equal(skipped.state.life_cycle_state, 'SKIPPED');
  assert.equal(skipped.state.result_state, 'MAXIMUM_CONCURRENT_RUNS_REACHED');
  assert.match(skipped.state.state_message, /limit of 0 maximum concurrent runs/);
  const fetched = await passive.jobs.getRun({ run_id: skipped.run_id });
  assert.equal(fetched.state.life_cycle_state, 'SKIPPED');
  assert.equal(fetched.status.termination_details.code, 'MAX_CONCURRENT_RUNS_EXCEEDED');
  assert.equal((await passive.clusters.get({ cluster_id: cluster })).state, 'TERMINATED', 'a skipped run starts nothing');

  // Release it, as the runbook does at failover.
  await passive.jobs.update({ job_id: job.job_id, new_settings: { max_concurrent_runs: 1 } });
  assert.equal((await passive.jobs.get({ job_id: job.job_id })).settings.max_concurrent_runs, 1);
  const run = await passive.jobs.runNow({ job_id: job.job_id });
  assert.ok(run.run_id > skipped.run_id);
  const done = await run.wait(wait);
  assert.equal(done.state.life_cycle_state, 'TERMINATED');
  assert.equal(done.state.result_state, 'SUCCESS');
  assert.ok(done.end_time >= done.start_time);
  // The run started the TERMINATED cluster it was defined on.
  assert.equal((await passive.clusters.get({ cluster_id: cluster })).state, 'RUNNING');
  const runs = await all(passive.jobs.listRuns({ job_id: job.job_id }));
  assert.deepEqual(runs.map((r) => r.run_id).sort(), [skipped.run_id, run.run_id].sort());

  // Hold it again and stop the cluster, so the passive workspace is as the seed left it.
  await passive.jobs.update({ job_id: job.job_id, new_settings: { max_concurrent_runs: 0 } });
  await (await passive.clusters.delete({ cluster_id: cluster })).wait(wait);
});

test('jobs: create, get, list, reset (full replace) and update (partial), delete', async () => {
  const notebook = '/Shared/sdk-jobs/nb';
  await active.workspace.mkdirs({ path: '/Shared/sdk-jobs' });
  await active.workspace.import({ path: notebook, format: 'SOURCE', language: 'PYTHON', content: b64('print(1)\n') });
  const settings = {
    name: 'sdk-created',
    max_concurrent_runs: 1,
    tasks: [{ task_key: 'main', new_cluster: clusterSpec, notebook_task: { notebook_path: notebook } }],
  };
  const { job_id: id } = await active.jobs.create(settings);
  const got = await active.jobs.get({ job_id: id });
  assert.equal(got.job_id, id);
  assert.equal(got.settings.name, 'sdk-created');
  assert.equal(got.settings.tasks[0].notebook_task.notebook_path, notebook);
  assert.ok((await all(active.jobs.list({ name: 'sdk-created' }))).some((j) => j.job_id === id));

  await active.jobs.reset({ job_id: id, new_settings: { ...settings, name: 'sdk-reset', tags: { dr: 'test' } } });
  assert.equal((await active.jobs.get({ job_id: id })).settings.name, 'sdk-reset');
  await active.jobs.update({ job_id: id, new_settings: { timeout_seconds: 600 }, fields_to_remove: ['tags'] });
  const updated = (await active.jobs.get({ job_id: id })).settings;
  assert.equal(updated.name, 'sdk-reset');
  assert.equal(updated.timeout_seconds, 600);
  assert.equal(updated.tags, undefined);

  // A job cluster of its own: the run creates, starts and removes it.
  const done = await (await active.jobs.runNow({ job_id: id })).wait(wait);
  assert.equal(done.state.life_cycle_state, 'TERMINATED');
  assert.equal(done.state.result_state, 'SUCCESS');

  await active.jobs.delete({ job_id: id });
  // The real service's quirk: a missing job is 400 INVALID_PARAMETER_VALUE, not 404.
  const missing = await rejection(active.jobs.get({ job_id: id }));
  assert.equal(missing.statusCode, 400);
  assert.equal(missing.errorCode, 'INVALID_PARAMETER_VALUE');
  assert.equal(missing.message, `Job ${id} does not exist.`);
  await active.workspace.delete({ path: '/Shared/sdk-jobs', recursive: true });
});

test('clusters: create and wait for RUNNING, delete and wait for TERMINATED, start again, list by state', async () => {
  const created = await active.clusters.create({ cluster_name: 'sdk-test', ...clusterSpec });
  assert.match(created.cluster_id, /^\d{4}-\d{6}-[a-z0-9]{8}$/);
  const running = await created.wait(wait);
  assert.equal(running.state, 'RUNNING');
  assert.equal(running.cluster_name, 'sdk-test');

  const live = await all(active.clusters.list({ filter_by: { cluster_states: ['RUNNING'] } }));
  assert.ok(live.some((c) => c.cluster_id === created.cluster_id));
  assert.ok(live.every((c) => c.state === 'RUNNING'));
  // The SDK sends filter_by.cluster_states=TERMINATED: the running cluster is not among them.
  const stopped = await all(active.clusters.list({ filter_by: { cluster_states: ['TERMINATED'] } }));
  assert.ok(!stopped.some((c) => c.cluster_id === created.cluster_id));

  const startRunning = await rejection(active.clusters.start({ cluster_id: created.cluster_id }));
  assert.equal(startRunning.errorCode, 'INVALID_STATE');

  const terminated = await (await active.clusters.delete({ cluster_id: created.cluster_id })).wait(wait);
  assert.equal(terminated.state, 'TERMINATED');
  assert.equal(terminated.termination_reason.code, 'USER_REQUEST');

  const restarted = await (await active.clusters.start({ cluster_id: created.cluster_id })).wait(wait);
  assert.equal(restarted.state, 'RUNNING');
  await (await active.clusters.delete({ cluster_id: created.cluster_id })).wait(wait);
  await active.clusters.permanentDelete({ cluster_id: created.cluster_id });

  const missing = await rejection(active.clusters.get({ cluster_id: created.cluster_id }));
  assert.equal(missing.statusCode, 400);
  assert.equal(missing.errorCode, 'INVALID_PARAMETER_VALUE');
});

test('secrets: scope, put, list (no values), get (base64), delete', async () => {
  await active.secrets.createScope({ scope: 'sdk-test' });
  await active.secrets.putSecret({ scope: 'sdk-test', key: 'jdbc-password', string_value: 's3cret' });
  const listed = await all(active.secrets.listSecrets({ scope: 'sdk-test' }));
  assert.deepEqual(listed.map((s) => s.key), ['jdbc-password']);
  assert.equal(listed[0].value, undefined);
  const got = await active.secrets.getSecret({ scope: 'sdk-test', key: 'jdbc-password' });
  assert.equal(Buffer.from(got.value, 'base64').toString('utf8'), 's3cret');
  await active.secrets.deleteScope({ scope: 'sdk-test' });
  const gone = await rejection(active.secrets.listSecrets({ scope: 'sdk-test' }).next());
  assert.equal(gone.errorCode, 'RESOURCE_DOES_NOT_EXIST');
});

test("an invalid token is the SDK's ApiError with the real 403 body (integer error_code)", async () => {
  for (const host of [primary.host_http, primary.host]) {
    const intruder = workspaceClient(host, 'dapi-not-a-token');
    const error = await rejection(intruder.jobs.get({ job_id: 1 }));
    assert.ok(error instanceof ApiError, `${error}`);
    assert.equal(error.statusCode, 403);
    assert.equal(error.errorCode, 403, 'the service sends error_code 403 as a number, not PERMISSION_DENIED');
    assert.equal(error.message, 'Invalid access token.');
  }
  // One workspace's token is not valid in the other.
  const crossed = await rejection(workspaceClient(secondary.host_http, primary.token).jobs.list({}).next());
  assert.equal(crossed.statusCode, 403);
});
