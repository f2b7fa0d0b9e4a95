import {
  mockCredentials,
  mockServices,
  registerMswTestHooks,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { setupServer } from 'msw/node';
import request from 'supertest';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import { lakehousePlugin } from './plugin';
import { manualScheduler } from './__testUtils__/manualScheduler';
import { pollTaskId } from './snapshots/SnapshotStore';
import {
  fixtureEngineHandlers,
  fixtureEnginesConfig,
  FLINK_FAILED_JOB_ID,
  passthroughTestBackend,
  RAY_FAILED_JOB_ID,
} from './__testUtils__/fixtureEngines';

const server = setupServer(passthroughTestBackend);
registerMswTestHooks(server);

async function startBackend(
  result: AuthorizeResult.ALLOW | AuthorizeResult.DENY = AuthorizeResult.ALLOW,
) {
  server.use(...fixtureEngineHandlers());
  const { server: app } = await startTestBackend({
    features: [
      lakehousePlugin,
      mockServices.rootConfig.factory({
        data: {
          // msw answers for the engines on this thread only
          lakehouse: {
            pollInWorkerThread: false,
            engines: fixtureEnginesConfig,
          },
        },
      }),
      mockServices.permissions.factory({ result }),
    ],
  });
  return app;
}

describe('lakehouse backend', () => {
  it('serves /health without credentials', async () => {
    const app = await startBackend();
    const res = await request(app)
      .get('/api/lakehouse/health')
      .set('Authorization', mockCredentials.none.header());
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it.each([
    '/engines',
    '/engines/spark/local',
    '/jobs',
    `/jobs/flink/local/${FLINK_FAILED_JOB_ID}`,
  ])('answers 401 without credentials on %s', async path => {
    const app = await startBackend();
    const res = await request(app)
      .get(`/api/lakehouse${path}`)
      .set('Authorization', mockCredentials.none.header());
    expect(res.status).toBe(401);
  });

  it("signals open pages when a poll sees an instance's jobs change, and only then", async () => {
    server.use(...fixtureEngineHandlers());
    const publish = jest.fn(async () => {});
    const scheduler = manualScheduler();
    await startTestBackend({
      features: [
        lakehousePlugin,
        scheduler.factory,
        createServiceFactory({
          service: signalsServiceRef,
          deps: {},
          factory: () => ({ publish }),
        }),
        mockServices.rootConfig.factory({
          data: {
            lakehouse: {
              pollInWorkerThread: false,
              engines: fixtureEnginesConfig,
            },
          },
        }),
      ],
    });
    await scheduler.runTask(pollTaskId('spark', 'local'));
    expect(publish).toHaveBeenCalledTimes(1);
    expect(publish).toHaveBeenCalledWith({
      recipients: { type: 'broadcast' },
      channel: 'lakehouse:jobs',
      message: expect.objectContaining({
        engine: 'spark',
        instance: 'local',
        changed: expect.any(Number),
      }),
    });
    // The same jobs again: nothing changed, nothing is pushed.
    await scheduler.runTask(pollTaskId('spark', 'local'));
    expect(publish).toHaveBeenCalledTimes(1);
  });

  it('answers 403 when lakehouse.status.read is denied', async () => {
    const app = await startBackend(AuthorizeResult.DENY);
    const res = await request(app).get('/api/lakehouse/engines');
    expect(res.status).toBe(403);
    expect(res.body.error).toEqual({
      name: 'NotAllowedError',
      message: 'Missing permission lakehouse.status.read',
    });
  });

  it('lists every instance with its cluster and job counts', async () => {
    const app = await startBackend();
    const res = await request(app).get('/api/lakehouse/engines').expect(200);
    expect(
      res.body.items.map((i: any) => [
        i.engine,
        i.instance,
        i.error,
        i.cluster.nodes,
        i.jobCounts,
      ]),
    ).toEqual([
      [
        'spark',
        'local',
        undefined,
        { alive: 1, total: 1 },
        {
          PENDING: 0,
          RUNNING: 0,
          SUCCEEDED: 3,
          FAILED: 1,
          CANCELLED: 0,
          UNKNOWN: 0,
        },
      ],
      [
        'flink',
        'local',
        undefined,
        { alive: 1, total: 1 },
        {
          PENDING: 0,
          RUNNING: 0,
          SUCCEEDED: 3,
          FAILED: 1,
          CANCELLED: 1,
          UNKNOWN: 0,
        },
      ],
      [
        'ray',
        'local',
        undefined,
        { alive: 1, total: 1 },
        {
          PENDING: 0,
          RUNNING: 0,
          SUCCEEDED: 1,
          FAILED: 1,
          CANCELLED: 0,
          UNKNOWN: 0,
        },
      ],
    ]);
    expect(res.body.items[0].ageMs).toBeGreaterThanOrEqual(0);
    expect(res.body.items[0].data).toBeUndefined();
  });

  it('adds the first page of jobs of each instance of one engine when asked', async () => {
    const app = await startBackend();
    const res = await request(app)
      .get('/api/lakehouse/engines?engine=flink&firstJobs=2')
      .expect(200);
    expect(res.body.items.map((i: any) => i.engine)).toEqual(['flink']);
    const jobs = await request(app)
      .get('/api/lakehouse/jobs?engine=flink&instance=local&limit=2')
      .expect(200);
    expect(res.body.items[0].firstJobs).toEqual(jobs.body);
    expect(res.body.items[0].firstJobs.items).toHaveLength(2);
    const plain = await request(app).get('/api/lakehouse/engines').expect(200);
    expect(plain.body.items[0].firstJobs).toBeUndefined();
  });

  it.each([
    ['firstJobs=0', "Invalid query parameter 'firstJobs'"],
    ['firstJobs=101', "Invalid query parameter 'firstJobs'"],
    ['engine=hadoop', "Invalid query parameter 'engine'"],
    ['jobs=10', "Invalid query parameter 'jobs'"],
  ])('answers 400 on /engines for %s', async (query, message) => {
    const app = await startBackend();
    const res = await request(app)
      .get(`/api/lakehouse/engines?${query}`)
      .expect(400);
    expect(res.body.error.message).toContain(message);
  });

  it('serves one instance with its jobs, 404 for unknown instances', async () => {
    const app = await startBackend();
    const res = await request(app)
      .get('/api/lakehouse/engines/flink/local')
      .expect(200);
    expect(res.body.data.jobs).toHaveLength(5);
    const missing = await request(app)
      .get('/api/lakehouse/engines/flink/prod')
      .expect(404);
    expect(missing.body.error.message).toBe(
      "No flink instance 'prod' is configured",
    );
  });

  it.each([
    ['limit=abc', "Invalid query parameter 'limit'"],
    ['limit=0', "Invalid query parameter 'limit'"],
    ['offset=-1', "Invalid query parameter 'offset'"],
    [
      'state=DONE',
      "Invalid query parameter 'state': must be a comma-separated list of PENDING",
    ],
    ['engine=hadoop', "Invalid query parameter 'engine'"],
    ['pagesize=10', "Invalid query parameter 'pagesize'"],
  ])('answers 400 for %s', async (query, message) => {
    const app = await startBackend();
    const res = await request(app)
      .get(`/api/lakehouse/jobs?${query}`)
      .expect(400);
    expect(res.body.error.name).toBe('InputError');
    expect(res.body.error.message).toContain(message);
  });

  it('filters by state across engines, newest first', async () => {
    const app = await startBackend();
    const res = await request(app)
      .get('/api/lakehouse/jobs?state=FAILED,CANCELLED')
      .expect(200);
    expect(
      res.body.items.map((j: any) => [j.engine, j.name, j.state, j.rawState]),
    ).toEqual([
      ['spark', 'driver-20261126183924-0001', 'FAILED', 'FAILED'],
      ['flink', 'fixture-fail', 'FAILED', 'FAILED'],
      ['ray', 'fixture-fail', 'FAILED', 'FAILED'],
      ['flink', 'fixture-stream', 'CANCELLED', 'CANCELED'],
    ]);
    expect(res.body.total).toBe(4);
  });

  it('searches by name or id and filters by engine', async () => {
    const app = await startBackend();
    const byName = await request(app)
      .get('/api/lakehouse/jobs?q=FIXTURE-OK&engine=ray')
      .expect(200);
    expect(byName.body.items.map((j: any) => j.id)).toEqual([
      'raysubmit_ijkVRTQF4RKcrHEX',
    ]);
    const byId = await request(app)
      .get(`/api/lakehouse/jobs?q=${FLINK_FAILED_JOB_ID.slice(0, 8)}`)
      .expect(200);
    expect(byId.body.items.map((j: any) => j.name)).toEqual(['fixture-fail']);
  });

  it('pages with a stable total', async () => {
    const app = await startBackend();
    const all = await request(app)
      .get('/api/lakehouse/jobs?limit=500')
      .expect(200);
    expect(all.body.total).toBe(11);
    const page = await request(app)
      .get('/api/lakehouse/jobs?limit=4&offset=4')
      .expect(200);
    expect(page.body).toMatchObject({
      total: 11,
      limit: 4,
      offset: 4,
      errors: [],
    });
    expect(page.body.items.map((j: any) => j.id)).toEqual(
      all.body.items.slice(4, 8).map((j: any) => j.id),
    );
  });

  it('serves Flink job details with exceptions, and Ray logs', async () => {
    const app = await startBackend();
    const flink = await request(app)
      .get(`/api/lakehouse/jobs/flink/local/${FLINK_FAILED_JOB_ID}`)
      .expect(200);
    expect(flink.body.job).toMatchObject({
      name: 'fixture-fail',
      state: 'FAILED',
    });
    expect(flink.body.detail.vertices.length).toBeGreaterThan(0);
    expect(flink.body.detail.exceptions[0].name).toBe(
      'org.apache.flink.runtime.JobException',
    );
    expect(flink.body.detail.checkpoints).toBeNull();

    const ray = await request(app)
      .get(`/api/lakehouse/jobs/ray/local/${RAY_FAILED_JOB_ID}`)
      .expect(200);
    expect(ray.body.job).toMatchObject({
      name: 'fixture-fail',
      state: 'FAILED',
    });
    expect(ray.body.detail).toMatchObject({
      driverExitCode: 3,
      logsTruncated: false,
      logsError: null,
    });
    expect(ray.body.detail.logs).toContain('fixture fail');
  });

  it('answers 404 for unknown jobs and 400 for malformed job ids', async () => {
    const app = await startBackend();
    await request(app)
      .get('/api/lakehouse/jobs/ray/local/raysubmit_unknown')
      .expect(404);
    const bad = await request(app)
      .get('/api/lakehouse/jobs/ray/local/..%2Fapi')
      .expect(400);
    expect(bad.body.error.message).toContain("Invalid path parameter 'jobId'");
  });
});
