// The runbook's clients, built from the endpoints file with the official SDKs only:
//   @azure/arm-storage   storage account properties and failover (ARM, HTTPS, long-running)
//   @azure/arm-sql       replication links / failover groups and their forced failover
//   @databricks/sdk-experimental  clusters, jobs, SQL statements, and (through its generic
//                        ApiClient.request) drdrill's mounts extension endpoint
//   @azure/storage-blob  a health check of the primary storage endpoint (loaded only for
//                        --wait-for-outage: under a compressed clock every wall second the tool
//                        spends loading modules is time-scale simulated seconds of outage)
// Each adapter returns plain objects; runbook.mjs does the deciding.

import { StorageManagementClient } from '@azure/arm-storage';
import { SqlManagementClient } from '@azure/arm-sql';
import { Context, WorkspaceClient } from '@databricks/sdk-experimental';

// ARM accepts any bearer token from drdrill; against Azure use @azure/identity's
// DefaultAzureCredential instead.
export const staticCredential = {
  getToken: async () => ({ token: process.env.DRILL_ARM_TOKEN || 'drdrill', expiresOnTimestamp: Date.now() + 3600e3 }),
};

// A Databricks SDK context that cancels the call after `ms` (a region that hangs never answers).
function deadlineContext(ms) {
  if (!ms) return undefined;
  const listeners = [];
  const token = {
    isCancellationRequested: false,
    onCancellationRequested(f) {
      listeners.push(f);
    },
  };
  const timer = setTimeout(() => {
    token.isCancellationRequested = true;
    for (const f of listeners) f();
  }, ms);
  timer.unref();
  return new Context({ cancellationToken: token });
}

// Rejects after `ms` whatever `promise` does (the SDKs' own timeouts are coarse).
export function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function collect(iterable) {
  const out = [];
  for await (const item of iterable) out.push(item);
  return out;
}

export function storageArm(ep, { pollMs }) {
  const arm = new StorageManagementClient(staticCredential, ep.arm.subscription, { endpoint: ep.arm.endpoint });
  const rg = ep.arm.resource_group;
  return {
    // geoReplicationStats only for a geo-redundant account: ARM refuses the expansion on LRS
    // (400 InvalidAccountType), which is what an unplanned failover leaves.
    async getProperties(account, { stats = true } = {}) {
      const a = await arm.storageAccounts.getProperties(rg, account, stats ? { expand: 'geoReplicationStats' } : {});
      return {
        primaryLocation: a.primaryLocation,
        secondaryLocation: a.secondaryLocation || null,
        sku: a.sku?.name,
        lastSyncTime: a.geoReplicationStats?.lastSyncTime?.toISOString?.() ?? a.geoReplicationStats?.lastSyncTime ?? null,
      };
    },
    async failover(account, { planned }) {
      const options = { updateIntervalInMs: pollMs };
      if (planned) options.failoverType = 'Planned';
      await arm.storageAccounts.failover(rg, account, options).pollUntilDone();
    },
  };
}

export function sqlArm(ep, { pollMs }) {
  const arm = new SqlManagementClient(staticCredential, ep.arm.subscription, { endpoint: ep.arm.endpoint });
  const rg = ep.arm.resource_group;
  const link = (l) => ({ name: l.name, role: l.role, partnerServer: l.partnerServer, partnerRole: l.partnerRole });
  return {
    async listLinks(server, database) {
      return (await collect(arm.replicationLinks.listByDatabase(rg, server, database))).map(link);
    },
    async forceFailoverLink(server, database, linkId) {
      await arm.replicationLinks.beginFailoverAllowDataLossAndWait(rg, server, database, linkId, { updateIntervalInMs: pollMs });
    },
    async getFailoverGroup(server, group) {
      const g = await arm.failoverGroups.get(rg, server, group);
      return { role: g.replicationRole };
    },
    async forceFailoverGroup(server, group) {
      await arm.failoverGroups.beginForceFailoverAllowDataLossAndWait(rg, server, group, { updateIntervalInMs: pollMs });
    },
  };
}

export function workspace(host, token, { retryTimeoutSeconds = 60 } = {}) {
  const w = new WorkspaceClient({
    host,
    token,
    authType: 'pat',
    // No ~/.databrickscfg profile may leak into a drill.
    configFile: '/nonexistent/.databrickscfg',
    // Verify the certificate (the SDK does not unless told): the drill's CA comes through
    // NODE_EXTRA_CA_CERTS.
    skipVerify: false,
    retryTimeoutSeconds,
  });
  const ctx = (options) => deadlineContext(options?.timeoutMs);
  const guard = (promise, options, what) => (options?.timeoutMs ? withTimeout(promise, options.timeoutMs, what) : promise);
  return {
    async listClusters(options) {
      return guard(collect(w.clusters.list({}, ctx(options))), options, `${host} clusters/list`);
    },
    async getCluster(id) {
      return w.clusters.get({ cluster_id: id });
    },
    async editCluster(spec) {
      // The SDK's waiter is not awaited: a TERMINATED cluster stays TERMINATED after an edit.
      await w.clusters.edit(spec);
    },
    async startCluster(id) {
      await w.clusters.start({ cluster_id: id });
    },
    async restartCluster(id) {
      await w.clusters.restart({ cluster_id: id });
    },
    async listJobs(options) {
      return guard(collect(w.jobs.list({}, ctx(options))), options, `${host} jobs/list`);
    },
    async updateJob(jobId, newSettings, options) {
      return guard(w.jobs.update({ job_id: jobId, new_settings: newSettings }, ctx(options)), options, `${host} jobs/update`);
    },
    // drdrill's extension (docs: the mounts endpoint): on a real workspace, dbutils.fs.updateMount
    // on a running cluster does this.
    async listMounts() {
      const body = await w.apiClient.request({ path: '/api/2.0/drdrill/mounts/list', method: 'GET', headers: new Headers(), raw: false });
      return body.mounts ?? [];
    },
    async updateMount(mountPoint, source) {
      await w.apiClient.request({
        path: '/api/2.0/drdrill/mounts/update',
        method: 'POST',
        headers: new Headers({ 'Content-Type': 'application/json' }),
        raw: false,
        payload: { mount_point: mountPoint, source },
      });
    },
    async execute(statement, warehouseId, { pollMs, deadline }) {
      let s = await w.statementExecution.executeStatement({
        statement,
        warehouse_id: warehouseId,
        wait_timeout: '0s',
        on_wait_timeout: 'CONTINUE',
      });
      while (['PENDING', 'RUNNING'].includes(s.status?.state) && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, pollMs));
        s = await w.statementExecution.getStatement({ statement_id: s.statement_id });
      }
      return {
        state: s.status?.state,
        error: s.status?.error?.message,
        rows: s.result?.data_array ?? [],
      };
    },
  };
}

// Health of the primary region: its workspace's API and its storage primary endpoint.
export async function primaryHealth(ep, primaryWorkspace) {
  const { BlobServiceClient, StorageSharedKeyCredential } = await import('@azure/storage-blob');
  const blob = new BlobServiceClient(
    ep.storage.blob_primary_https ?? ep.storage.blob_primary,
    new StorageSharedKeyCredential(ep.storage.account, ep.storage.key),
    { retryOptions: { maxTries: 1 } },
  );
  return async (timeoutMs) => {
    const [api, storage] = await Promise.allSettled([
      withTimeout(primaryWorkspace.listClusters({ timeoutMs }), timeoutMs, 'workspace'),
      blob.getAccountInfo({ abortSignal: AbortSignal.timeout(timeoutMs) }),
    ]);
    const failures = [];
    if (api.status === 'rejected') failures.push(`workspace: ${api.reason.message}`);
    if (storage.status === 'rejected') failures.push(`storage: ${storage.reason.code ?? storage.reason.statusCode ?? storage.reason.message}`);
    return { ok: failures.length === 0, detail: failures.join('; ') };
  };
}
