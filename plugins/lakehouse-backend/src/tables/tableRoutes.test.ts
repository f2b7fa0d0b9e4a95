import {
  mockCredentials,
  mockServices,
  registerMswTestHooks,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type {
  NessieRefsResponse,
  TableCommitsResponse,
  TableDetailResponse,
  TableDiffResponse,
} from '@internal/plugin-lakehouse-common';
import {
  expectLakehouseContract,
  type ContractResponse,
} from '@internal/plugin-lakehouse-common/testUtils';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import request from 'supertest';
import { withTestAwsCredentials } from '@internal/plugin-lakehouse-node/testUtils';
import { lakehousePlugin } from '../plugin';
import {
  history,
  NESSIE,
  nessieHandlers,
  SNAPSHOT_IDS,
} from '../__testUtils__/nessieFixture';
import { passthroughTestBackend } from '../__testUtils__/fixtureEngines';

const server = setupServer(
  passthroughTestBackend,
  // The commits' metadata files: not in this object store (each commit is then listed without its snapshot).
  http.get('http://s3.test/*', () =>
    HttpResponse.xml('<Error><Code>NoSuchKey</Code></Error>', { status: 404 }),
  ),
);
withTestAwsCredentials();
/** The answer checked against its route's schema in lakehouse-common. */
const contract = <T>(res: request.Response) =>
  expectLakehouseContract<T>(res as unknown as ContractResponse);
registerMswTestHooks(server);

const tableEntity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: {
    name: 'probe.t1',
    annotations: { 'lakehouse.io/iceberg-table': 'probe.t1' },
  },
  spec: { type: 'iceberg-table', owner: 'group:default/fraud-streaming-team' },
};

/** The same table on branch dev, as the provider makes it when dev is configured. */
const branchEntity = {
  ...tableEntity,
  metadata: {
    name: 'probe.t1-on-dev',
    annotations: {
      'lakehouse.io/iceberg-table': 'probe.t1',
      'lakehouse.io/iceberg-ref': 'dev',
    },
  },
};

async function startBackend(
  options: {
    tables?: boolean;
    decide?: (name: string) => AuthorizeResult.ALLOW | AuthorizeResult.DENY;
    timeout?: string;
  } = {},
) {
  const auditor = mockServices.auditor.mock();
  const event = { success: jest.fn(), fail: jest.fn() };
  auditor.createEvent.mockResolvedValue(event);
  const decide = options.decide ?? (() => AuthorizeResult.ALLOW);
  const permissions = mockServices.permissions.mock();
  permissions.authorize.mockImplementation(
    async requests =>
      requests.map(r => ({ result: decide(r.permission.name) })) as any,
  );
  const { server: app } = await startTestBackend({
    features: [
      lakehousePlugin,
      auditor.factory,
      permissions.factory,
      catalogServiceMock.factory({ entities: [branchEntity, tableEntity] }),
      mockServices.rootConfig.factory({
        data: {
          lakehouse: {
            pollInWorkerThread: false,
            engines: {},
            ...(options.tables !== false && {
              tables: {
                nessieUrl: NESSIE,
                timeout: options.timeout ?? '2s',
                objectStore: { endpoint: 'http://s3.test' },
              },
            }),
          },
        },
      }),
    ],
  });
  return { app, auditor, event, permissions };
}

describe('table routes', () => {
  it('serve the table at the default branch: schema, partitioning, sort, snapshots and size', async () => {
    server.use(...nessieHandlers());
    const { app } = await startBackend();
    const res = await request(app).get('/api/lakehouse/tables/probe.t1');
    expect(res.status).toBe(200);
    const detail = contract<TableDetailResponse>(res);
    expect(detail.ref).toBe('main');
    expect(detail.fields.map(f => [f.id, f.name, f.type, f.depth])).toEqual([
      [1, 'id', 'long', 0],
      [2, 'ts', 'timestamptz', 0],
      [3, 'loc', 'struct', 0],
      [4, 'loc.lat', 'double', 1],
      [5, 'amount', 'decimal(10, 2)', 0],
      [6, 'tags', 'list<struct>', 0],
      [8, 'tags[].k', 'string', 1],
    ]);
    expect(detail.fields[0]).toMatchObject({ required: true, doc: 'the id' });
    expect(detail.partitionSpec).toEqual([
      { name: 'ts_day', source: 'ts', transform: 'day' },
    ]);
    expect(detail.sortOrder).toEqual([
      {
        source: 'id',
        transform: 'identity',
        direction: 'desc',
        nullOrder: 'nulls-last',
      },
    ]);
    // Exact 64-bit ids, newest first.
    expect(detail.currentSnapshotId).toBe(SNAPSHOT_IDS[1]);
    expect(detail.snapshots.map(s => s.id)).toEqual([
      SNAPSHOT_IDS[1],
      SNAPSHOT_IDS[0],
    ]);
    expect(detail.snapshots[0]).toMatchObject({
      parentId: SNAPSHOT_IDS[0],
      operation: 'overwrite',
      addedRecords: 11,
      deletedRecords: 10,
    });
    expect(detail.size).toEqual({ records: 11, dataFiles: 1, bytes: 2049 });
    expect(detail.properties.owner).toBe('group:default/fraud-streaming-team');
  });

  it('sends the newest 1,000 snapshots of a longer history and says how many there are', async () => {
    server.use(...nessieHandlers({ snapshots: 1200 }));
    const { app } = await startBackend();
    const res = await request(app).get('/api/lakehouse/tables/probe.t1');
    const detail = contract<TableDetailResponse>(res);
    expect(detail.snapshotCount).toBe(1200);
    expect(detail.snapshots).toHaveLength(1000);
    expect(detail.snapshots[0].id).toBe('2199');
  });

  it('diffs the table between two refs by field id and snapshot id', async () => {
    server.use(...nessieHandlers());
    const { app } = await startBackend();
    const res = await request(app).get(
      '/api/lakehouse/tables/probe.t1/diff?from=dev&to=main',
    );
    const diff = contract<TableDiffResponse>(res);
    expect(diff.identical).toBe(false);
    expect(diff.snapshots.onlyInTo.map(s => s.id)).toEqual([SNAPSHOT_IDS[1]]);
    expect(diff.snapshots.onlyInFrom).toEqual([]);
    expect(diff.from.size?.records).toBe(10);
    expect(diff.to.size?.records).toBe(11);

    const same = await request(app).get(
      '/api/lakehouse/tables/probe.t1/diff?from=main&to=main',
    );
    expect(contract<TableDiffResponse>(same).identical).toBe(true);
  });

  it("lists Nessie's references, the default branch first, with their latest commits", async () => {
    server.use(...nessieHandlers());
    const { app } = await startBackend();
    const res = await request(app).get('/api/lakehouse/nessie/refs');
    const refs = contract<NessieRefsResponse>(res);
    expect(refs.defaultBranch).toBe('main');
    expect(refs.references.map(r => [r.type, r.name])).toEqual([
      ['BRANCH', 'main'],
      ['BRANCH', 'dev'],
      ['TAG', 'v1'],
    ]);
    expect(refs.references[0].latest).toEqual({
      hash: 'a8ab',
      author: 'etl-bot',
      message: 'Create ICEBERG_TABLE probe.t1',
      time: '2026-12-01T08:05:13.040093320Z',
    });
    expect(refs.references[1]).toMatchObject({
      commitsAhead: 1,
      commitsBehind: 0,
    });
    expect(refs.references[2].latest).toBeUndefined();
  });

  it("reads the table's commits with a filter on its key", async () => {
    server.use(...nessieHandlers());
    history.length = 0;
    const { app } = await startBackend();
    const res = await request(app).get(
      '/api/lakehouse/tables/probe.t1/commits?limit=2',
    );
    const commits = contract<TableCommitsResponse>(res);
    expect(commits.commits.map(c => [c.hash, c.author])).toEqual([
      ['9eac', ''],
      ['a8ab', 'etl-bot'],
    ]);
    expect(commits.hasMore).toBe(true);
    // Each commit's snapshot, exact to the 64 bits, from the table's current metadata.
    expect(commits.commits.map(c => c.snapshot?.id)).toEqual([
      SNAPSHOT_IDS[1],
      SNAPSHOT_IDS[0],
    ]);
    expect(commits.snapshotError).toBeUndefined();
    expect(history[0].get('filter')).toBe(
      "operations.exists(op, op.key == 'probe.t1')",
    );
    expect(history[0].get('max-records')).toBe('2');
    const missing = await request(app).get(
      '/api/lakehouse/tables/probe.t1/commits?ref=nope',
    );
    expect([missing.status, missing.body.error.message]).toEqual([
      404,
      "No branch or tag 'nope' in Nessie",
    ]);
  });

  it.each([
    ['/tables/t1', /path parameter 'table': must be namespace.table/],
    ["/tables/probe.t1'%20or%201", /path parameter 'table'/],
    ['/tables/probe.t1?ref=..%2Fx', /query parameter 'ref'/],
    ['/tables/probe.t1?branch=main', /query parameter 'branch'/],
    ['/tables/probe.t1/commits?limit=0', /query parameter 'limit'/],
    ['/tables/probe.t1/diff?from=main', /query parameter 'to'/],
    ['/tables/probe.t1/rows?limit=5000', /query parameter 'limit'/],
  ])(
    'refuses %s with a 400 that names the input, calling nothing',
    async (path, message) => {
      const calls: string[] = [];
      server.events.on('request:start', ({ request: r }) => {
        if (r.url.startsWith(NESSIE)) calls.push(r.url);
      });
      server.use(...nessieHandlers());
      const { app } = await startBackend();
      const res = await request(app).get(`/api/lakehouse${path}`);
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(message);
      expect(calls).toEqual([]);
      server.events.removeAllListeners();
    },
  );

  it('answers 503 with what to check when Nessie fails, answers garbage or hangs', async () => {
    const { app } = await startBackend({ timeout: '300ms' });
    server.use(...nessieHandlers());
    server.use(
      http.get(`${NESSIE}/api/v2/config`, () =>
        HttpResponse.text('busy', { status: 500 }),
      ),
    );
    let res = await request(app).get('/api/lakehouse/tables/probe.t1');
    expect([res.status, res.body.error.message]).toEqual([
      503,
      `Nessie at ${NESSIE} answered HTTP 500: busy`,
    ]);
    server.use(
      http.get(`${NESSIE}/api/v2/config`, () => HttpResponse.text('<html>')),
    );
    res = await request(app).get('/api/lakehouse/nessie/refs');
    expect(res.status).toBe(503);
    expect(res.body.error.message).toMatch(/other than JSON/);
    server.use(
      http.get(`${NESSIE}/api/v2/config`, () =>
        HttpResponse.json({ branch: 'main' }),
      ),
    );
    res = await request(app).get('/api/lakehouse/tables/probe.t1/commits');
    expect(res.status).toBe(503);
    expect(res.body.error.message).toMatch(
      /outside the Nessie API: defaultBranch/,
    );
    server.use(
      http.get(
        `${NESSIE}/api/v2/config`,
        () => new Promise<Response>(() => {}),
      ),
    );
    const started = Date.now();
    res = await request(app).get('/api/lakehouse/tables/probe.t1');
    expect(res.status).toBe(503);
    expect(res.body.error.message).toMatch(
      /did not answer: No answer .* within 300 ms/,
    );
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('answers 404 for a table missing at the ref, and when tables are not configured', async () => {
    server.use(...nessieHandlers());
    let { app } = await startBackend();
    let res = await request(app).get('/api/lakehouse/tables/probe.t1?ref=gone');
    expect([res.status, res.body.error.message]).toEqual([
      404,
      'No table probe.t1 at gone in Nessie',
    ]);
    ({ app } = await startBackend({ tables: false }));
    res = await request(app).get('/api/lakehouse/tables/probe.t1');
    expect(res.status).toBe(404);
    expect(res.body.error.message).toMatch(/set lakehouse.tables.nessieUrl/);
  });

  it('needs credentials and lakehouse.table.read', async () => {
    server.use(...nessieHandlers());
    const { app } = await startBackend({
      decide: name =>
        name === 'lakehouse.table.read'
          ? AuthorizeResult.DENY
          : AuthorizeResult.ALLOW,
    });
    let res = await request(app)
      .get('/api/lakehouse/tables/probe.t1')
      .set('Authorization', mockCredentials.none.header());
    expect(res.status).toBe(401);
    res = await request(app).get('/api/lakehouse/tables/probe.t1');
    expect([res.status, res.body.error.message]).toEqual([
      403,
      'Missing permission lakehouse.table.read',
    ]);
  });

  it('decides sample rows on the entity that claims the table, and audits a denial', async () => {
    server.use(...nessieHandlers());
    const { app, auditor, event, permissions } = await startBackend({
      decide: name =>
        name === 'lakehouse.table.read-data'
          ? AuthorizeResult.DENY
          : AuthorizeResult.ALLOW,
    });
    const res = await request(app).get('/api/lakehouse/tables/probe.t1/rows');
    expect([res.status, res.body.error.message]).toEqual([
      403,
      'Missing permission lakehouse.table.read-data',
    ]);
    expect(permissions.authorize).toHaveBeenCalledWith(
      [
        expect.objectContaining({
          permission: expect.objectContaining({
            name: 'lakehouse.table.read-data',
          }),
          resourceRef: 'resource:default/probe.t1',
        }),
      ],
      expect.anything(),
    );
    expect(auditor.createEvent).toHaveBeenCalledWith(
      expect.objectContaining({
        eventId: 'table-read-data',
        meta: expect.objectContaining({
          table: 'probe.t1',
          entityRef: 'resource:default/probe.t1',
        }),
      }),
    );
    expect(event.fail).toHaveBeenCalledTimes(1);
    expect(event.success).not.toHaveBeenCalled();
  });

  it("decides rows on a branch on the table's entity for that branch", async () => {
    server.use(...nessieHandlers());
    const { app, permissions } = await startBackend({
      decide: name =>
        name === 'lakehouse.table.read-data'
          ? AuthorizeResult.DENY
          : AuthorizeResult.ALLOW,
    });
    for (const [query, resourceRef] of [
      ['?ref=dev', 'resource:default/probe.t1-on-dev'],
      ['?ref=other', 'resource:default/probe.t1'],
      ['', 'resource:default/probe.t1'],
    ]) {
      permissions.authorize.mockClear();
      await request(app).get(`/api/lakehouse/tables/probe.t1/rows${query}`);
      expect(permissions.authorize).toHaveBeenCalledWith(
        [expect.objectContaining({ resourceRef })],
        expect.anything(),
      );
    }
  });

  it('refuses rows of a table no entity claims, audited, without reading it', async () => {
    const calls: string[] = [];
    server.events.on('request:start', ({ request: r }) => {
      calls.push(r.url);
    });
    const { app, event } = await startBackend();
    const res = await request(app).get('/api/lakehouse/tables/other.t2/rows');
    server.events.removeAllListeners();
    expect(res.status).toBe(403);
    expect(res.body.error.message).toMatch(
      /No catalog entity claims table other.t2/,
    );
    expect(event.fail).toHaveBeenCalledTimes(1);
    expect(
      calls.filter(u => u.startsWith(NESSIE) || u.startsWith('http://s3.test')),
    ).toEqual([]);
  });
});
