import {
  mockServices,
  registerMswTestHooks,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { delay, http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import request from 'supertest';
import { lakehousePlugin } from './plugin';
import { pollTaskId } from './snapshots/SnapshotStore';
import { expectLakehouseContract } from '@internal/plugin-lakehouse-common/testUtils';
import {
  ENGINE_URLS,
  FLINK_FAILED_JOB_ID,
  fixtureEngineHandlers,
  fixtureEnginesConfig,
  passthroughTestBackend,
} from './__testUtils__/fixtureEngines';
import { manualScheduler } from './__testUtils__/manualScheduler';

const server = setupServer(passthroughTestBackend);
registerMswTestHooks(server);

/** 3 engines: Spark healthy, Flink hanging past its timeout, Ray answering 500. */
const config = {
  lakehouse: {
    pollInWorkerThread: false, // msw answers for the engines on this thread only
    engines: {
      spark: [{ name: 'ok', url: ENGINE_URLS.spark, timeout: '300ms' }],
      flink: [{ name: 'slow', url: ENGINE_URLS.flink, timeout: '300ms' }],
      ray: [{ name: 'broken', url: ENGINE_URLS.ray, timeout: '300ms' }],
    },
  },
};

let flinkCalls = 0;
function faultyHandlers() {
  return [
    http.get(`${ENGINE_URLS.flink}/*`, async () => {
      flinkCalls++;
      await delay(30_000);
      return HttpResponse.json({});
    }),
    http.get(`${ENGINE_URLS.ray}/*`, () =>
      HttpResponse.text('upstream exploded', { status: 500 }),
    ),
    ...fixtureEngineHandlers(),
  ];
}

describe('one engine down, the others intact', () => {
  it('answers GET /engines within a second with the healthy engine intact', async () => {
    server.use(...faultyHandlers());
    const scheduler = manualScheduler();
    const { server: app } = await startTestBackend({
      features: [
        lakehousePlugin,
        mockServices.rootConfig.factory({ data: config }),
        scheduler.factory,
      ],
    });

    // One poll each (the interval's first tick), then another poll of the hanging engine is in flight while the status is read.
    await Promise.all([
      scheduler.runTask(pollTaskId('spark', 'ok')),
      scheduler.runTask(pollTaskId('flink', 'slow')),
      scheduler.runTask(pollTaskId('ray', 'broken')),
    ]);
    const polling = scheduler.runTask(pollTaskId('flink', 'slow'));
    const started = Date.now();
    const res = await request(app).get('/api/lakehouse/engines').expect(200);
    expect(Date.now() - started).toBeLessThan(1_000);

    const [spark, flink, ray] = res.body.items;
    expect(spark).toMatchObject({
      engine: 'spark',
      instance: 'ok',
      cluster: { nodes: { alive: 1, total: 1 } },
    });
    expect(spark.error).toBeUndefined();
    expect(spark.jobCounts.SUCCEEDED).toBe(3);
    expect(flink).toMatchObject({
      engine: 'flink',
      instance: 'slow',
      error: {
        kind: 'timeout',
        message: expect.stringContaining('within 300 ms'),
      },
    });
    expect(flink.cluster).toBeUndefined();
    expect(ray).toMatchObject({
      engine: 'ray',
      instance: 'broken',
      error: {
        kind: 'http',
        status: 500,
        message: expect.stringContaining('answered HTTP 500'),
      },
    });

    // Jobs of the healthy engine are listed, the failing ones are reported beside them.
    const jobs = await request(app).get('/api/lakehouse/jobs').expect(200);
    expect(jobs.body.total).toBe(4);
    expect(jobs.body.errors.map((e: any) => [e.engine, e.error.kind])).toEqual([
      ['flink', 'timeout'],
      ['ray', 'http'],
    ]);
    await polling;
    expect(flinkCalls).toBeGreaterThanOrEqual(2);
  });

  it('answers 503 for the details of a job on an engine that does not answer', async () => {
    server.use(...faultyHandlers());
    const { server: app } = await startTestBackend({
      features: [
        lakehousePlugin,
        mockServices.rootConfig.factory({ data: config }),
      ],
    });
    const res = await request(app)
      .get('/api/lakehouse/jobs/ray/broken/raysubmit_x')
      .expect(503);
    expect(res.body.error.message).toContain(
      "ray instance 'broken' did not answer",
    );
  });

  it('serves a job detail whose optional parts failed, naming those parts', async () => {
    const spark = 'http://spark-rest.test:6066';
    server.use(
      http.get(`${spark}/v1/submissions/status/:id`, () =>
        HttpResponse.json({ message: 'boom' }, { status: 500 }),
      ),
      http.get(`${ENGINE_URLS.flink}/jobs/:id/exceptions`, () =>
        HttpResponse.text('not json', {
          headers: { 'content-type': 'application/json' },
        }),
      ),
      ...fixtureEngineHandlers(),
    );
    const { server: app } = await startTestBackend({
      features: [
        lakehousePlugin,
        mockServices.rootConfig.factory({
          data: {
            lakehouse: {
              pollInWorkerThread: false,
              engines: {
                ...fixtureEnginesConfig,
                spark: [{ ...fixtureEnginesConfig.spark[0], restUrl: spark }],
              },
            },
          },
        }),
      ],
    });
    const driver = await request(app)
      .get('/api/lakehouse/jobs/spark/local/driver-20261126183843-0000')
      .expect(200)
      .expect(expectLakehouseContract);
    expect(driver.body.detail.driver).toBeDefined();
    expect(driver.body.detail.submission).toBeUndefined();
    expect(driver.body.detail.sectionErrors).toEqual([
      { section: 'submission', message: expect.stringContaining('500') },
    ]);
    // Flink's 404 for checkpoints means "none"; a garbled exception history is a failed part.
    const flink = await request(app)
      .get(`/api/lakehouse/jobs/flink/local/${FLINK_FAILED_JOB_ID}`)
      .expect(200)
      .expect(expectLakehouseContract);
    expect(flink.body.detail.checkpoints).toBeNull();
    expect(flink.body.detail.exceptions).toEqual([]);
    expect(flink.body.detail.sectionErrors).toEqual([
      { section: 'exceptions', message: expect.any(String) },
    ]);
  });

  it('keeps garbage and oversized answers as per-engine errors', async () => {
    const huge = 'x'.repeat(11 * 1024 * 1024);
    server.use(
      http.get(
        `${ENGINE_URLS.flink}/*`,
        () =>
          new HttpResponse(`{"a":"${huge}"}`, {
            headers: { 'content-type': 'application/json' },
          }),
      ),
      http.get(`${ENGINE_URLS.ray}/*`, () =>
        HttpResponse.json({ unexpected: true }),
      ),
      ...fixtureEngineHandlers(),
    );
    const { server: app } = await startTestBackend({
      features: [
        lakehousePlugin,
        mockServices.rootConfig.factory({ data: config }),
      ],
    });
    const res = await request(app).get('/api/lakehouse/engines').expect(200);
    expect(res.body.items.map((i: any) => [i.engine, i.error?.kind])).toEqual([
      ['spark', undefined],
      ['flink', 'too-large'],
      ['ray', 'malformed'],
    ]);
  });
});

describe('a Kubernetes cluster failing, per engine', () => {
  const API = 'https://k8s.test:6443';
  const k8sConfig = {
    kubernetes: {
      clusterLocatorMethods: [
        {
          type: 'config',
          clusters: [
            {
              name: 'platform',
              url: API,
              authProvider: 'serviceAccount',
              serviceAccountToken: 'test-token',
            },
          ],
        },
      ],
    },
    lakehouse: {
      pollInWorkerThread: false,
      engines: { spark: [{ name: 'ok', url: ENGINE_URLS.spark }] },
      // Lists only: the watch has its own tests (CustomResourceWatch.test.ts, kubernetes.integration.ts).
      kubernetes: {
        clusters: [{ name: 'platform', timeout: '300ms', watch: false }],
      },
    },
  };

  it('keeps RBAC refusals, garbage and hanging lists as errors of their engine only', async () => {
    const auth: (string | null)[] = [];
    server.use(
      http.get(`${API}/apis/ray.io/v1/rayclusters`, ({ request: r }) => {
        auth.push(r.headers.get('authorization'));
        return HttpResponse.json(
          { kind: 'Status', code: 403, reason: 'Forbidden' },
          { status: 403 },
        );
      }),
      http.get(`${API}/apis/ray.io/v1/*`, () =>
        HttpResponse.json({ kind: 'List', items: [] }),
      ),
      http.get(`${API}/apis/sparkoperator.k8s.io/*`, () =>
        HttpResponse.json({ kind: 'List', oops: true }),
      ),
      http.get(`${API}/apis/flink.apache.org/*`, async () => {
        await delay(30_000);
        return HttpResponse.json({ items: [] });
      }),
      ...fixtureEngineHandlers(),
    );
    const scheduler = manualScheduler();
    const { server: app } = await startTestBackend({
      features: [
        lakehousePlugin,
        mockServices.rootConfig.factory({ data: k8sConfig }),
        scheduler.factory,
      ],
    });
    await Promise.all(
      (['spark', 'flink', 'ray'] as const).map(e =>
        scheduler.runTask(pollTaskId(e, 'platform')),
      ),
    );
    await scheduler.runTask(pollTaskId('spark', 'ok'));
    const res = await request(app).get('/api/lakehouse/engines').expect(200);
    const byId = Object.fromEntries(
      res.body.items.map((i: any) => [`${i.engine}/${i.instance}`, i]),
    );
    expect(byId['spark/ok'].error).toBeUndefined();
    expect(byId['spark/platform'].error).toMatchObject({
      kind: 'malformed',
      message: expect.stringContaining('without an items list'),
    });
    expect(byId['flink/platform'].error).toMatchObject({
      kind: 'timeout',
      message: expect.stringContaining('within 300 ms'),
    });
    expect(byId['ray/platform'].error).toMatchObject({
      kind: 'http',
      status: 403,
      message: expect.stringContaining('service account may not do this'),
    });
    expect(auth).toEqual(['Bearer test-token']);
  });

  it('says where the token should come from when there is none', async () => {
    const scheduler = manualScheduler();
    const [cluster] = k8sConfig.kubernetes.clusterLocatorMethods[0].clusters;
    const { serviceAccountToken: _, ...withoutToken } = cluster;
    const { server: app } = await startTestBackend({
      features: [
        lakehousePlugin,
        mockServices.rootConfig.factory({
          data: {
            ...k8sConfig,
            kubernetes: {
              clusterLocatorMethods: [
                { type: 'config', clusters: [withoutToken] },
              ],
            },
          },
        }),
        scheduler.factory,
      ],
    });
    await scheduler.runTask(pollTaskId('ray', 'platform'));
    const res = await request(app)
      .get('/api/lakehouse/engines/ray/platform')
      .expect(200);
    expect(res.body.error).toMatchObject({
      kind: 'unreachable',
      message: expect.stringContaining('set serviceAccountToken'),
    });
  });
});
