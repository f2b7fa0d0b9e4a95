import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { waitFor, zipPlatformApp } from '@internal/lakehouse-test-utils';
import http from 'node:http';
import {
  startLocalBackendAsGuest,
  type RunningBackend,
} from './testing/backend';

jest.setTimeout(300_000);

/**
 * An agent's view of the portal: the official MCP TypeScript SDK's client against the running backend
 * (the local configuration, the guest user, the local engines), through the MCP actions backend's
 * streamable HTTP endpoint.
 */
const rayDashboard = process.env.RAY_DASHBOARD_URL ?? 'http://127.0.0.1:8265';

type ToolResult = {
  isError?: boolean;
  content: { type: string; text?: string }[];
  structuredContent?: any;
};

async function connect(baseUrl: string, token?: string): Promise<Client> {
  const client = new Client({ name: 'portal-integration-test', version: '1' });
  await client.connect(
    new StreamableHTTPClientTransport(
      new URL(`${baseUrl}/api/mcp-actions/v1`),
      {
        requestInit: token
          ? { headers: { Authorization: `Bearer ${token}` } }
          : undefined,
      },
    ),
  );
  return client;
}

/**
 * A POST to Ray's Jobs API as a CLI sends it: Ray's dashboard refuses requests that look like a
 * browser's (fetch adds Sec-Fetch-Mode) with 405.
 */
function rayPost(path: string, body: object = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      `${rayDashboard}${path}`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        timeout: 10_000,
      },
      res => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`POST ${path} timed out`)));
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

async function rayJobs(): Promise<{ submission_id: string; status: string }[]> {
  const res = await fetch(`${rayDashboard}/api/jobs/`, {
    signal: AbortSignal.timeout(10_000),
  });
  if (!res.ok) throw new Error(`Ray's job list answered ${res.status}`);
  return (await res.json()) as any;
}

describe('the portal as an MCP server', () => {
  let backend: RunningBackend;
  let client: Client;
  const call = async (name: string, args: Record<string, unknown> = {}) =>
    (await client.callTool({ name, arguments: args })) as ToolResult;

  beforeAll(async () => {
    let token: string;
    ({ backend, token } = await startLocalBackendAsGuest());
    client = await connect(backend.baseUrl, token);
  }, 300_000);

  afterAll(async () => {
    await client?.close();
    await backend?.stop();
  });

  it('refuses a client without credentials', async () => {
    await expect(connect(backend.baseUrl)).rejects.toThrow(/401/);
  });

  it("lists the lakehouse's and the fraud dashboard's tools with their schemas and hints", async () => {
    const { tools } = await client.listTools();
    const byName = new Map(tools.map(t => [t.name, t]));
    for (const name of [
      'lakehouse.list-engines',
      'lakehouse.list-jobs',
      'lakehouse.get-job',
      'lakehouse.submit-job',
      'lakehouse.cancel-job',
      'lakehouse.set-job-state',
      'fraud.get-fraud-summary',
    ]) {
      // The MCP actions backend (0.2.x) publishes the input schemas; outputs come as structuredContent.
      expect(byName.get(name)).toMatchObject({
        inputSchema: { type: 'object' },
      });
    }
    expect(byName.get('lakehouse.list-jobs')?.annotations).toMatchObject({
      readOnlyHint: true,
      idempotentHint: true,
    });
    expect(byName.get('lakehouse.cancel-job')?.annotations).toMatchObject({
      readOnlyHint: false,
      destructiveHint: true,
    });
    expect(
      (byName.get('lakehouse.submit-job')?.inputSchema as any).required,
    ).toEqual(
      expect.arrayContaining(['engine', 'instance', 'name', 'entrypoint']),
    );
  });

  it('reads the engines, and the fraud summary in its schema', async () => {
    const engines = await waitFor(
      'every engine polled',
      async () => {
        const r = await call('lakehouse.list-engines');
        const all = r.structuredContent?.engines ?? [];
        return all.length >= 3 && all.every((e: any) => e.fetchedAt)
          ? all
          : undefined;
      },
      60_000,
    );
    expect(engines.map((e: any) => e.engine).sort()).toEqual(
      expect.arrayContaining(['flink', 'ray', 'spark']),
    );
    const fraud = await call('fraud.get-fraud-summary', { top: 3 });
    expect(fraud.isError).toBeFalsy();
    expect(fraud.structuredContent).toMatchObject({
      table: 'fraud.alerts',
      state: expect.stringMatching(/^(ready|missing|error)$/),
    });
    expect(fraud.structuredContent.latest?.length ?? 0).toBeLessThanOrEqual(3);
  });

  it('submits as a dry run unless asked: the plan comes back and Ray gets no job', async () => {
    const name = `mcp-dry-run-${Date.now()}`;
    const before = (await rayJobs()).length;
    const result = await call('lakehouse.submit-job', {
      engine: 'ray',
      instance: 'local',
      name,
      entrypoint: 'main.py',
      args: ['--events', '10'],
      project: { zipBase64: await zipPlatformApp('clickstream-simulator') },
    });
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toMatchObject({
      engine: 'ray',
      name,
      dryRun: true,
    });
    expect(result.structuredContent.jobId).toBeUndefined();
    expect(result.structuredContent.plan.length).toBeGreaterThan(0);
    const after = await rayJobs();
    expect(after).toHaveLength(before);
    expect(after.map(j => j.submission_id).join()).not.toContain(name);
  });

  it('refuses to cancel a job the caller did not submit and whose entity they do not own; the job runs on', async () => {
    // Started on Ray directly, as an engineer outside the portal would: no submitter, no entity.
    const id = `mcp-outsider-${Date.now()}`;
    const started = await rayPost('/api/jobs/', {
      submission_id: id,
      entrypoint: 'python -c "import time; time.sleep(120)"',
    });
    expect(started).toBe(200);
    try {
      await waitFor(
        'the portal to list the outsider job as running',
        async () => {
          const r = await call('lakehouse.list-jobs', { engine: 'ray', q: id });
          // Listed and running: on a busy runner Ray may hold the job PENDING for seconds.
          return r.structuredContent?.items?.some(
            (j: any) => j.id === id && j.state === 'RUNNING',
          )
            ? true
            : undefined;
        },
        60_000,
      );
      const got = await call('lakehouse.get-job', {
        engine: 'ray',
        instance: 'local',
        jobId: id,
      });
      // The job route's answer (the job and its engine detail), under `job`.
      expect(got.structuredContent.job.job).toMatchObject({
        id,
        state: 'RUNNING',
      });

      const refused = await call('lakehouse.cancel-job', {
        engine: 'ray',
        instance: 'local',
        jobId: id,
      });
      expect(refused.isError).toBe(true);
      expect(refused.content[0].text).toMatch(/^NotAllowedError: /);
      const job = (await rayJobs()).find(j => j.submission_id === id);
      expect(job?.status).toMatch(/^(PENDING|RUNNING)$/);
    } finally {
      await rayPost(`/api/jobs/${id}/stop`);
    }
  });
});
