import {
  mockCredentials,
  mockServices,
  registerMswTestHooks,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  fraudDashboardReadPermission,
  fraudSimulationControlPermission,
  simulationStateSchema,
  type SimulatorStatus,
} from '@internal/plugin-fraud-common';
import { simulatorStatus } from '@internal/plugin-fraud-common/testUtils';
import {
  InMemoryObjectStore,
  passthroughTestBackend,
  withTestAwsCredentials,
} from '@internal/plugin-lakehouse-node/testUtils';
import { delay, http } from 'msw';
import { setupServer } from 'msw/node';
import request from 'supertest';
import { fraudPlugin } from '../plugin';

const S3 = 'http://s3.test:8333';
const STATUS = 's3://warehouse/live/simulator/status.json';
const CONTROL = 's3://warehouse/live/simulator/control.json';
const SIMULATOR = 'component:default/clickstream-simulator';

const server = setupServer(passthroughTestBackend());
registerMswTestHooks(server);

const auditor = mockServices.auditor.mock();
const auditEvent = { success: jest.fn(), fail: jest.fn() };
const permissions = mockServices.permissions.mock();
let decisions: Record<string, AuthorizeResult.ALLOW | AuthorizeResult.DENY>;
let s3: InMemoryObjectStore;

withTestAwsCredentials();

beforeEach(() => {
  jest.clearAllMocks();
  decisions = {
    [fraudDashboardReadPermission.name]: AuthorizeResult.ALLOW,
    [fraudSimulationControlPermission.name]: AuthorizeResult.ALLOW,
  };
  permissions.authorize.mockImplementation(async requests =>
    requests.map(r => ({ result: decisions[r.permission.name] })),
  );
  auditor.createEvent.mockResolvedValue(auditEvent as any);
  s3 = new InMemoryObjectStore({ endpoint: S3 });
  server.use(...s3.handlers());
});

async function start() {
  const { server: app } = await startTestBackend({
    features: [
      fraudPlugin,
      auditor.factory,
      permissions.factory,
      mockServices.scheduler.mock().factory,
      mockServices.rootConfig.factory({
        data: {
          fraud: {
            catalogUri: 'http://catalog.test/iceberg',
            objectStore: { endpoint: S3 },
            timeout: { seconds: 1 },
          },
        },
      }),
    ],
  });
  return app;
}

const status = (over: Partial<SimulatorStatus> = {}) =>
  simulatorStatus({ eventsPerSecond: 19.6, ...over });

const ADA = mockCredentials.user.header('user:default/ada');
const change = (app: any, body: unknown, auth = ADA) =>
  request(app)
    .post('/api/fraud/simulation')
    .set('Authorization', auth)
    .send(body as object);

describe('GET /simulation', () => {
  it('reports a live simulator, and whether the caller may shape it', async () => {
    s3.put(STATUS, status());
    const app = await start();
    const res = await request(app).get('/api/fraud/simulation').expect(200);
    const state = simulationStateSchema.parse(res.body);
    expect(state).toMatchObject({
      liveness: 'live',
      simulatorEntity: SIMULATOR,
      canControl: true,
      pending: false,
      control: null,
      statusUri: STATUS,
    });
    expect(state.status?.eventsPerSecond).toBe(19.6);

    decisions[fraudSimulationControlPermission.name] = AuthorizeResult.DENY;
    expect(
      (await request(app).get('/api/fraud/simulation')).body.canControl,
    ).toBe(false);
  });

  it.each([
    [{}, 'absent'],
    [{ heartbeatAt: new Date(Date.now() - 60_000).toISOString() }, 'silent'],
    [{ state: 'finished' as const }, 'ended'],
  ])(
    'tells a simulator that is not there (%j) apart: %s',
    async (over, liveness) => {
      if (Object.keys(over).length) s3.put(STATUS, status(over));
      const res = await request(await start()).get('/api/fraud/simulation');
      expect(res.body.liveness).toBe(liveness);
    },
  );

  it('reports a malformed status file as an error beside the rest', async () => {
    s3.put(STATUS, { version: 1, runId: 'x', rate: 'fast' });
    const res = await request(await start())
      .get('/api/fraud/simulation')
      .expect(200);
    expect(res.body.liveness).toBe('absent');
    expect(res.body.error).toMatch(/status.json is malformed: .*rate/);
  });

  it('answers when the object store hangs, saying so', async () => {
    server.use(http.get(`${S3}/*`, async () => delay(5_000)));
    const res = await request(await start())
      .get('/api/fraud/simulation')
      .expect(200);
    expect(res.body.error).toMatch(
      /Could not read s3:\/\/warehouse\/live\/simulator\/status.json/,
    );
  });

  it('needs the dashboard read permission', async () => {
    decisions[fraudDashboardReadPermission.name] = AuthorizeResult.DENY;
    const res = await request(await start()).get('/api/fraud/simulation');
    expect(res.status).toBe(403);
  });
});

describe('POST /simulation', () => {
  it('writes control.json for the live run, audited, decided on the simulator entity', async () => {
    s3.put(STATUS, status({ appliedRevision: 3 }));
    const app = await start();
    const res = await change(app, { rate: 5, fraudPerMinute: 0 }).expect(200);
    const state = simulationStateSchema.parse(res.body);
    expect(state.pending).toBe(true);
    const written = JSON.parse(s3.text(CONTROL)!);
    expect(written).toMatchObject({
      version: 1,
      runId: 'run-1',
      revision: 4,
      running: true,
      rate: 5,
      fraudPerMinute: 0,
      updatedBy: 'user:default/ada',
    });
    expect(state.control).toEqual(written);
    expect(permissions.authorize).toHaveBeenCalledWith(
      [
        {
          permission: fraudSimulationControlPermission,
          resourceRef: SIMULATOR,
        },
      ],
      expect.anything(),
    );
    expect(auditor.createEvent).toHaveBeenCalledWith(
      expect.objectContaining({
        eventId: 'simulation-control',
        meta: {
          simulatorEntity: SIMULATOR,
          request: { rate: 5, fraudPerMinute: 0 },
        },
      }),
    );
    expect(auditEvent.success).toHaveBeenCalled();

    // Stop keeps the rates asked before; the revision goes on.
    await change(app, { running: false }).expect(200);
    expect(JSON.parse(s3.text(CONTROL)!)).toMatchObject({
      revision: 5,
      running: false,
      rate: 5,
      fraudPerMinute: 0,
    });
  });

  it.each([
    [{ rate: 1e9 }, /rate must be at most 10000/],
    [
      { rate: 40 },
      /rate 40 events\/s is more than this simulator's capacity of 32.4/,
    ],
    [{ rate: -1 }, /rate must be at least 0/],
    [{ rate: 'fast' }, /rate/],
    [{ fraudPerMinute: 7 }, /fraudPerMinute must be at most 6/],
    [{}, /say what to change/],
    [{ running: true, extra: 1 }, /extra/],
  ])(
    'refuses %j, writing nothing, audited as a failure',
    async (body, message) => {
      s3.put(STATUS, status());
      const res = await change(await start(), body);
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(message);
      expect(s3.text(CONTROL)).toBeUndefined();
      expect(auditEvent.fail).toHaveBeenCalled();
    },
  );

  it('refuses to shape a simulator that is not running, saying how to start it', async () => {
    s3.put(
      STATUS,
      status({ heartbeatAt: new Date(Date.now() - 120_000).toISOString() }),
    );
    const res = await change(await start(), { running: true });
    expect(res.status).toBe(409);
    expect(res.body.error.message).toMatch(
      /not running: its heartbeat stopped .* Submit its job first/,
    );
    expect(s3.text(CONTROL)).toBeUndefined();
  });

  it('is denied without the control permission, and the denial is audited', async () => {
    s3.put(STATUS, status());
    decisions[fraudSimulationControlPermission.name] = AuthorizeResult.DENY;
    const res = await change(await start(), { running: false });
    expect(res.status).toBe(403);
    expect(s3.text(CONTROL)).toBeUndefined();
    expect(auditEvent.fail).toHaveBeenCalled();
  });

  it('refuses a service acting on its own', async () => {
    s3.put(STATUS, status());
    const res = await change(
      await start(),
      { running: false },
      mockCredentials.service.header(),
    );
    expect(res.status).toBe(403);
    expect(res.body.error.message).toMatch(/Only users may/);
    expect(s3.text(CONTROL)).toBeUndefined();
  });

  it('loses no change to a concurrent write (control.json changed since it was read)', async () => {
    s3.put(STATUS, status());
    const app = await start();
    // Another replica writes between this one's read and its write.
    const original = s3.handlers();
    let raced = false;
    server.use(
      http.put(`${S3}/warehouse/live/simulator/control.json`, async () => {
        if (!raced) {
          raced = true;
          return new Response(
            '<Error><Code>PreconditionFailed</Code></Error>',
            { status: 412 },
          );
        }
        return undefined;
      }),
      ...original,
    );
    const res = await change(app, { rate: 10 });
    expect(res.status).toBe(409);
    expect(res.body.error.message).toMatch(
      /changed by someone else meanwhile: nothing was written/,
    );
  });
});
