import {
  mockServices,
  registerMswTestHooks,
} from '@backstage/backend-test-utils';
import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import type {
  CatalogProcessorResult,
  EntityRelationSpec,
} from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { LineageEdge } from '@internal/plugin-lakehouse-common';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { LineageProcessor } from './LineageProcessor';

const BASE = 'http://backend.test/api/lakehouse';
const server = setupServer();
registerMswTestHooks(server);

/** What `GET /lineage` answers: the edges, or a Response of its own. */
let answer: LineageEdge[] | (() => Response);
let lineageCalls: number;
let authorizations: Array<string | null>;

beforeEach(() => {
  answer = [];
  lineageCalls = 0;
  authorizations = [];
  server.use(
    http.get(`${BASE}/lineage`, ({ request }) => {
      lineageCalls++;
      authorizations.push(request.headers.get('authorization'));
      return typeof answer === 'function'
        ? answer()
        : HttpResponse.json({ edges: answer });
    }),
  );
});

const entity = (
  kind: string,
  name: string,
  annotations: Record<string, string> = {},
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: { name, namespace: 'default', annotations },
  spec: {},
});

// The catalog of catalog-info.yaml: a prefix resource, hand-written tables, a provider's branch copy.
const csvs = entity('Resource', 'etl-source-csvs', {
  'lakehouse.io/lineage-dataset': 's3://warehouse/data/',
});
const bucket = entity('Resource', 'warehouse-bucket', {
  'lakehouse.io/lineage-dataset': 's3://warehouse/',
});
const topic = entity('Resource', 'clickstream-topic', {
  'lakehouse.io/lineage-dataset': 'kafka://clickstream',
});
const users = entity('Resource', 'iceberg-table-users', {
  'lakehouse.io/iceberg-table': 'demo.users',
});
const usersOnDev = entity('Resource', 'demo.users-on-dev', {
  'lakehouse.io/iceberg-table': 'demo.users',
  'lakehouse.io/iceberg-ref': 'dev',
});
const alerts = entity('Resource', 'fraud.alerts', {
  'lakehouse.io/iceberg-table': 'fraud.alerts',
});
const batchEtl = entity('Component', 'batch-etl', {
  'lakehouse.io/engine': 'spark',
  'lakehouse.io/job-name': 'batch-etl',
});
const fraudDetection = entity('Component', 'fraud-detection', {
  'lakehouse.io/engine': 'flink',
  'lakehouse.io/job-name': 'fraud-detection',
  'lakehouse.io/lineage-inputs': 'kafka://clickstream',
});

const edge = (
  job: string,
  direction: 'input' | 'output',
  dataset: LineageEdge['dataset'],
  source: LineageEdge['source'] = 'openlineage',
): LineageEdge => ({
  job: { namespace: 'spark', name: job },
  dataset,
  direction,
  source,
  lastSeen: '2026-12-01T10:00:00.000Z',
});

/** The batch ETL's run as Spark's listener reports it: two CSVs in, an Iceberg table out. */
const sparkEdges = [
  edge('batch-etl', 'input', {
    namespace: 's3://warehouse',
    name: 'data/users.csv',
  }),
  edge('batch-etl', 'input', {
    namespace: 's3://warehouse',
    name: '/data/products.csv',
  }),
  edge('batch-etl', 'output', {
    namespace: 's3://warehouse',
    name: 'demo/users',
    icebergTable: 'demo.users',
  }),
];

function processor(
  options: { entities?: Entity[]; catalog?: any; now?: () => number } = {},
) {
  const logger = mockServices.logger.mock();
  const catalog =
    options.catalog ??
    catalogServiceMock({
      entities: options.entities ?? [
        csvs,
        bucket,
        topic,
        users,
        usersOnDev,
        alerts,
        batchEtl,
        fraudDetection,
      ],
    });
  const p = new LineageProcessor({
    config: { cacheMs: 30_000, timeoutMs: 2_000 },
    logger,
    discovery: { getBaseUrl: async () => BASE },
    auth: mockServices.auth(),
    catalog,
    now: options.now,
  });
  return { p, logger, catalog };
}

/** The relations emitted while processing `e`, as `source type target` lines. */
async function relationsOf(p: LineageProcessor, e: Entity): Promise<string[]> {
  const emitted: CatalogProcessorResult[] = [];
  const result = await p.postProcessEntity(e, { type: 'url', target: 'x' }, r =>
    emitted.push(r),
  );
  expect(result).toBe(e);
  return emitted.map(r => {
    if (r.type !== 'relation') throw new Error(`emitted a ${r.type}`);
    const { source, type, target }: EntityRelationSpec = r.relation;
    return `${stringifyEntityRef(source)} ${type} ${stringifyEntityRef(
      target,
    )}`;
  });
}

it('relates a Spark job to its CSV inputs (by prefix) and its Iceberg output, both ways', async () => {
  answer = sparkEdges;
  const { p } = processor();
  expect((await relationsOf(p, batchEtl)).sort()).toEqual(
    [
      'component:default/batch-etl dependsOn resource:default/etl-source-csvs',
      'resource:default/etl-source-csvs dependencyOf component:default/batch-etl',
      // The table on the default branch, not its copy on dev.
      'resource:default/iceberg-table-users dependsOn component:default/batch-etl',
      'component:default/batch-etl dependencyOf resource:default/iceberg-table-users',
    ].sort(),
  );
  expect(authorizations[0]).toMatch(/^Bearer .+/);
});

it("relates a Flink plan's Iceberg sink, and the job's declared input", async () => {
  answer = [
    edge(
      'fraud-detection',
      'output',
      {
        namespace: 'nessie',
        name: 'fraud.alerts',
        icebergTable: 'fraud.alerts',
      },
      'flink-plan',
    ),
    // A source the plan names only by its temporary table: no entity, skipped.
    edge(
      'fraud-detection',
      'input',
      { namespace: 'flink', name: 'clickstream_events' },
      'flink-plan',
    ),
  ];
  const { p, logger } = processor();
  expect((await relationsOf(p, fraudDetection)).sort()).toEqual(
    [
      'resource:default/fraud.alerts dependsOn component:default/fraud-detection',
      'component:default/fraud-detection dependencyOf resource:default/fraud.alerts',
      'component:default/fraud-detection dependsOn resource:default/clickstream-topic',
      'resource:default/clickstream-topic dependencyOf component:default/fraud-detection',
    ].sort(),
  );
  expect(logger.debug).toHaveBeenCalledWith(
    expect.stringContaining('clickstream_events'),
  );
});

it('relates what annotations declare on any entity, without lineage from the backend', async () => {
  answer = () =>
    HttpResponse.json({ error: { message: 'down' } }, { status: 503 });
  const simulator = entity('Component', 'clickstream-simulator', {
    'lakehouse.io/lineage-outputs': ' kafka://clickstream , ',
  });
  const dashboard = entity('Component', 'fraud-dashboard', {
    'lakehouse.io/lineage-inputs': 'iceberg:fraud.alerts,iceberg:nope.none',
  });
  const { p } = processor();
  expect(await relationsOf(p, simulator)).toEqual([
    'resource:default/clickstream-topic dependsOn component:default/clickstream-simulator',
    'component:default/clickstream-simulator dependencyOf resource:default/clickstream-topic',
  ]);
  expect(await relationsOf(p, dashboard)).toEqual([
    'component:default/fraud-dashboard dependsOn resource:default/fraud.alerts',
    'resource:default/fraud.alerts dependencyOf component:default/fraud-dashboard',
  ]);
  // Neither is a job: the backend was not asked.
  expect(lineageCalls).toBe(0);
});

it('prefers the most specific lineage-dataset: a file under data/ is not the whole bucket', async () => {
  answer = [
    edge('batch-etl', 'input', {
      namespace: 's3://warehouse',
      name: 'data/users.csv',
    }),
    edge('batch-etl', 'input', {
      namespace: 's3://warehouse',
      name: 'models/m.pkl',
    }),
    // Another bucket: no entity stands for it.
    edge('batch-etl', 'input', {
      namespace: 's3a://other',
      name: 'data/users.csv',
    }),
  ];
  const { p } = processor();
  expect(
    (await relationsOf(p, batchEtl)).filter(r => r.includes(' dependsOn ')),
  ).toEqual([
    'component:default/batch-etl dependsOn resource:default/etl-source-csvs',
    'component:default/batch-etl dependsOn resource:default/warehouse-bucket',
  ]);
});

it('emits no duplicates and no self-relations', async () => {
  answer = [...sparkEdges, ...sparkEdges];
  const self = entity('Resource', 'self-writer', {
    'lakehouse.io/engine': 'spark',
    'lakehouse.io/job-name': 'self-writer',
    'lakehouse.io/iceberg-table': 'demo.self',
    'lakehouse.io/lineage-outputs': 'iceberg:demo.self',
  });
  const etl = {
    ...batchEtl,
    metadata: {
      ...batchEtl.metadata,
      annotations: {
        ...batchEtl.metadata.annotations,
        'lakehouse.io/lineage-inputs':
          's3://warehouse/data/users.csv, s3://warehouse/data/users.csv',
      },
    },
  };
  const { p } = processor({ entities: [csvs, users, self] });
  const relations = await relationsOf(p, etl);
  expect(relations).toHaveLength(4);
  expect(new Set(relations).size).toBe(4);
  expect(await relationsOf(p, self)).toEqual([]);
});

it('reads the backend and the catalog once for many entities within the cache period, and again after it', async () => {
  answer = sparkEdges;
  let now = 1_000_000;
  const catalog = catalogServiceMock({ entities: [csvs, users] });
  const query = jest.spyOn(catalog, 'queryEntities');
  const { p } = processor({ catalog, now: () => now });
  await Promise.all(Array.from({ length: 20 }, () => relationsOf(p, batchEtl)));
  await relationsOf(p, fraudDetection);
  expect(lineageCalls).toBe(1);
  expect(query).toHaveBeenCalledTimes(1);
  // Only the annotations that resolve datasets, and only the fields needed.
  expect(query.mock.calls[0][0]).toMatchObject({
    filter: [
      { 'metadata.annotations.lakehouse.io/iceberg-table': expect.anything() },
      {
        'metadata.annotations.lakehouse.io/lineage-dataset': expect.anything(),
      },
    ],
    fields: [
      'kind',
      'metadata.namespace',
      'metadata.name',
      'metadata.annotations',
    ],
  });
  now += 30_000;
  await relationsOf(p, batchEtl);
  expect(lineageCalls).toBe(2);
  expect(query).toHaveBeenCalledTimes(2);
});

it('does not read anything for entities that take no part in lineage', async () => {
  const catalog = catalogServiceMock({ entities: [] });
  const query = jest.spyOn(catalog, 'queryEntities');
  const { p } = processor({ catalog });
  expect(await relationsOf(p, users)).toEqual([]);
  expect(lineageCalls).toBe(0);
  expect(query).not.toHaveBeenCalled();
});

describe('when a source fails', () => {
  it.each([
    ['is down', () => HttpResponse.error()],
    ['answers an error', () => HttpResponse.json({}, { status: 500 })],
    ['answers garbage', () => HttpResponse.json({ edges: [{ job: 'x' }] })],
    ['answers something that is not JSON', () => new Response('<html>')],
  ])(
    'the lakehouse backend %s: no relations, no throw, one warning per period',
    async (_why, respond) => {
      answer = respond;
      const { p, logger } = processor();
      expect(await relationsOf(p, batchEtl)).toEqual([]);
      expect(await relationsOf(p, batchEtl)).toEqual([]);
      expect(lineageCalls).toBe(1);
      expect(logger.warn).toHaveBeenCalledTimes(1);
      expect(logger.warn.mock.calls[0][0]).toMatch(/lineage/);
    },
  );

  it('the catalog fails: no relations, no throw', async () => {
    answer = sparkEdges;
    const catalog = catalogServiceMock.mock({
      queryEntities: jest.fn().mockRejectedValue(new Error('catalog gone')),
    });
    const { p, logger } = processor({ catalog });
    expect(await relationsOf(p, batchEtl)).toEqual([]);
    expect(await relationsOf(p, fraudDetection)).toEqual([]);
    expect(logger.warn).toHaveBeenCalledTimes(1);
    expect(logger.warn.mock.calls[0][0]).toMatch(/catalog gone/);
  });

  it('after a good read, the backend going down keeps the relations it gave', async () => {
    answer = sparkEdges;
    let now = 0;
    const { p } = processor({ now: () => now });
    const before = await relationsOf(p, batchEtl);
    expect(before).toHaveLength(4);
    answer = () => HttpResponse.error();
    now += 60_000;
    expect(await relationsOf(p, batchEtl)).toEqual(before);
    expect(lineageCalls).toBe(2);
  });
});
