import { registerMswTestHooks } from '@backstage/backend-test-utils';
import { serveHealthResponseSchema } from '@internal/plugin-recommender-common';
import { delay, http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  recommenderApplication,
  SERVE_STATUS,
  serveApplicationsAnswer,
} from '../__testUtils__/rayServe';
import type { ServeConfig } from '../config';
import { RayServe } from './RayServe';
import { serveHealth } from './serveHealth';

const DASHBOARD = 'http://ray.test:8265';
const SERVE = 'http://ray.test:8000';
const APPS = `${DASHBOARD}/api/serve/applications/`;

const server = setupServer();
registerMswTestHooks(server);

const config = (overrides: Partial<ServeConfig> = {}): ServeConfig => ({
  dashboardUrl: DASHBOARD,
  url: SERVE,
  application: 'recommender',
  timeoutMs: 300,
  maxResponseBytes: 64 * 1024,
  ...overrides,
});

const NOW = () => new Date('2026-11-30T15:25:02.000Z');

function healthy() {
  server.use(
    http.get(APPS, () => HttpResponse.json(serveApplicationsAnswer())),
    http.get(`${SERVE}/status`, () => HttpResponse.json(SERVE_STATUS)),
  );
}

describe('serveHealth', () => {
  it("reads Ray Serve's application and the service's status (as recorded from Ray 2.60)", async () => {
    healthy();
    const health = await serveHealth(new RayServe(config()), NOW);
    expect(serveHealthResponseSchema.parse(health)).toEqual({
      configured: true,
      application: 'recommender',
      status: 'RUNNING',
      message: null,
      lastDeployedAt: new Date(1796052059344.632).toISOString(),
      deployments: [
        {
          name: 'Recommender',
          status: 'HEALTHY',
          message: null,
          replicas: {
            running: 1,
            total: 1,
            target: 1,
            byState: { RUNNING: 1 },
          },
        },
      ],
      served: {
        versionId: 'rec-v3',
        loadedAt: '2026-11-30T15:21:00.667331+00:00',
        checkedAt: '2026-11-30T15:25:01.133487+00:00',
        error: null,
        users: 198,
        products: 100,
      },
      errors: [],
      checkedAt: '2026-11-30T15:25:02.000Z',
    });
  });

  it('counts replicas by state and keeps a deployment message', async () => {
    const answer = serveApplicationsAnswer();
    const app = recommenderApplication(answer);
    app.status = 'DEPLOYING';
    app.message = 'Deploying new version.';
    const deployment = app.deployments.Recommender;
    deployment.status = 'UPSCALING';
    deployment.message = 'Upscaling from 1 to 3 replicas.';
    deployment.target_num_replicas = 3;
    deployment.replicas.push(
      { ...deployment.replicas[0], state: 'STARTING' },
      { ...deployment.replicas[0], state: 'STARTING' },
    );
    server.use(
      http.get(APPS, () => HttpResponse.json(answer)),
      http.get(`${SERVE}/status`, () => HttpResponse.json(SERVE_STATUS)),
    );
    const health = await serveHealth(new RayServe(config()), NOW);
    expect(health).toMatchObject({
      status: 'DEPLOYING',
      message: 'Deploying new version.',
      deployments: [
        {
          status: 'UPSCALING',
          message: 'Upscaling from 1 to 3 replicas.',
          replicas: {
            running: 1,
            total: 3,
            target: 3,
            byState: { RUNNING: 1, STARTING: 2 },
          },
        },
      ],
    });
  });

  it('says the application is not deployed when Ray Serve runs no such application', async () => {
    const answer = serveApplicationsAnswer();
    answer.applications = { other: recommenderApplication(answer) };
    server.use(
      http.get(APPS, () => HttpResponse.json(answer)),
      http.get(`${SERVE}/status`, () =>
        HttpResponse.text('Path not found', { status: 404 }),
      ),
    );
    const health = await serveHealth(new RayServe(config()), NOW);
    serveHealthResponseSchema.parse(health);
    expect(health).toMatchObject({
      status: null,
      deployments: [],
      served: null,
    });
    expect(health.errors).toEqual([
      {
        source: 'ray-serve-api',
        message: expect.stringMatching(
          /^Ray Serve runs no application 'recommender': deploy apps\/recommender-serving/,
        ),
      },
      {
        source: 'service',
        message: `The recommendation service (${SERVE}/status) answered HTTP 404: Path not found`,
      },
    ]);
  });

  interface Fault {
    what: string;
    handler: () => any;
    message: RegExp;
  }
  const faults: Fault[] = [
    {
      what: 'a 500',
      handler: () =>
        HttpResponse.json({ error: 'Serve controller died' }, { status: 500 }),
      message: /answered Serve controller died$/,
    },
    {
      what: 'an HTML error page',
      handler: () =>
        HttpResponse.text('<html><body>\n  Bad   Gateway\n</body></html>', {
          status: 502,
        }),
      message: /answered HTTP 502: <html><body> Bad Gateway <\/body><\/html>$/,
    },
    {
      what: 'garbage',
      handler: () => HttpResponse.text('\u0000\u0001not json at all'),
      message: /answered something that is not JSON: /,
    },
    {
      what: 'JSON of another shape',
      handler: () => HttpResponse.json({ apps: [] }),
      message: /answered something that is not Ray Serve's applications: /,
    },
    {
      what: 'an application in an unknown form',
      handler: () =>
        HttpResponse.json({
          applications: { recommender: { status: 7, deployments: [] } },
        }),
      message:
        /describes application 'recommender' in a form this portal does not know/,
    },
    {
      what: 'no answer',
      handler: async () => {
        await delay('infinite');
      },
      message:
        /No answer from http:\/\/ray.test:8265\/api\/serve\/applications\/ within 300 ms/,
    },
    {
      what: 'headers, then a body that never ends',
      handler: () =>
        new HttpResponse(
          new ReadableStream({
            start(c) {
              c.enqueue(new TextEncoder().encode('{"applications": {'));
            },
          }),
          { headers: { 'content-type': 'application/json' } },
        ),
      message: /within 300 ms/,
    },
    {
      what: 'an answer too big',
      handler: () => HttpResponse.text('x'.repeat(100 * 1024)),
      message: /is larger than 65536 bytes: refused/,
    },
    {
      what: 'a connection refused',
      handler: () => HttpResponse.error(),
      message: /Failed to fetch|fetch failed|Network error/i,
    },
  ];

  it.each(faults)(
    "reports the dashboard answering $what as data, the service's status still shown",
    async ({ handler, message }) => {
      server.use(
        http.get(APPS, handler),
        http.get(`${SERVE}/status`, () => HttpResponse.json(SERVE_STATUS)),
      );
      const started = Date.now();
      const health = await serveHealth(new RayServe(config()), NOW);
      expect(Date.now() - started).toBeLessThan(2_000);
      serveHealthResponseSchema.parse(health);
      expect(health.status).toBeNull();
      expect(health.served?.versionId).toBe('rec-v3');
      expect(health.errors).toEqual([
        { source: 'ray-serve-api', message: expect.stringMatching(message) },
      ]);
    },
  );

  it.each([
    [
      'garbage',
      () => HttpResponse.text('OK'),
      /status answered something that is not JSON: OK/,
    ],
    [
      'another shape',
      () => HttpResponse.json({ version_id: 42 }),
      /is not the service's status: version_id/,
    ],
    [
      'no answer',
      async () => {
        await delay('infinite');
      },
      /No answer from http:\/\/ray.test:8000\/status within 300 ms/,
    ],
  ])(
    "reports the service's status answering %s as data",
    async (_what, handler, message) => {
      server.use(
        http.get(APPS, () => HttpResponse.json(serveApplicationsAnswer())),
        http.get(`${SERVE}/status`, handler),
      );
      const health = await serveHealth(new RayServe(config()), NOW);
      expect(health.status).toBe('RUNNING');
      expect(health.served).toBeNull();
      expect(health.errors).toEqual([
        { source: 'service', message: expect.stringMatching(message) },
      ]);
    },
  );

  it('passes on the error the service reports while the previous version keeps serving', async () => {
    server.use(
      http.get(APPS, () => HttpResponse.json(serveApplicationsAnswer())),
      http.get(`${SERVE}/status`, () =>
        HttpResponse.json({
          ...SERVE_STATUS,
          error:
            'version rec-v4 has no model files under models/recommender/versions/rec-v4/; serving rec-v3',
        }),
      ),
    );
    const health = await serveHealth(new RayServe(config()), NOW);
    expect(health.served?.error).toMatch(/rec-v4 has no model files/);
    expect(health.errors).toEqual([]);
  });

  it('says what is not configured, without calling anything', async () => {
    const none = await serveHealth(
      new RayServe(config({ dashboardUrl: undefined, url: undefined })),
      NOW,
    );
    expect(none).toMatchObject({
      configured: false,
      status: null,
      served: null,
      errors: [],
    });
    healthy();
    const onlyDashboard = await serveHealth(
      new RayServe(config({ url: undefined })),
      NOW,
    );
    expect(onlyDashboard.status).toBe('RUNNING');
    expect(onlyDashboard.errors).toEqual([
      {
        source: 'service',
        message: expect.stringMatching(/recommender.serve.url is not set/),
      },
    ]);
    const onlyService = await serveHealth(
      new RayServe(config({ dashboardUrl: undefined })),
      NOW,
    );
    expect(onlyService.served?.versionId).toBe('rec-v3');
    expect(onlyService.errors).toEqual([
      {
        source: 'ray-serve-api',
        message: expect.stringMatching(
          /recommender.serve.dashboardUrl is not set/,
        ),
      },
    ]);
  });
});

describe('RayServe.recommend', () => {
  const recommend = (userId = 'u1', k = 2) =>
    new RayServe(config()).recommend(userId, k);

  it('asks the service and answers camelCased', async () => {
    let asked: URLSearchParams | undefined;
    server.use(
      http.get(`${SERVE}/recommend`, ({ request }) => {
        asked = new URL(request.url).searchParams;
        return HttpResponse.json({
          user_id: 'u1',
          version_id: 'rec-v3',
          fallback: null,
          items: [
            { product_id: 'p1', score: 0.93 },
            { product_id: 'p2', score: 0.5 },
          ],
        });
      }),
    );
    await expect(recommend()).resolves.toEqual({
      userId: 'u1',
      versionId: 'rec-v3',
      fallback: null,
      items: [
        { productId: 'p1', score: 0.93 },
        { productId: 'p2', score: 0.5 },
      ],
    });
    expect(Object.fromEntries(asked!)).toEqual({ user_id: 'u1', k: '2' });
  });

  it.each([
    [
      "the service's 503 before any promotion, as a 503 with its message",
      () =>
        HttpResponse.json(
          {
            error:
              "no model version is promoted yet: promote one on the portal's Recommendations page",
            detail: 'no version promoted yet',
          },
          { status: 503 },
        ),
      {
        name: 'ServiceUnavailableError',
        message:
          "The recommendation service cannot answer yet: no model version is promoted yet: promote one on the portal's Recommendations page",
      },
    ],
    [
      "the service's 400, as a 400 with its message",
      () =>
        HttpResponse.json(
          { error: 'user_id is required: 1-128 letters, digits or ._:@-' },
          { status: 400 },
        ),
      {
        name: 'InputError',
        message:
          'The recommendation service refused the request: user_id is required: 1-128 letters, digits or ._:@-',
      },
    ],
    [
      'a 500, as a 502',
      () => HttpResponse.text('Internal Server Error', { status: 500 }),
      {
        name: 'BadGatewayError',
        statusCode: 502,
        message:
          'The recommendation service answered HTTP 500: Internal Server Error',
      },
    ],
    [
      'garbage, as a 502',
      () => HttpResponse.text('<<<>>>'),
      {
        name: 'BadGatewayError',
        message: expect.stringMatching(/answered something that is not JSON/),
      },
    ],
    [
      'scores that are not numbers, as a 502',
      () =>
        HttpResponse.json({
          user_id: 'u1',
          version_id: 'v',
          fallback: null,
          items: [{ product_id: 'p1', score: 'high' }],
        }),
      {
        name: 'BadGatewayError',
        message: expect.stringMatching(/is not recommendations: items/),
      },
    ],
    [
      "another user's answer, as a 502",
      () =>
        HttpResponse.json({
          user_id: 'u2',
          version_id: 'v',
          fallback: null,
          items: [],
        }),
      {
        name: 'BadGatewayError',
        message: expect.stringMatching(/answered for user u2/),
      },
    ],
    [
      'no answer, as a 502',
      async () => {
        await delay('infinite');
      },
      {
        name: 'BadGatewayError',
        message: expect.stringMatching(
          /^The recommendation service did not answer: No answer from .* within 300 ms/,
        ),
      },
    ],
  ])('passes on %s', async (_what, handler, error) => {
    server.use(http.get(`${SERVE}/recommend`, handler));
    await expect(recommend()).rejects.toMatchObject(error);
  });

  it('is a 503 saying so without recommender.serve.url', async () => {
    await expect(
      new RayServe(config({ url: undefined })).recommend('u1', 1),
    ).rejects.toMatchObject({
      name: 'ServiceUnavailableError',
      message: expect.stringMatching(
        /The recommendation service is not configured: set recommender.serve.url/,
      ),
    });
  });
});
