import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
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
import type {
  LineageResponse,
  NessieRefsResponse,
  PlatformHealthResponse,
  TableCommitsResponse,
  TableDetailResponse,
  TableDiffResponse,
  TableRowsResponse,
} from '@internal/plugin-lakehouse-common';
import { lakehousePlugin } from '../plugin';
import { lakehouseTestConfig } from '../testUtils/lakehouseTestConfig';

/**
 * The platform's own apps (apps/*) submitted as `./portal start` submits them: through the portal's
 * submit API to the real engines, on data made by the local platform's generator.
 */
jest.setTimeout(900_000);

const platform = new LocalPlatform();
const run = Math.random().toString(36).slice(2, 8);
const namespace = `it_etl_${run}`;
let backend: Awaited<ReturnType<typeof startTestBackend>>;
let env: Record<string, string>;

beforeAll(async () => {
  await platform.start(['s3', 'nessie', 'spark']);
  env = platform.env;
  backend = await startTestBackend({
    features: [
      lakehousePlugin,
      mockServices.auditor.factory(),
      // The table entity the catalog provider makes of the ETL's users table: its owners decide on its rows.
      catalogServiceMock.factory({
        entities: [
          {
            apiVersion: 'backstage.io/v1alpha1',
            kind: 'Resource',
            metadata: {
              name: `${namespace}.users`,
              annotations: {
                'lakehouse.io/iceberg-table': `${namespace}.users`,
              },
            },
            spec: { type: 'iceberg-table', owner: 'group:default/etl' },
          },
        ],
      }),
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
async function icebergTable(ns: string, table: string) {
  const res = await fetch(
    `${env.NESSIE_URL}/iceberg/v1/main%7Cwarehouse/namespaces/${ns}/tables/${table}`,
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

    // Lineage from the run itself: OpenLineage's Spark listener reported the CSVs it read (it names
    // s3a:// paths s3://) and the Iceberg tables it wrote, under the portal's job name.
    const lineage = await request(backend.server)
      .get(`/api/lakehouse/lineage?job=${body.name}`)
      .expect(expectLakehouseContract);
    expect(lineage.status).toBe(200);
    const seen = (lineage.body as LineageResponse).edges.map(e => [
      e.direction,
      e.dataset.icebergTable ?? `${e.dataset.namespace}/${e.dataset.name}`,
      e.source,
    ]);
    expect(seen).toEqual(
      expect.arrayContaining([
        ['input', `s3://${env.S3_BUCKET}/${prefix}/users.csv`, 'openlineage'],
        [
          'input',
          `s3://${env.S3_BUCKET}/${prefix}/products.csv`,
          'openlineage',
        ],
        ['output', `${namespace}.users`, 'openlineage'],
        ['output', `${namespace}.products`, 'openlineage'],
      ]),
    );

    expect(await runToEnd('spark', body)).toBe('SUCCEEDED');
    const again = await icebergTable(namespace, 'users');
    expect(again.rows).toBe(users.rows);
    // Nessie keeps one snapshot per table state; the earlier load stays in its commit log.
    expect(again.snapshotId).not.toBe(users.snapshotId);
    expect(again.operation).toBe('overwrite');
  });
});

describe("the table page's API on what the Spark run wrote (real Nessie and S3)", () => {
  const table = `${namespace}.users`;
  const branch = `it-dev-${run}`;
  const get = async <T>(path: string) => {
    const res = await request(backend.server)
      .get(`/api/lakehouse${path}`)
      .expect(expectLakehouseContract);
    expect([res.status, res.body.error?.message]).toEqual([200, undefined]);
    return res.body as T;
  };

  it('shows the schema, both loads as snapshots, their Nessie commits and the size', async () => {
    const detail = await get<TableDetailResponse>(`/tables/${table}`);
    expect(detail.ref).toBe('main');
    expect(detail.fields.map(f => [f.name, f.type])).toEqual([
      ['user_id', 'string'],
      ['name', 'string'],
      ['signup_date', 'date'],
      ['features', 'list<double>'],
    ]);
    // The re-run replaced the table: Nessie keeps the replacing snapshot, the earlier load stays in its commit log.
    expect(detail.snapshots[0]).toMatchObject({
      id: detail.currentSnapshotId,
      operation: 'overwrite',
      addedRecords: 150,
      totalRecords: 150,
    });
    expect(detail.size).toMatchObject({ records: 150 });
    expect(detail.size!.bytes).toBeGreaterThan(0);

    const { commits } = await get<TableCommitsResponse>(
      `/tables/${table}/commits`,
    );
    // The create, the first load, the replacing load: each with the table's snapshot then (Nessie's
    // snapshot id of the commit, found in the current metadata or else in the commit's metadata file).
    expect(commits.length).toBeGreaterThanOrEqual(3);
    expect(commits[0].snapshot).toMatchObject({
      id: detail.currentSnapshotId,
      operation: 'overwrite',
      totalRecords: 150,
    });
    const loads = commits.filter(c => c.snapshot);
    expect(loads.length).toBeGreaterThanOrEqual(2);
    expect(loads[1].snapshot!.id).not.toBe(loads[0].snapshot!.id);
    // Spark creates the table empty first.
    expect(commits[commits.length - 1].snapshot?.totalRecords ?? 0).toBe(0);
    expect(commits.every(c => c.message.includes(table))).toBe(true);
  });

  it('reads the first rows of the current snapshot from its Parquet files', async () => {
    const sample = await get<TableRowsResponse>(
      `/tables/${table}/rows?limit=5`,
    );
    expect(sample.columns).toEqual([
      'user_id',
      'name',
      'signup_date',
      'features',
    ]);
    expect(sample.rows).toHaveLength(5);
    expect(sample.truncated).toBe(true);
    for (const row of sample.rows) {
      expect(row.user_id).toEqual(expect.any(String));
      expect(JSON.parse(String(row.features))).toEqual(
        expect.arrayContaining([expect.any(Number)]),
      );
    }
  });

  it("reports Nessie's and S3's health: version, latency, references and buckets", async () => {
    const { items } = await get<PlatformHealthResponse>('/platform/health');
    expect(items).toEqual([
      expect.objectContaining({
        service: 'nessie',
        reachable: true,
        version: expect.stringMatching(/^API v2, spec \d/),
        contents: {
          label: 'references',
          names: expect.arrayContaining(['main']),
        },
      }),
      expect.objectContaining({
        service: 's3',
        url: env.S3_ENDPOINT,
        reachable: true,
        version: expect.stringMatching(/SeaweedFS/),
        contents: {
          label: 'buckets',
          names: expect.arrayContaining([env.S3_BUCKET]),
        },
      }),
    ]);
    expect(items.map(i => i.error)).toEqual([undefined, undefined]);
  });

  it('shows a branch, its commit and the diff against main', async () => {
    const nessie = `${env.NESSIE_URL}/api/v2`;
    const main = await (await fetch(`${nessie}/trees/main`)).json();
    const created = await fetch(`${nessie}/trees?name=${branch}&type=BRANCH`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(main.reference),
    });
    expect(created.status).toBe(200);
    // A column added on the branch only, through the Iceberg REST catalog at that branch.
    const before = await get<TableDetailResponse>(
      `/tables/${table}?ref=${branch}`,
    );
    const commit = await fetch(
      `${env.NESSIE_URL}/iceberg/v1/${branch}%7Cwarehouse/namespaces/${namespace}/tables/users`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          requirements: [],
          updates: [
            {
              action: 'add-schema',
              schema: {
                type: 'struct',
                'schema-id': 1,
                fields: [
                  ...before.fields
                    .filter(f => f.depth === 0)
                    .map(f => ({
                      id: f.id,
                      name: f.name,
                      required: f.required,
                      type:
                        f.type === 'list<double>'
                          ? {
                              type: 'list',
                              'element-id':
                                before.fields.find(x => x.name === 'features')!
                                  .id + 1,
                              element: 'double',
                              'element-required': false,
                            }
                          : f.type,
                    })),
                  {
                    id: 100,
                    name: 'tier',
                    required: false,
                    type: 'string',
                    doc: 'loyalty tier',
                  },
                ],
              },
              'last-column-id': 100,
            },
            { action: 'set-current-schema', 'schema-id': -1 },
          ],
        }),
      },
    );
    expect([
      commit.status,
      commit.status === 200 ? '' : await commit.text(),
    ]).toEqual([200, '']);

    const refs = await get<NessieRefsResponse>('/nessie/refs');
    expect(refs.references.find(r => r.name === branch)).toMatchObject({
      type: 'BRANCH',
      commitsAhead: 1,
      latest: expect.objectContaining({
        message: expect.stringContaining(table),
      }),
    });
    const diff = await get<TableDiffResponse>(
      `/tables/${table}/diff?from=main&to=${branch}`,
    );
    expect(diff.identical).toBe(false);
    expect(diff.columns.added).toEqual([
      expect.objectContaining({
        name: 'tier',
        type: 'string',
        doc: 'loyalty tier',
      }),
    ]);
    expect(diff.columns.removed).toEqual([]);
    expect(diff.snapshots).toEqual({ onlyInTo: [], onlyInFrom: [] });
    const onBranch = await get<TableCommitsResponse>(
      `/tables/${table}/commits?ref=${branch}`,
    );
    const onMainLog = await get<TableCommitsResponse>(
      `/tables/${table}/commits`,
    );
    expect(onBranch.commits.slice(1)).toEqual(onMainLog.commits);
    expect(onBranch.commits[0].hash).toBe(
      refs.references.find(r => r.name === branch)!.hash,
    );
    const onMain = await get<TableDetailResponse>(`/tables/${table}`);
    expect(onMain.fields.map(f => f.name)).not.toContain('tier');
  });
});
