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
import { lakehouseTestConfig } from '../testUtils/lakehouseTestConfig';

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
  await platform.start(['s3', 'nessie', 'spark']);
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
