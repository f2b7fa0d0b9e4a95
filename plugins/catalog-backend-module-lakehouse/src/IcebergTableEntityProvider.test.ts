import {
  mockServices,
  registerMswTestHooks,
} from '@backstage/backend-test-utils';
import type { EntityProviderMutation } from '@backstage/plugin-catalog-node';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import type { IcebergTablesConfig } from './config';
import { IcebergTableEntityProvider } from './IcebergTableEntityProvider';

const BASE = 'http://nessie.test/iceberg';
const server = setupServer();
registerMswTestHooks(server);

/** An Iceberg REST catalog in memory: namespace (dotted) -> table -> properties. */
let tables: Record<string, Record<string, Record<string, string>>>;
let down = false;
/** The tables whose metadata was loaded, in order. */
let loads: string[] = [];
function catalog() {
  const ns = (segment: string) =>
    decodeURIComponent(segment).split('\u001f').join('.');
  server.use(
    http.get(`${BASE}/*`, ({ request }) => {
      if (down) return new HttpResponse('catalog restarting', { status: 503 });
      const path = new URL(request.url).pathname.replace('/iceberg/', '');
      if (path === 'v1/config')
        return HttpResponse.json({
          defaults: {},
          overrides: { prefix: 'main|warehouse' },
        });
      const m =
        /^v1\/main%7Cwarehouse\/namespaces(?:\/([^/]+)(?:\/tables(?:\/([^/]+))?)?)?$/.exec(
          path,
        ) ??
        /^v1\/main\|warehouse\/namespaces(?:\/([^/]+)(?:\/tables(?:\/([^/]+))?)?)?$/.exec(
          path,
        );
      if (!m) return new HttpResponse(`no route ${path}`, { status: 400 });
      const [, nsSeg, table] = m;
      if (!nsSeg) {
        return HttpResponse.json({
          namespaces: Object.keys(tables).map(n => n.split('.')),
        });
      }
      const inNs = tables[ns(nsSeg)];
      if (!inNs)
        return HttpResponse.json({ error: { code: 404 } }, { status: 404 });
      if (!table && path.endsWith('/tables')) {
        return HttpResponse.json({
          identifiers: Object.keys(inNs).map(name => ({
            namespace: ns(nsSeg).split('.'),
            name,
          })),
        });
      }
      loads.push(`${ns(nsSeg)}.${decodeURIComponent(table!)}`);
      const properties = inNs[decodeURIComponent(table!)];
      if (!properties)
        return HttpResponse.json(
          { error: { code: 404, message: 'no such table' } },
          { status: 404 },
        );
      return HttpResponse.json({
        'metadata-location': `s3://warehouse/${table}/metadata/1.json`,
        metadata: {
          'format-version': 2,
          'table-uuid': `uuid-${ns(nsSeg)}.${table}`,
          location: `s3://warehouse/${ns(nsSeg)}/${table}`,
          'current-schema-id': 0,
          schemas: [
            {
              'schema-id': 0,
              type: 'struct',
              fields: [
                { id: 1, name: 'user_id', type: 'string', required: false },
              ],
            },
          ],
          properties,
        },
      });
    }),
  );
}

const config: IcebergTablesConfig = {
  catalogUri: BASE,
  warehouse: 'warehouse',
  system: 'system:default/lakehouse-platform',
  defaultOwner: 'group:default/platform-team',
  owners: new Map([['fraud', 'group:default/fraud-streaming-team']]),
  frequencyMs: 60_000,
  // Every table is loaded again at each refresh, unless a test says otherwise.
  rereadIntervalMs: 60_000,
  timeoutMs: 2_000,
  branches: [],
};

function provider(
  claimed: string[] = [],
  overrides: Partial<IcebergTablesConfig> = {},
) {
  const mutations: EntityProviderMutation[] = [];
  const p = new IcebergTableEntityProvider({
    config: { ...config, ...overrides },
    logger: mockServices.logger.mock(),
    claimedTables: async () => new Set(claimed),
  });
  p.connect({
    applyMutation: async m => void mutations.push(m),
    refresh: async () => {},
  });
  return { p, mutations };
}
const names = (
  m: EntityProviderMutation,
  key: 'entities' | 'added' | 'removed',
) =>
  ((m as any)[key] as { entity: any }[])
    .map(d => d.entity.metadata.name)
    .sort();

beforeEach(() => {
  down = false;
  loads = [];
  tables = {
    // What Spark writes itself: `owner` is the user the driver ran as, not an owner of the catalog's.
    demo: { users: { owner: 'root' }, products: { owner: 'group:ml-team' } },
    fraud: { alerts: { comment: 'Alerts of the fraud detector' } },
  };
  catalog();
});

it('gives every table as an iceberg-table Resource of the lakehouse, owned by its property, its namespace or the default', async () => {
  const { p, mutations } = provider();
  expect(await p.refresh()).toEqual({ tables: 3, added: 3, removed: 0 });
  expect(mutations).toHaveLength(1);
  expect(mutations[0].type).toBe('full');
  const byName = Object.fromEntries(
    (mutations[0] as any).entities.map((d: any) => [
      d.entity.metadata.name,
      d.entity,
    ]),
  );
  expect(Object.keys(byName).sort()).toEqual([
    'demo.products',
    'demo.users',
    'fraud.alerts',
  ]);
  expect(byName['demo.users']).toMatchObject({
    kind: 'Resource',
    metadata: {
      title: 'demo.users',
      annotations: {
        'lakehouse.io/iceberg-table': 'demo.users',
        'lakehouse.io/table-uuid': 'uuid-demo.users',
        'lakehouse.io/table-location': 's3://warehouse/demo/users',
        'backstage.io/managed-by-location': expect.stringMatching(
          /^url:http:\/\/nessie\.test\/iceberg\//,
        ),
      },
    },
    spec: {
      type: 'iceberg-table',
      owner: 'group:default/platform-team',
      system: 'system:default/lakehouse-platform',
    },
  });
  expect(byName['demo.products'].spec.owner).toBe('group:default/ml-team');
  expect(byName['fraud.alerts'].spec.owner).toBe(
    'group:default/fraud-streaming-team',
  );
  expect(byName['fraud.alerts'].metadata.description).toBe(
    'Alerts of the fraud detector',
  );
});

it('then sends only what changed: a new table, a dropped one; unchanged tables are not sent again', async () => {
  const { p, mutations } = provider();
  await p.refresh();
  delete tables.demo.users;
  tables.fraud.scores = {};
  tables.demo.products = { owner: 'group:default/platform-team' };
  expect(await p.refresh()).toEqual({ tables: 3, added: 2, removed: 1 });
  expect(mutations[1].type).toBe('delta');
  expect(names(mutations[1], 'added')).toEqual([
    'demo.products',
    'fraud.scores',
  ]);
  expect(names(mutations[1], 'removed')).toEqual(['demo.users']);
  await p.refresh();
  expect(mutations).toHaveLength(2); // nothing changed: nothing sent
});

it('loads only new tables at a refresh, and each known one again within the reread interval', async () => {
  const { p, mutations } = provider([], { rereadIntervalMs: 3 * 60_000 });
  let now = Date.parse('2026-12-02T10:00:00Z');
  const clock = jest.spyOn(Date, 'now').mockImplementation(() => now);
  try {
    await p.refresh();
    expect(loads.sort()).toEqual([
      'demo.products',
      'demo.users',
      'fraud.alerts',
    ]);
    loads = [];
    now += 60_000;
    tables.fraud.scores = {};
    tables.demo.products = { owner: 'group:default/platform-team' };
    // The new table, and a third of the known ones (the first listed, all loaded at once).
    expect(await p.refresh()).toEqual({ tables: 4, added: 1, removed: 0 });
    expect(loads.sort()).toEqual(['demo.users', 'fraud.scores']);
    expect(names(mutations[1], 'added')).toEqual(['fraud.scores']);
    loads = [];
    now += 60_000;
    delete tables.demo.users;
    // A third of the three known: the one first listed of those loaded longest ago, changed since; the
    // dropped table goes without a load.
    expect(await p.refresh()).toEqual({ tables: 3, added: 1, removed: 1 });
    expect(loads).toEqual(['demo.products']);
    expect(names(mutations[2], 'added')).toEqual(['demo.products']);
    expect((mutations[2] as any).added[0].entity.spec.owner).toBe(
      'group:default/platform-team',
    );
    expect(names(mutations[2], 'removed')).toEqual(['demo.users']);
  } finally {
    clock.mockRestore();
  }
});

it('keeps the last tables and says why when the catalog is down', async () => {
  const { p, mutations } = provider();
  await p.refresh();
  down = true;
  expect(await p.refresh()).toEqual({ tables: 3, added: 0, removed: 0 });
  expect(mutations).toHaveLength(1);
  expect(p.lastError).toMatch(
    /Reading the Iceberg catalog at http:\/\/nessie\.test\/iceberg failed: .*the tables already in the catalog are kept/,
  );
  down = false;
  await p.refresh();
  expect(p.lastError).toBeUndefined();
});

it('leaves out tables a hand-written entity claims, and names long tables validly', async () => {
  tables.demo[`t${'x'.repeat(80)}`] = {};
  const { p, mutations } = provider(['demo.users']);
  await p.refresh();
  const got = names(mutations[0], 'entities');
  expect(got).not.toContain('demo.users');
  const long = got.find(n => n.startsWith('demo.tx'))!;
  expect(long.length).toBeLessThanOrEqual(63);
  expect(long).toMatch(/-[0-9a-f]{8}$/);
});
