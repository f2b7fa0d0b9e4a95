import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type {
  LineageEventAccepted,
  LineageResponse,
} from '@internal/plugin-lakehouse-common';
import {
  expectLakehouseContract,
  type ContractResponse,
} from '@internal/plugin-lakehouse-common/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import request from 'supertest';
import { lakehousePlugin } from '../plugin';
import { sparkEvent } from '../__testUtils__/openLineageEvents';
import { MAX_LINEAGE_EVENT_BYTES } from './lineageRoutes';

const POST = '/api/lakehouse/lineage/api/v1/lineage';
const service = mockCredentials.service.header();
const contract = <T>(res: request.Response) =>
  expectLakehouseContract<T>(res as unknown as ContractResponse);

async function startBackend(
  decide: (name: string) => AuthorizeResult = () => AuthorizeResult.ALLOW,
) {
  const permissions = mockServices.permissions.mock();
  permissions.authorize.mockImplementation(async requests =>
    requests.map(r => ({ result: decide(r.permission.name) } as any)),
  );
  const auditor = mockServices.auditor.mock();
  const audit = { success: jest.fn(), fail: jest.fn() };
  auditor.createEvent.mockResolvedValue(audit);
  const { server: app } = await startTestBackend({
    features: [
      lakehousePlugin,
      auditor.factory,
      permissions.factory,
      catalogServiceMock.factory(),
      mockServices.rootConfig.factory({
        data: { lakehouse: { pollInWorkerThread: false, engines: {} } },
      }),
    ],
  });
  const edges = async (query = '') =>
    contract<LineageResponse>(
      await request(app).get(`/api/lakehouse/lineage${query}`),
    ).edges;
  return { app, auditor, audit, edges };
}

describe('lineage routes', () => {
  it("store a service's OpenLineage event and serve its edges, filtered by job and table", async () => {
    const { app, auditor, audit, edges } = await startBackend();
    const res = await request(app)
      .post(POST)
      .set('Authorization', service)
      .send(sparkEvent());
    expect(res.status).toBe(201);
    expect(contract<LineageEventAccepted>(res)).toEqual({ edges: 2 });
    expect(auditor.createEvent).toHaveBeenCalledWith(
      expect.objectContaining({ eventId: 'lineage-event' }),
    );
    expect(audit.success).toHaveBeenCalledWith({
      meta: expect.objectContaining({ job: 'lakehouse/nightly-etl', edges: 2 }),
    });

    expect((await edges()).map(e => [e.direction, e.dataset.name])).toEqual([
      ['input', 'raw/users.csv'],
      ['output', 'demo/users'],
    ]);
    const [written] = await edges('?table=demo.users');
    expect(written).toMatchObject({
      job: { namespace: 'lakehouse', name: 'nightly-etl' },
      direction: 'output',
      dataset: { icebergTable: 'demo.users' },
      lastRunId: '0193a8e2-0000-7000-8000-000000000001',
    });
    expect(await edges('?table=demo.other')).toEqual([]);
    expect(await edges('?job=nightly-etl')).toHaveLength(2);
    expect(await edges('?job=other')).toEqual([]);
  });

  it('accepts an event without datasets', async () => {
    const { app } = await startBackend();
    const res = await request(app)
      .post(POST)
      .set('Authorization', service)
      .send(sparkEvent({ inputs: [], outputs: [] }));
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ edges: 0 });
  });

  it('refuses a service denied lakehouse.lineage.write (403), audits the denial and stores nothing', async () => {
    const { app, audit, edges } = await startBackend(name =>
      name === 'lakehouse.lineage.write'
        ? AuthorizeResult.DENY
        : AuthorizeResult.ALLOW,
    );
    const res = await request(app)
      .post(POST)
      .set('Authorization', service)
      .send(sparkEvent());
    expect(res.status).toBe(403);
    expect(res.body.error.message).toMatch(/lakehouse\.lineage\.write/);
    expect(audit.fail).toHaveBeenCalledTimes(1);
    expect(audit.success).not.toHaveBeenCalled();
    expect(await edges()).toEqual([]);
  });

  it('refuses a user token (403) and no token (401), storing nothing', async () => {
    const { app, edges } = await startBackend();
    const user = await request(app)
      .post(POST)
      .set('Authorization', mockCredentials.user.header())
      .send(sparkEvent());
    expect(user.status).toBe(403);
    const none = await request(app)
      .post(POST)
      .set('Authorization', mockCredentials.none.header())
      .send(sparkEvent());
    expect(none.status).toBe(401);
    expect(await edges()).toEqual([]);
  });

  it.each([
    ['an invalid event', sparkEvent({ run: {} }), /'run.runId'/],
    ['not JSON', '{"eventType": ', /OpenLineage event is not JSON/],
  ])('answers 400 to %s, storing nothing', async (_what, body, message) => {
    const { app, audit, edges } = await startBackend();
    const res = await request(app)
      .post(POST)
      .set('Authorization', service)
      .set('Content-Type', 'application/json')
      .send(body);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(message);
    expect(await edges()).toEqual([]);
    expect(audit.success).not.toHaveBeenCalled();
  });

  it('takes an event with 1 MiB of facets, and refuses one over 2 MiB (413)', async () => {
    const { app, edges } = await startBackend();
    const padded = (bytes: number) =>
      sparkEvent({
        run: { runId: 'r1', facets: { plan: { text: 'x'.repeat(bytes) } } },
      });
    const big = await request(app)
      .post(POST)
      .set('Authorization', service)
      .send(padded(1024 * 1024));
    expect(big.status).toBe(201);
    const tooBig = await request(app)
      .post(POST)
      .set('Authorization', service)
      .send(padded(MAX_LINEAGE_EVENT_BYTES));
    expect(tooBig.status).toBe(413);
    expect(tooBig.body.error.message).toMatch(/over 2097152 bytes/);
    expect(await edges()).toHaveLength(2);
  });

  it('answers 400 to an unknown query parameter', async () => {
    const { app } = await startBackend();
    const res = await request(app).get('/api/lakehouse/lineage?dataset=x');
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/query parameter 'dataset'/);
  });
});
