import {
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { expectLakehouseContract } from '@internal/plugin-lakehouse-common/testUtils';
import {
  LocalPlatform,
  waitFor,
  zipPlatformApp,
} from '@internal/lakehouse-test-utils';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { lakehousePlugin } from '../plugin';
import { lakehouseTestConfig } from './lakehouseTestConfig';

/**
 * The platform's own apps (apps/*) submitted as `./portal start` submits them: through the portal's
 * submit API to the real engines, on data made by the local platform's generator.
 */
jest.setTimeout(900_000);

const platform = new LocalPlatform();
const run = Math.random().toString(36).slice(2, 8);
let backend: Awaited<ReturnType<typeof startTestBackend>>;
let env: Record<string, string>;

beforeAll(async () => {
  await platform.start(['s3', 'nessie', 'spark', 'ray']);
  env = platform.env;
  backend = await startTestBackend({
    features: [
      lakehousePlugin,
      mockServices.auditor.factory(),
      mockServices.rootConfig.factory({
        data: lakehouseTestConfig(env, `it-apps-${run}`),
      }),
    ],
  });
}, 900_000);

afterAll(async () => {
  await backend?.stop();
  await platform.stop();
}, 300_000);

function s3() {
  return new S3Client({
    endpoint: env.S3_ENDPOINT,
    region: env.AWS_REGION ?? 'us-east-1',
    forcePathStyle: true,
    credentials: {
      accessKeyId: env.AWS_ACCESS_KEY_ID,
      secretAccessKey: env.AWS_SECRET_ACCESS_KEY,
    },
  });
}

async function s3Json(key: string) {
  const res = await s3().send(
    new GetObjectCommand({ Bucket: env.S3_BUCKET, Key: key }),
  );
  return JSON.parse(await res.Body!.transformToString());
}

async function runToEnd(engine: string, body: Record<string, unknown>) {
  const res = await request(backend.server)
    .post(`/api/lakehouse/jobs/${engine}/local`)
    .send(body)
    .expect(expectLakehouseContract);
  expect([res.status, res.body.error?.message]).toEqual([201, undefined]);
  return waitFor(
    `${engine} job ${res.body.jobId} to end`,
    async () => {
      const job = await request(backend.server).get(
        `/api/lakehouse/jobs/${engine}/local/${res.body.jobId}`,
      );
      const state = job.body?.job?.state;
      return ['SUCCEEDED', 'FAILED', 'CANCELLED'].includes(state)
        ? state
        : undefined;
    },
    600_000,
    3_000,
  );
}

/** A table's metadata as the Iceberg REST catalog (Nessie, branch main) serves it. */
async function icebergTable(namespace: string, table: string) {
  const res = await fetch(
    `${env.NESSIE_URL}/iceberg/v1/main%7Cwarehouse/namespaces/${namespace}/tables/${table}`,
  );
  expect(res.status).toBe(200);
  const { metadata } = await res.json();
  const snapshot = metadata.snapshots.find(
    (s: { 'snapshot-id': number }) =>
      s['snapshot-id'] === metadata['current-snapshot-id'],
  );
  const schema = metadata.schemas.find(
    (s: { 'schema-id': number }) =>
      s['schema-id'] === metadata['current-schema-id'],
  );
  return {
    rows: Number(snapshot.summary['total-records']),
    operation: snapshot.summary.operation,
    snapshotId: metadata['current-snapshot-id'],
    columns: Object.fromEntries(
      schema.fields.map((f: { name: string; type: unknown }) => [
        f.name,
        f.type,
      ]),
    ),
  };
}

describe('batch-etl (Spark): CSVs in S3 -> Iceberg tables through Nessie', () => {
  it('loads every CSV row into typed tables, and a re-run overwrites rather than appends', async () => {
    const data = mkdtempSync(join(tmpdir(), 'it-etl-'));
    const prefix = `it-apps-${run}/data`;
    await platform.datagen([
      '--prefix',
      prefix,
      '--output-dir',
      data,
      '--num-users',
      '150',
      '--num-products',
      '70',
    ]);
    const csvRows = (file: string) =>
      readFileSync(join(data, prefix, file), 'utf8').trim().split('\n').length -
      1;
    const namespace = `it_etl_${run}`;
    const body = {
      name: `it-batch-etl-${run}`,
      entrypoint: 'main.py',
      env: {
        ETL_NAMESPACE: namespace,
        ETL_USERS: `s3a://${env.S3_BUCKET}/${prefix}/users.csv`,
        ETL_PRODUCTS: `s3a://${env.S3_BUCKET}/${prefix}/products.csv`,
      },
      project: {
        zipBase64: await zipPlatformApp('batch-etl', 'batch_etl/app.json'),
      },
    };
    expect(await runToEnd('spark', body)).toBe('SUCCEEDED');
    const users = await icebergTable(namespace, 'users');
    const products = await icebergTable(namespace, 'products');
    expect(users.rows).toBe(csvRows('users.csv'));
    expect(products.rows).toBe(csvRows('products.csv'));
    expect(users.rows).toBe(150);
    expect(users.columns).toEqual({
      user_id: 'string',
      name: 'string',
      signup_date: 'date',
      features: expect.objectContaining({
        type: 'list',
        element: 'double',
      }),
    });
    expect(products.columns).toMatchObject({
      price: 'decimal(10, 2)',
      features: expect.objectContaining({ type: 'list', element: 'double' }),
    });

    expect(await runToEnd('spark', body)).toBe('SUCCEEDED');
    const again = await icebergTable(namespace, 'users');
    expect(again.rows).toBe(users.rows);
    // Nessie keeps one snapshot per table state; the earlier load stays in its commit log.
    expect(again.snapshotId).not.toBe(users.snapshotId);
    expect(again.operation).toBe('overwrite');
  });
});

describe('recommender-training (Ray): clickstream -> matrix factorisation -> a model version', () => {
  it('trains over Ray tasks, beats the popularity baseline, and records the version (and a failed run)', async () => {
    const prefix = `it-apps-${run}/rec`;
    await platform.datagen(['--prefix', `${prefix}/data`]);
    const namespace = `it_rec_${run}`;
    const body = async (clickstream: string) => ({
      name: `it-recommender-training-${run}`,
      entrypoint: 'main.py',
      secrets: ['warehouse-s3'],
      env: {
        REC_BUCKET: env.S3_BUCKET,
        REC_CLICKSTREAM: clickstream,
        REC_MODEL_PREFIX: `${prefix}/models`,
        REC_TABLE: `${namespace}.model_versions`,
        REC_CATALOG_URI: `${env.NESSIE_URL}/iceberg/`,
      },
      project: {
        zipBase64: await zipPlatformApp(
          'recommender-training',
          'recommender_training/app.json',
        ),
      },
    });
    expect(
      await runToEnd('ray', await body(`${prefix}/data/clickstream.json`)),
    ).toBe('SUCCEEDED');
    const table = await icebergTable(namespace, 'model_versions');
    expect(table.rows).toBe(1);
    expect(table.columns).toMatchObject({
      version_id: 'string',
      created_at: 'timestamptz',
      precision_at_10: 'double',
      num_events: 'long',
    });

    // The artifact: model.json names the version and its metrics; the model beats the baseline 2x.
    const versionsPrefix = `${prefix}/models/versions/`;
    const objects = await s3().send(
      new ListObjectsV2Command({
        Bucket: env.S3_BUCKET,
        Prefix: versionsPrefix,
      }),
    );
    const keys = (objects.Contents ?? []).map(o => o.Key!).sort();
    expect(keys).toEqual([
      expect.stringMatching(/versions\/rec-[\d-]+-[0-9a-f]{6}\/model\.json$/),
      expect.stringMatching(/versions\/rec-[\d-]+-[0-9a-f]{6}\/model\.npz$/),
    ]);
    const model = await s3Json(keys[0]);
    expect(model.format).toBe('lakehouse-recommender/1');
    // 200 users, less the 2 failed-payment fraudsters: payment failures say nothing about taste.
    expect(model.data).toMatchObject({ events: 10_045, users: 198 });
    expect(model.metrics.precision_at_10).toBeGreaterThanOrEqual(
      2 * model.metrics.baseline_precision_at_10,
    );
    expect(model.metrics.baseline_precision_at_10).toBeGreaterThan(0);

    // A clickstream that is not one: the job fails, and the run is recorded as failed.
    await s3().send(
      new PutObjectCommand({
        Bucket: env.S3_BUCKET,
        Key: `${prefix}/garbage.json`,
        Body: '{"timestamp": "2025-01-01T00:00:00", "user_id": "u"}\nnot json\n',
      }),
    );
    expect(await runToEnd('ray', await body(`${prefix}/garbage.json`))).toBe(
      'FAILED',
    );
    const after = await icebergTable(namespace, 'model_versions');
    expect(after.rows).toBe(2);
  });
});
