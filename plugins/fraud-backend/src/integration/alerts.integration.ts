import { fraudSummaryResponseSchema } from '@internal/plugin-fraud-common';
import { expectLakehouseContract } from '@internal/plugin-lakehouse-common/testUtils';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import {
  resolvePackagePath,
  type ServiceFactory,
} from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import lakehousePlugin from '@internal/plugin-lakehouse-backend';
import { FLINK_PLAN_LINEAGE_TASK } from '@internal/plugin-lakehouse-backend/testUtils';
import type { LineageResponse } from '@internal/plugin-lakehouse-common';
import {
  LocalPlatform,
  waitFor,
  zipFraudApp,
} from '@internal/lakehouse-test-utils';
import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import request from 'supertest';
import { fraudPlugin } from '../plugin';
import { startSimulator } from '../__testUtils__/simulator';

/**
 * The dashboard API against the real pipeline pieces: the local platform's
 * deterministic clickstream (with known fraudsters), the Flink template's
 * windowed-count app submitted through the lakehouse submit API, writing an
 * Iceberg table through Nessie on S3, read back incrementally. Then the same
 * detector live: streaming, on the continuous clickstream.
 */
jest.setTimeout(600_000);

const LP = resolvePackagePath(
  '@internal/plugin-fraud-backend',
  '../../local-platform/lp',
);
const platform = new LocalPlatform();
const run = Math.random().toString(36).slice(2, 8);
const table = `fraud_it_${run}.alerts`;
let backend: Awaited<ReturnType<typeof startTestBackend>>;
let env: Record<string, string>;
// Runs scheduled tasks at startup, as the default test scheduler does, and when a test says so (the
// Flink plan lineage pass). backend-test-utils types the instance as a SchedulerService only.
const scheduler = mockServices.scheduler();
const schedulerFactory = (
  scheduler as unknown as { factory(): ServiceFactory }
).factory();

interface Truth {
  burst_fraudsters: {
    user_id: string;
    window_start: string;
    event_count: number;
  }[];
  failed_payment_fraudsters: { user_id: string; payment_failed: number }[];
}

async function runFlinkApp(zipBase64: string) {
  const res = await request(backend.server)
    .post('/api/lakehouse/jobs/flink/local')
    .send({
      name: `fraud-it-${run}`,
      entrypoint: 'main.py',
      project: { zipBase64 },
    });
  expect({ status: res.status, error: res.body.error?.message }).toEqual({
    status: 201,
    error: undefined,
  });
  const state = await waitFor(
    'the Flink job to end',
    async () => {
      const job = await request(backend.server).get(
        `/api/lakehouse/jobs/flink/local/${res.body.jobId}`,
      );
      const s = job.body?.job?.state;
      return ['SUCCEEDED', 'FAILED', 'CANCELLED'].includes(s) ? s : undefined;
    },
    240_000,
    2_000,
  );
  expect(state).toBe('SUCCEEDED');
}

/** `/api/fraud/summary`, its answer checked against fraud-common's contract. */
async function summaryRequest(path: string) {
  const res = await request(backend.server).get(path);
  if (res.status === 200) {
    const parsed = fraudSummaryResponseSchema.safeParse(res.body);
    if (!parsed.success)
      throw new Error(
        `${path} answered outside its contract: ${parsed.error.message}`,
      );
  }
  return res;
}

async function summaryWith(alerts: number) {
  return waitFor(
    `the dashboard to show ${alerts} alerts`,
    async () => {
      const res = await summaryRequest('/api/fraud/summary');
      return res.body.summary?.kpis.alerts === alerts ? res.body : undefined;
    },
    60_000,
    1_000,
  );
}

/** The local Flink's flink-python jar: the lakehouse backend uploads it as its own runner jar. */
function flinkPythonJar(): string {
  const opt = join(env.LP_FLINK_HOME, 'opt');
  const jar = readdirSync(opt).find(f => /^flink-python-.*\.jar$/.test(f));
  if (!jar) throw new Error(`No flink-python jar in ${opt}`);
  return join(opt, jar);
}

beforeAll(async () => {
  await platform.start(['s3', 'nessie', 'flink']);
  env = platform.env;
  await promisify(execFile)(LP, ['datagen'], { timeout: 120_000 });
  backend = await startTestBackend({
    features: [
      lakehousePlugin,
      fraudPlugin,
      schedulerFactory,
      mockServices.rootConfig.factory({
        data: {
          lakehouse: {
            engines: {
              flink: [
                {
                  name: 'local',
                  url: env.FLINK_REST_URL,
                  pythonRunnerJar: flinkPythonJar(),
                },
              ],
            },
            staging: {
              endpoint: env.S3_ENDPOINT,
              bucket: env.S3_BUCKET,
              prefix: `fraud-it-${run}`,
              accessKeyId: env.AWS_ACCESS_KEY_ID,
              secretAccessKey: env.AWS_SECRET_ACCESS_KEY,
            },
          },
          fraud: {
            catalogUri: `${env.NESSIE_URL}/iceberg`,
            table,
            objectStore: { endpoint: env.S3_ENDPOINT },
            refreshInterval: { seconds: 1 },
          },
        },
      }),
    ],
  });
}, 900_000);

afterAll(async () => {
  await backend?.stop();
  await platform.stop();
}, 300_000);

describe('fraud dashboard API on the local platform', () => {
  it('says what to run before the table exists', async () => {
    const body = await waitFor(
      'the first refresh',
      async () => {
        const res = await summaryRequest('/api/fraud/summary');
        return res.body.state === 'missing' ? res.body : undefined;
      },
      30_000,
    );
    expect(body.summary).toBeUndefined();
    expect(body.message).toMatch(
      /does not exist yet: start the fraud detection job/,
    );
  });

  it('shows exactly the injected fraudsters of both rules, then reads only the new snapshots', async () => {
    const s3 = new S3Client({
      endpoint: env.S3_ENDPOINT,
      region: 'us-east-1',
      forcePathStyle: true,
    });
    const truth: Truth = JSON.parse(
      await (
        await s3.send(
          new GetObjectCommand({
            Bucket: 'warehouse',
            Key: 'data/ground_truth.json',
          }),
        )
      ).Body!.transformToString(),
    );
    const burst = truth.burst_fraudsters.map(f => ({
      userId: f.user_id,
      rule: 'burst',
      windowStart: `${f.window_start.replace(' ', 'T')}Z`,
      eventCount: f.event_count,
    }));
    const failed = truth.failed_payment_fraudsters.map(f => ({
      userId: f.user_id,
      rule: 'failed_payments',
      eventCount: f.payment_failed,
    }));
    const total = burst.length + failed.length;
    expect(burst.length).toBeGreaterThan(0);
    expect(failed.length).toBeGreaterThan(0);

    const zipBase64 = await zipFraudApp({
      alerts: table,
      catalogUri: `${env.NESSIE_URL}/iceberg/`,
      bounded: true,
    });
    await runFlinkApp(zipBase64);
    const first = await summaryWith(total);
    const latest = first.summary.latest as any[];
    const byUser = (a: { userId: string }, b: { userId: string }) =>
      a.userId.localeCompare(b.userId);
    expect(
      latest
        .filter(a => a.rule === 'burst')
        .map(a => ({
          userId: a.userId,
          rule: a.rule,
          windowStart: a.windowStart,
          eventCount: a.eventCount,
        }))
        .sort(byUser),
    ).toEqual(burst.sort(byUser));
    expect(
      latest
        .filter(a => a.rule === 'failed_payments')
        .map(a => ({
          userId: a.userId,
          rule: a.rule,
          eventCount: a.eventCount,
        }))
        .sort(byUser),
    ).toEqual(failed.sort(byUser));
    expect(first.summary.kpis.flaggedUsers).toBe(total);
    // detected_at is the job's processing time: after the window closed.
    expect(
      latest.every(a => Date.parse(a.detectedAt) > Date.parse(a.windowEnd)),
    ).toBe(true);

    // The same batch again: one more snapshot, read on its own.
    await runFlinkApp(zipBase64);
    const second = await summaryWith(2 * total);
    // One commit per rule's sink: the new snapshots only, on top of what was read.
    expect(second.summary.snapshots).toBeGreaterThan(first.summary.snapshots);
    expect(second.summary.snapshots).toBeLessThanOrEqual(
      first.summary.snapshots + 2,
    );
    expect(second.summary.kpis.flaggedUsers).toBe(total);
  });

  it('live: the streaming detector on the simulated clickstream raises exactly the injected bursts', async () => {
    const started = new Date();
    const prefix = `it-live-${run}`;
    const generator = startSimulator([
      '--events-prefix',
      prefix,
      '--control-prefix',
      `${prefix}-control`,
      '--interval',
      '2',
    ]);
    const { injected } = generator;
    let jobId: string | undefined;
    try {
      const res = await request(backend.server)
        .post('/api/lakehouse/jobs/flink/local')
        .send({
          name: `fraud-live-it-${run}`,
          entrypoint: 'main.py',
          project: {
            zipBase64: await zipFraudApp({
              alerts: table,
              catalogUri: `${env.NESSIE_URL}/iceberg/`,
              events: `s3://${env.S3_BUCKET}/${prefix}/`,
              bounded: false,
              checkpointSeconds: 5,
            }),
          },
        });
      expect(res.status).toBe(201);
      jobId = res.body.jobId;
      const liveBursts = async () => {
        const summary = await summaryRequest(
          `/api/fraud/summary?from=${started.toISOString()}`,
        );
        return ((summary.body.summary?.latest ?? []) as any[])
          .map(a => ({ userId: a.userId, windowStart: a.windowStart }))
          .sort((a, b) => a.windowStart.localeCompare(b.windowStart));
      };
      // Bursts come every 30 s, the first 15 s in; each is committed ~40 s after its window.
      await waitFor(
        'the first two injected bursts on the dashboard',
        async () => ((await liveBursts()).length >= 2 ? true : undefined),
        240_000,
        2_000,
      );
      const seen = await liveBursts();
      // Every alert is an injected burst, in order, and none was missed before the last one seen.
      expect(seen).toEqual(injected.slice(0, seen.length));

      // Flink fills its job metrics in on the first ask, then every 10 s.
      const body = await waitFor(
        "the detector's records in Flink's job metrics",
        async () => {
          const job = await request(backend.server)
            .get(`/api/lakehouse/jobs/flink/local/${jobId}`)
            .expect(expectLakehouseContract);
          return job.body.detail?.records?.in > 0 ? job.body : undefined;
        },
        60_000,
        3_000,
      );
      expect(body.job.state).toBe('RUNNING');
      expect(body.detail.records.in).toBeGreaterThan(100);
      expect(body.detail.records.out).toBeGreaterThanOrEqual(seen.length);
      expect(body.detail.checkpoints.completed).toBeGreaterThan(0);
      // The event-time watermark trails the clock by the 20 s lateness bound plus a file scan.
      const lagMs = Date.now() - Date.parse(body.detail.watermark);
      expect(lagMs).toBeGreaterThan(20_000);
      expect(lagMs).toBeLessThan(120_000);

      // Lineage from the running job's plan: the detector writes the alerts table and reads its
      // source table (a temporary table over the clickstream files, named in the plan, not the files).
      const edges = await waitFor(
        "the detector's plan in the lineage",
        async () => {
          // The test scheduler runs tasks when told: a poll of Flink, then the lineage pass over it.
          await scheduler.triggerTask('lakehouse-poll:flink:local');
          await scheduler.triggerTask(FLINK_PLAN_LINEAGE_TASK);
          const lineage = await request(backend.server)
            .get(
              `/api/lakehouse/lineage?job=${encodeURIComponent(body.job.name)}`,
            )
            .expect(expectLakehouseContract);
          const found = (lineage.body as LineageResponse).edges;
          return found.some(e => e.direction === 'output') ? found : undefined;
        },
        60_000,
        3_000,
      );
      expect(
        edges.map(e => [
          e.direction,
          e.dataset.icebergTable ?? e.dataset.name,
          e.source,
        ]),
      ).toEqual(
        expect.arrayContaining([
          ['output', table, 'flink-plan'],
          ['input', 'clickstream_events', 'flink-plan'],
        ]),
      );
    } finally {
      generator.stop();
      if (jobId)
        await request(backend.server).post(
          `/api/lakehouse/jobs/flink/local/${jobId}/cancel`,
        );
    }
  });
});
