import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import { waitFor } from '@internal/lakehouse-test-utils';
import type { JobSummary } from '@internal/plugin-lakehouse-common';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { catalogModuleLakehouse } from './module';

/**
 * The module in a backend with the real catalog: the jobs come from the lakehouse backend (here
 * msw answering its routes at the discovered URL), the claims from the catalog's entities.
 */
jest.setTimeout(60_000);

// Only the lakehouse backend's routes are answered here; calls to the test backend itself pass.
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'bypass' }));
afterAll(() => server.close());

const scheduler = mockServices.scheduler.mock();
async function refresh() {
  const call = scheduler.scheduleTask.mock.calls.find(
    ([task]) => task.id === 'lakehouse-long-running-jobs',
  );
  if (!call) throw new Error('the provider scheduled no refresh');
  await call[0].fn(new AbortController().signal);
}

const running = (name: string): JobSummary => ({
  id: `id-${name}`,
  name,
  engine: 'flink',
  instance: 'local',
  kind: 'job',
  state: 'RUNNING',
  rawState: 'RUNNING',
  links: [],
});
const authorizations: Array<string | null> = [];
server.use(
  http.get('*/api/lakehouse/engines', ({ request: req }) => {
    authorizations.push(req.headers.get('authorization'));
    return HttpResponse.json({
      items: [
        {
          engine: 'flink',
          instance: 'local',
          fetchedAt: '2026-12-01T10:00:00.000Z',
        },
      ],
    });
  }),
  http.get('*/api/lakehouse/engines/flink/local', () =>
    HttpResponse.json({
      engine: 'flink',
      instance: 'local',
      fetchedAt: '2026-12-01T10:00:00.000Z',
      data: {
        cluster: { nodeKind: 'taskmanager', nodes: { alive: 1, total: 1 } },
        jobs: [running('fraud-detection'), running('orders-enrichment')],
      },
    }),
  ),
);

/** apps/fraud-detection/catalog-info.yaml's claim: engine and job name, no instance. */
function handWritten(): string {
  const file = join(mkdtempSync(join(tmpdir(), 'jobs-')), 'catalog-info.yaml');
  writeFileSync(
    file,
    `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: fraud-detection
  annotations:
    lakehouse.io/engine: flink
    lakehouse.io/job-name: fraud-detection
spec:
  type: flink-job
  lifecycle: production
  owner: group:default/fraud-streaming-team
`,
  );
  return file;
}

it('gives the unclaimed long-running job as a Component, not the claimed one, and does not take its own entities for claims', async () => {
  const backend = await startTestBackend({
    features: [
      catalogPlugin,
      catalogModuleLakehouse,
      scheduler.factory,
      mockServices.rootConfig.factory({
        data: {
          catalog: {
            rules: [{ allow: ['Component'] }],
            locations: [{ type: 'file', target: handWritten() }],
          },
          lakehouse: { catalog: { longRunningJobs: {} } },
        },
      }),
    ],
  });
  try {
    const entity = (name: string) =>
      request(backend.server).get(
        `/api/catalog/entities/by-name/component/default/${name}`,
      );
    await waitFor(
      'the hand-written entity',
      async () =>
        (await entity('fraud-detection')).status === 200 ? true : undefined,
      30_000,
      200,
    );
    await refresh();
    const res = await waitFor(
      'the discovered job',
      async () => {
        const r = await entity('flink-local-orders-enrichment');
        return r.status === 200 ? r : undefined;
      },
      30_000,
      200,
    );
    expect(res.body.spec).toEqual({
      type: 'flink-job',
      lifecycle: 'production',
      owner: 'group:default/platform-team',
      system: 'system:default/lakehouse-platform',
    });
    expect(authorizations[0]).toMatch(/^Bearer .+/);
    // Its own entity names the job too: not a claim, so the next refresh keeps it.
    await refresh();
    expect((await entity('flink-local-orders-enrichment')).status).toBe(200);
    expect((await entity('flink-local-fraud-detection')).status).toBe(404);
  } finally {
    await backend.stop();
  }
});

/** The chain of apps/batch-etl: its CSVs by prefix, its table by the hand-written entity's annotation. */
function lineageCatalog(): string {
  const file = join(
    mkdtempSync(join(tmpdir(), 'lineage-')),
    'catalog-info.yaml',
  );
  const resource = (
    name: string,
    annotation: string,
  ) => `apiVersion: backstage.io/v1alpha1
kind: Resource
metadata:
  name: ${name}
  annotations:
    ${annotation}
spec:
  type: dataset
  owner: group:default/platform-team
`;
  writeFileSync(
    file,
    [
      resource(
        'etl-source-csvs',
        'lakehouse.io/lineage-dataset: s3://warehouse/data/',
      ),
      resource('iceberg-table-users', 'lakehouse.io/iceberg-table: demo.users'),
      `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: batch-etl
  annotations:
    lakehouse.io/engine: spark
    lakehouse.io/job-name: batch-etl
spec:
  type: spark-job
  lifecycle: production
  owner: group:default/platform-team
`,
    ].join('---\n'),
  );
  return file;
}

it('shows the lineage the backend recorded as dependsOn relations of the real catalog, both ways', async () => {
  server.use(
    http.get('*/api/lakehouse/lineage', () =>
      HttpResponse.json({
        edges: [
          ['input', { namespace: 's3://warehouse', name: 'data/users.csv' }],
          [
            'output',
            {
              namespace: 's3://warehouse',
              name: 'demo/users',
              icebergTable: 'demo.users',
            },
          ],
        ].map(([direction, dataset]) => ({
          job: { namespace: 'spark', name: 'batch-etl' },
          dataset,
          direction,
          source: 'openlineage',
          lastSeen: '2026-12-01T10:00:00.000Z',
        })),
      }),
    ),
  );
  const backend = await startTestBackend({
    features: [
      catalogPlugin,
      catalogModuleLakehouse,
      mockServices.rootConfig.factory({
        data: {
          catalog: {
            rules: [{ allow: ['Component', 'Resource'] }],
            locations: [{ type: 'file', target: lineageCatalog() }],
            // The job is processed before the tables are in the catalog: again soon, with a fresh index.
            processingInterval: { seconds: 1 },
          },
          lakehouse: { catalog: { lineage: { cacheSeconds: 1 } } },
        },
      }),
    ],
  });
  try {
    const relationsOf = async (ref: string) => {
      const r = await request(backend.server).get(
        `/api/catalog/entities/by-name/${ref.replace(':', '/')}`,
      );
      return (
        (r.body?.relations ?? []) as Array<{ type: string; targetRef: string }>
      )
        .filter(x => x.type === 'dependsOn' || x.type === 'dependencyOf')
        .map(x => `${x.type} ${x.targetRef}`)
        .sort();
    };
    const table = await waitFor(
      'the table to depend on the job',
      async () => {
        const r = await relationsOf('resource:default/iceberg-table-users');
        return r.length ? r : undefined;
      },
      45_000,
      500,
    );
    expect(table).toEqual(['dependsOn component:default/batch-etl']);
    expect(await relationsOf('component:default/batch-etl')).toEqual([
      'dependencyOf resource:default/iceberg-table-users',
      'dependsOn resource:default/etl-source-csvs',
    ]);
    expect(await relationsOf('resource:default/etl-source-csvs')).toEqual([
      'dependencyOf component:default/batch-etl',
    ]);
  } finally {
    await backend.stop();
  }
});
