import {
  FRAUD_ALERTS_SIGNAL_CHANNEL,
  type FraudAlert,
} from '@internal/plugin-fraud-common';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import lakehousePlugin from '@internal/plugin-lakehouse-backend';
import {
  LocalPlatform,
  waitFor,
  zipFraudApp,
} from '@internal/lakehouse-test-utils';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { fraudPlugin } from '../plugin';
import { startSimulator } from '../__testUtils__/simulator';

/**
 * The fast fraud path on real parts: the simulator sends its events to Kafka
 * every second, the detector (Flink, submitted through the lakehouse submit
 * API) reads them and writes each alert both to the Iceberg table (through
 * Nessie, on S3; committed on checkpoints) and to an alert topic, which the
 * fraud backend reads. An alert is on the dashboard from the stream before
 * the table has it, counted once when the table commits it, and pages are
 * signalled.
 */
jest.setTimeout(600_000);

const platform = new LocalPlatform();
const run = Math.random().toString(36).slice(2, 8);
const table = `fraud_stream_${run}.alerts`;
const eventsTopic = `clickstream-it-${run}`;
const alertsTopic = `fraud-alerts-it-${run}`;
const published: { channel: string; message: any }[] = [];
let backend: Awaited<ReturnType<typeof startTestBackend>>;
let env: Record<string, string>;

beforeAll(async () => {
  await platform.start(['s3', 'kafka', 'nessie', 'flink']);
  env = platform.env;
  const opt = join(env.LP_FLINK_HOME, 'opt');
  const runner = readdirSync(opt).find(f => /^flink-python-.*\.jar$/.test(f));
  backend = await startTestBackend({
    features: [
      lakehousePlugin,
      fraudPlugin,
      createServiceFactory({
        service: signalsServiceRef,
        deps: {},
        factory: () => ({
          publish: async (signal: { channel: string; message: any }) => {
            published.push(signal);
          },
        }),
      }),
      mockServices.rootConfig.factory({
        data: {
          lakehouse: {
            engines: {
              flink: [
                {
                  name: 'local',
                  url: env.FLINK_REST_URL,
                  pythonRunnerJar: join(opt, runner!),
                },
              ],
            },
            staging: {
              endpoint: env.S3_ENDPOINT,
              bucket: env.S3_BUCKET,
              prefix: `fraud-stream-it-${run}`,
              accessKeyId: env.AWS_ACCESS_KEY_ID,
              secretAccessKey: env.AWS_SECRET_ACCESS_KEY,
            },
          },
          fraud: {
            catalogUri: `${env.NESSIE_URL}/iceberg`,
            table,
            objectStore: { endpoint: env.S3_ENDPOINT },
            refreshInterval: { seconds: 5 },
            stream: {
              brokers: [env.KAFKA_BOOTSTRAP_SERVERS],
              topic: alertsTopic,
              timeout: '5s',
            },
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

const summary = async (from: Date) =>
  (
    await request(backend.server).get(
      `/api/fraud/summary?from=${from.toISOString()}`,
    )
  ).body;

it('shows an injected burst from the alert stream before the table commits it, then counts it once', async () => {
  const started = new Date();
  const simulator = startSimulator([
    '--kafka',
    env.KAFKA_BOOTSTRAP_SERVERS,
    '--events-topic',
    eventsTopic,
    '--control-prefix',
    `it-stream-${run}-control`,
    '--interval',
    '1',
  ]);
  const { injected } = simulator;
  let jobId: string | undefined;
  try {
    const res = await request(backend.server)
      .post('/api/lakehouse/jobs/flink/local')
      .send({
        name: `fraud-stream-it-${run}`,
        entrypoint: 'main.py',
        project: {
          zipBase64: await zipFraudApp({
            alerts: table,
            catalogUri: `${env.NESSIE_URL}/iceberg/`,
            bounded: false,
            kafka: env.KAFKA_BOOTSTRAP_SERVERS,
            eventsTopic,
            alertsTopic,
            watermarkSeconds: 1,
            // Long enough that the stream is seen first, whatever the machine's load.
            checkpointSeconds: 30,
          }),
        },
      });
    expect({ status: res.status, error: res.body.error?.message }).toEqual({
      status: 201,
      error: undefined,
    });
    jobId = res.body.jobId;

    // Polled fast, so an alert's first sight is what the stream brought before the table commits it.
    // (The very first burst may come before the backend's consumer has joined: it reads from the end.)
    const firstSight = new Map<string, FraudAlert>();
    const first = await waitFor(
      'an injected burst on the dashboard from the alert stream',
      async () => {
        for (const a of ((await summary(started)).summary?.latest ??
          []) as FraudAlert[]) {
          const key = `${a.userId}@${a.windowStart}`;
          if (!firstSight.has(key)) firstSight.set(key, a);
        }
        return [...firstSight.values()].find(a => a.rule === 'burst' && a.live);
      },
      300_000,
      250,
    );
    expect(injected).toContainEqual({
      userId: first.userId,
      windowStart: first.windowStart,
    });
    expect(published).toContainEqual({
      channel: FRAUD_ALERTS_SIGNAL_CHANNEL,
      recipients: { type: 'broadcast' },
      message: { alerts: expect.any(Number), source: 'stream' },
    });

    // The table, the record, confirms it at a checkpoint: the same alert, once, no longer live.
    const confirmed = await waitFor(
      'the table to commit the streamed alert',
      async () => {
        const body = await summary(started);
        const same = (body.summary?.latest ?? []).filter(
          (a: FraudAlert) =>
            a.userId === first.userId && a.windowStart === first.windowStart,
        );
        return same.length === 1 && !same[0].live ? body : undefined;
      },
      120_000,
      1_000,
    );
    expect(confirmed.state).toBe('ready');
    expect(confirmed.summary.stream).toMatchObject({
      topic: alertsTopic,
      state: 'connected',
    });
    // Every alert shown is an injected burst: nothing else raised, nothing doubled.
    const shown = (confirmed.summary.latest as FraudAlert[]).map(a => ({
      userId: a.userId,
      windowStart: a.windowStart,
    }));
    expect(new Set(shown.map(a => `${a.userId}@${a.windowStart}`)).size).toBe(
      shown.length,
    );
    for (const a of shown) expect(injected).toContainEqual(a);
    expect(confirmed.summary.kpis.alerts).toBe(shown.length);
  } finally {
    simulator.stop();
    if (jobId)
      await request(backend.server).post(
        `/api/lakehouse/jobs/flink/local/${jobId}/cancel`,
      );
  }
});
