import {
  GetObjectCommand,
  ListObjectsV2Command,
  S3Client,
} from '@aws-sdk/client-s3';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import {
  simulationStateSchema,
  type SimulationState,
} from '@internal/plugin-fraud-common';
import {
  LocalPlatform,
  waitFor,
  zipPlatformApp,
} from '@internal/lakehouse-test-utils';
import lakehousePlugin from '@internal/plugin-lakehouse-backend';
import { lakehouseTestConfig } from '@internal/plugin-lakehouse-backend/testUtils';
import type { AddressInfo } from 'node:net';
import { fraudPlugin } from '../plugin';

/**
 * The clickstream simulator as the portal runs it: apps/clickstream-simulator submitted to the
 * real Ray cluster through the lakehouse submit API, writing to the real S3 server, shaped through
 * `/api/fraud/simulation`; every change is checked in the event files that arrive.
 */
jest.setTimeout(600_000);

const platform = new LocalPlatform();
const run = Math.random().toString(36).slice(2, 8);
const prefix = `it-sim-${run}`;
const EVENTS = `${prefix}/events`;
let backend: Awaited<ReturnType<typeof startTestBackend>>;
let base: string;
let env: Record<string, string>;
let s3: S3Client;
let jobId: string | undefined;

beforeAll(async () => {
  await platform.start(['s3', 'ray']);
  env = platform.env;
  s3 = platform.s3Client();
  backend = await startTestBackend({
    features: [
      lakehousePlugin,
      fraudPlugin,
      mockServices.auditor.factory(),
      mockServices.rootConfig.factory({
        data: {
          ...lakehouseTestConfig(env, `${prefix}/staging`),
          fraud: {
            // No alerts table in this test: the dashboard's refresh reports it; the simulation does not need it.
            catalogUri: 'http://127.0.0.1:9/iceberg',
            objectStore: { endpoint: env.S3_ENDPOINT },
            simulation: { bucket: env.S3_BUCKET, prefix: `${prefix}/control` },
          },
        },
      }),
    ],
  });
  base = `http://127.0.0.1:${(backend.server.address() as AddressInfo).port}`;
}, 900_000);

afterAll(async () => {
  if (jobId)
    await fetch(`${base}/api/lakehouse/jobs/ray/local/${jobId}/cancel`, {
      method: 'POST',
    }).catch(() => undefined);
  await backend?.stop();
  await platform.stop();
}, 300_000);

async function simulation(body?: object) {
  const res = await fetch(`${base}/api/fraud/simulation`, {
    method: body ? 'POST' : 'GET',
    headers: { 'content-type': 'application/json' },
    body: body ? JSON.stringify(body) : undefined,
  });
  const json = await res.json();
  return {
    status: res.status,
    body: json,
    state: res.status === 200 ? simulationStateSchema.parse(json) : undefined,
  };
}

async function applied(revision: number): Promise<SimulationState> {
  return waitFor(
    `the simulator to apply revision ${revision}`,
    async () => {
      const { state } = await simulation();
      return state && (state.status?.appliedRevision ?? 0) >= revision
        ? state
        : undefined;
    },
    30_000,
    500,
  );
}

const seen = new Set<string>();
type Event = { user_id: string; event_type: string };

/** The event files written since the last call, oldest first, each as its events. */
async function newFiles(): Promise<Event[][]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await s3.send(
      new ListObjectsV2Command({
        Bucket: env.S3_BUCKET,
        Prefix: `${EVENTS}/`,
        ContinuationToken: token,
      }),
    );
    keys.push(...(page.Contents ?? []).map(o => o.Key!));
    token = page.NextContinuationToken;
  } while (token);
  const fresh = keys.filter(k => !seen.has(k)).sort();
  const files: Event[][] = [];
  for (const key of fresh) {
    seen.add(key);
    const res = await s3.send(
      new GetObjectCommand({ Bucket: env.S3_BUCKET, Key: key }),
    );
    const text = await res.Body!.transformToString();
    files.push(
      text
        .trim()
        .split('\n')
        .map(line => JSON.parse(line)),
    );
  }
  return files;
}

async function filesAfter(count: number): Promise<Event[][]> {
  const files: Event[][] = [];
  return waitFor(
    `${count} more event files`,
    async () => {
      files.push(...(await newFiles()));
      return files.length >= count ? files : undefined;
    },
    30_000,
    500,
  );
}

describe('the clickstream simulator on Ray, shaped through the portal', () => {
  it('starts at its arguments, then follows rate, stop, start and fraud-rate changes', async () => {
    const submit = await fetch(`${base}/api/lakehouse/jobs/ray/local`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        name: `it-clickstream-simulator-${run}`,
        entrypoint: 'main.py',
        secrets: ['warehouse-s3'],
        args: [
          '--rate',
          '5',
          '--fraud-per-minute',
          '0',
          '--interval',
          '1',
          '--events-prefix',
          EVENTS,
          '--control-prefix',
          `${prefix}/control`,
          '--bucket',
          env.S3_BUCKET,
        ],
        project: { zipBase64: await zipPlatformApp('clickstream-simulator') },
      }),
    });
    const submitted = await submit.json();
    expect({ status: submit.status, error: submitted.error?.message }).toEqual({
      status: 201,
      error: undefined,
    });
    jobId = submitted.jobId;

    const live = await waitFor(
      'the simulator to be live',
      async () => {
        const { state } = await simulation();
        return state?.liveness === 'live' ? state : undefined;
      },
      120_000,
      1_000,
    );
    expect(live.status).toMatchObject({
      rate: 5,
      fraudPerMinute: 0,
      running: true,
    });
    expect(live.canControl).toBe(true);

    // At 5 events/s, one file a second: five events each.
    await newFiles();
    const slow = await filesAfter(3);
    expect(slow.slice(-3).map(f => f.length)).toEqual([5, 5, 5]);

    // Faster: from the revision it applied on, files of 20.
    let res = await simulation({ rate: 20 });
    expect(res.status).toBe(200);
    expect(res.state!.pending).toBe(true);
    await applied(1);
    await newFiles(); // the files of the interval the change came in
    const fast = await filesAfter(3);
    for (const f of fast) expect(f.length).toBeGreaterThanOrEqual(18);
    for (const f of fast) expect(f.length).toBeLessThanOrEqual(20);

    // An absurd rate is refused and changes nothing.
    res = await simulation({ rate: 1_000_000 });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/rate must be at most 10000/);
    res = await simulation({ rate: 50 });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/capacity of 32.4/);
    expect((await simulation()).state!.control).toMatchObject({
      revision: 1,
      rate: 20,
    });

    // Stopped: no more files, the heartbeat goes on.
    await simulation({ running: false });
    const stopped = await applied(2);
    expect(stopped.status).toMatchObject({
      running: false,
      eventsPerSecond: 0,
    });
    await newFiles();
    await new Promise(r => setTimeout(r, 4_000));
    expect(await newFiles()).toEqual([]);
    expect((await simulation()).state!.liveness).toBe('live');

    // Started again with fraud at its most: events again, and a burst fraudster within ~25 s.
    await simulation({ running: true, fraudPerMinute: 6 });
    await applied(3);
    const again = await filesAfter(2);
    expect(again.every(f => f.length >= 18)).toBe(true);
    const burst = await waitFor(
      'an injected burst',
      async () => (await simulation()).state?.status?.lastBurst ?? undefined,
      40_000,
      1_000,
    );
    // Its events fall in the next 10-second window: they arrive over the following seconds.
    const events = again.flat();
    const burstEvents = await waitFor(
      `the 12 events of ${burst.user_id}'s burst`,
      async () => {
        events.push(...(await newFiles()).flat());
        const mine = events.filter(e => e.user_id === burst.user_id);
        return mine.length >= burst.event_count ? mine : undefined;
      },
      30_000,
      1_000,
    );
    expect(
      burstEvents.filter(e => e.event_type === 'payment_failed').length,
    ).toBeGreaterThanOrEqual(2);
  });

  it('reports the run as ended once its job is stopped, and refuses to shape it', async () => {
    expect(jobId).toBeDefined();
    const cancel = await fetch(
      `${base}/api/lakehouse/jobs/ray/local/${jobId}/cancel`,
      {
        method: 'POST',
      },
    );
    expect(cancel.status).toBeLessThan(300);
    const ended = await waitFor(
      'the simulator to report its end',
      async () => {
        const { state } = await simulation();
        return state?.liveness === 'ended' ? state : undefined;
      },
      60_000,
      1_000,
    );
    expect(ended.status!.state).toBe('ended');
    jobId = undefined;
    const res = await simulation({ running: true });
    expect(res.status).toBe(409);
    expect(res.body.error.message).toMatch(/not running: its last run ended/);
  });
});
