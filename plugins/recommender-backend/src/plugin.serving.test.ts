import {
  mockCredentials,
  mockServices,
  registerMswTestHooks,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  InMemoryObjectStore,
  mockIcebergRestCatalog,
  passthroughTestBackend,
  withTestAwsCredentials,
} from '@internal/plugin-lakehouse-node/testUtils';
import {
  recommendationsResponseSchema,
  recommenderModelReadPermission,
  serveHealthResponseSchema,
  usersResponseSchema,
} from '@internal/plugin-recommender-common';
import { delay, http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import request from 'supertest';
import {
  productRow,
  productsTable,
  userRow,
  usersTable,
} from './__testUtils__/demoTables';
import {
  SERVE_STATUS,
  serveApplicationsAnswer,
} from './__testUtils__/rayServe';
import { recommenderPlugin } from './plugin';

/**
 * The Serve health and "try it" routes as the backend runs them: msw plays the Iceberg REST
 * catalog (demo.users, demo.products as the batch job writes them), S3 (the clickstream), the
 * Ray dashboard's Serve REST API and the Serve application.
 */
const CATALOG = 'http://nessie.test:19120/iceberg';
const S3 = 'http://s3.test:8333';
const DASHBOARD = 'http://ray.test:8265';
const SERVE = 'http://serve.test:8000';
const CLICKSTREAM = 's3://warehouse/data/clickstream.json';

const server = setupServer(passthroughTestBackend());
registerMswTestHooks(server);

const RECOMMENDER = {
  catalogUri: CATALOG,
  objectStore: { endpoint: S3 },
  refreshInterval: { milliseconds: 1 },
  timeout: { seconds: 2 },
  serve: {
    dashboardUrl: DASHBOARD,
    url: SERVE,
    timeout: { milliseconds: 500 },
  },
};

const permissions = mockServices.permissions.mock();
let readDecision: AuthorizeResult.ALLOW | AuthorizeResult.DENY;
withTestAwsCredentials();

let users: ReturnType<typeof usersTable>;
let products: ReturnType<typeof productsTable>;
let tables: Map<string, any>;
let s3: InMemoryObjectStore;
/** What the Serve application's /recommend was asked. */
let asked: URLSearchParams[];

const event = (user: string, product: string, minute: number, type = 'view') =>
  JSON.stringify({
    timestamp: `2025-09-26T14:${String(minute).padStart(2, '0')}:00.000000`,
    user_id: user,
    product_id: product,
    event_type: type,
  });

beforeEach(async () => {
  jest.clearAllMocks();
  readDecision = AuthorizeResult.ALLOW;
  permissions.authorize.mockImplementation(async requests =>
    requests.map(() => ({ result: readDecision })),
  );
  users = usersTable();
  products = productsTable();
  await users.overwrite([
    userRow('u-ada', 'Ada Lovelace', '2025-03-04'),
    userRow('u-alan', 'Alan Turing'),
    userRow('u-grace', 'Grace Hopper'),
  ]);
  await products.overwrite([
    productRow('p1', 'Blue Lamp', 'home', 19.99),
    productRow('p2', 'Red Chair', 'furniture', 120),
  ]);
  tables = new Map<string, any>([
    ['demo.users', users.table],
    ['demo.products', products.table],
  ]);
  s3 = new InMemoryObjectStore({
    endpoint: S3,
    sources: [users.table, products.table],
  });
  s3.put(
    CLICKSTREAM,
    [
      event('u-ada', 'p2', 1),
      event('u-ada', 'p1', 3, 'purchase'),
      event('u-alan', 'p1', 2),
    ].join('\n'),
  );
  asked = [];
  server.use(
    ...mockIcebergRestCatalog({ baseUrl: CATALOG, tables }),
    ...s3.handlers(),
    http.get(`${DASHBOARD}/api/serve/applications/`, () =>
      HttpResponse.json(serveApplicationsAnswer()),
    ),
    http.get(`${SERVE}/status`, () => HttpResponse.json(SERVE_STATUS)),
    http.get(`${SERVE}/recommend`, ({ request: req }) => {
      const query = new URL(req.url).searchParams;
      asked.push(query);
      const userId = query.get('user_id')!;
      return HttpResponse.json({
        user_id: userId,
        version_id: 'rec-v3',
        fallback: userId === 'u-new' ? 'popularity' : null,
        items: [
          { product_id: 'p1', score: 0.93 },
          { product_id: 'p9', score: 0.41 },
        ].slice(0, Number(query.get('k'))),
      });
    }),
  );
});

async function start(recommender: object = RECOMMENDER) {
  const { server: app } = await startTestBackend({
    features: [
      recommenderPlugin,
      permissions.factory,
      mockServices.rootConfig.factory({ data: { recommender } }),
    ],
  });
  return app;
}

const ADA = mockCredentials.user.header('user:default/ada');
const get = (app: any, path: string) =>
  request(app).get(`/api/recommender${path}`).set('Authorization', ADA);

describe('GET /serve', () => {
  it("answers the application's state and the version served", async () => {
    const res = await get(await start(), '/serve');
    expect(res.status).toBe(200);
    const body = serveHealthResponseSchema.parse(res.body);
    expect(body).toMatchObject({
      configured: true,
      application: 'recommender',
      status: 'RUNNING',
      deployments: [
        { name: 'Recommender', replicas: { running: 1, total: 1 } },
      ],
      served: { versionId: 'rec-v3', users: 198, products: 100 },
      errors: [],
    });
    expect(permissions.authorize).toHaveBeenCalledWith(
      [{ permission: recommenderModelReadPermission }],
      expect.anything(),
    );
  });

  it('answers 200 with the failures as data when Ray does not answer', async () => {
    server.use(
      http.get(`${DASHBOARD}/api/serve/applications/`, async () => {
        await delay('infinite');
      }),
      http.get(`${SERVE}/status`, () =>
        HttpResponse.text('upstream connect error', { status: 503 }),
      ),
    );
    const res = await get(await start(), '/serve');
    expect(res.status).toBe(200);
    const body = serveHealthResponseSchema.parse(res.body);
    expect(body.status).toBeNull();
    expect(body.served).toBeNull();
    expect(body.errors).toEqual([
      {
        source: 'ray-serve-api',
        message: `No answer from ${DASHBOARD}/api/serve/applications/ within 500 ms`,
      },
      {
        source: 'service',
        message: `The recommendation service (${SERVE}/status) answered HTTP 503: upstream connect error`,
      },
    ]);
  });

  it('says it is not configured without recommender.serve', async () => {
    const { serve: _serve, ...withoutServe } = RECOMMENDER;
    const res = await get(await start(withoutServe), '/serve');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ configured: false, errors: [] });
  });
});

describe('GET /users', () => {
  it('finds users by id or name, by name, at most limit', async () => {
    const app = await start();
    const all = await get(app, '/users');
    expect(all.status).toBe(200);
    expect(usersResponseSchema.parse(all.body)).toEqual({
      table: 'demo.users',
      users: [
        { userId: 'u-ada', name: 'Ada Lovelace', signupDate: '2025-03-04' },
        { userId: 'u-alan', name: 'Alan Turing', signupDate: '2025-03-04' },
        { userId: 'u-grace', name: 'Grace Hopper', signupDate: '2025-03-04' },
      ],
      total: 3,
    });
    const found = await get(app, '/users?q=AL&limit=1');
    expect(found.body).toMatchObject({
      users: [{ userId: 'u-alan' }],
      total: 1,
    });
    const byName = await get(app, '/users?q=hopper');
    expect(byName.body.users.map((u: any) => u.userId)).toEqual(['u-grace']);
    const exactIdFirst = await get(app, '/users?q=u-grace&limit=100');
    expect(exactIdFirst.body.users[0].userId).toBe('u-grace');
  });

  it.each([
    [
      '?limit=0',
      /^Invalid users query: limit: must be a whole number from 1 to 100$/,
    ],
    ['?limit=101', /limit: must be a whole number from 1 to 100/],
    ['?limit=abc', /limit: must be a whole number/],
    [`?q=${'x'.repeat(129)}`, /q: must be at most 128 characters/],
    ['?q=a&q=b', /^Invalid users query: q: must be one text$/],
    ['?sort=name', /Invalid users query/],
  ])('refuses %s with a 400', async (query, message) => {
    const res = await get(await start(), `/users${query}`);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(message);
  });

  it('answers no users and a note while the batch job has not written the table', async () => {
    tables.delete('demo.users');
    const res = await get(await start(), '/users');
    expect(res.status).toBe(200);
    expect(usersResponseSchema.parse(res.body)).toEqual({
      table: 'demo.users',
      users: [],
      total: 0,
      note: 'demo.users does not exist yet: run the batch ETL job (apps/batch-etl), which writes it from the uploaded CSVs',
    });
  });

  it('says why there are no users when the catalog fails', async () => {
    server.use(
      http.get(`${CATALOG}/v1/config`, () =>
        HttpResponse.json({ message: 'down' }, { status: 500 }),
      ),
    );
    const res = await get(await start(), '/users');
    expect(res.status).toBe(200);
    expect(res.body.users).toEqual([]);
    expect(res.body.note).toMatch(
      /^Reading demo.users failed: .*\(no users yet\)$/,
    );
    expect(res.body.stale.error).toMatch(/^Reading demo.users failed/);
  });

  it('needs the read permission', async () => {
    readDecision = AuthorizeResult.DENY;
    const app = await start();
    for (const path of ['/users', '/recommendations?userId=u-ada', '/serve']) {
      const res = await get(app, path);
      expect(res.status).toBe(403);
      expect(res.body.error.message).toBe(
        'Missing permission recommender.model.read',
      );
    }
    expect(asked).toEqual([]);
  });
});

describe('GET /recommendations', () => {
  it("answers the service's products with their names, and the user's latest events", async () => {
    const res = await get(await start(), '/recommendations?userId=u-ada&k=2');
    expect(res.status).toBe(200);
    expect(recommendationsResponseSchema.parse(res.body)).toEqual({
      userId: 'u-ada',
      k: 2,
      versionId: 'rec-v3',
      fallback: null,
      items: [
        {
          rank: 1,
          productId: 'p1',
          score: 0.93,
          productName: 'Blue Lamp',
          category: 'home',
          price: 19.99,
        },
        {
          rank: 2,
          productId: 'p9',
          score: 0.41,
          productName: null,
          category: null,
          price: null,
        },
      ],
      recentEvents: [
        {
          timestamp: '2025-09-26T14:03:00.000Z',
          productId: 'p1',
          eventType: 'purchase',
          productName: 'Blue Lamp',
        },
        {
          timestamp: '2025-09-26T14:01:00.000Z',
          productId: 'p2',
          eventType: 'view',
          productName: 'Red Chair',
        },
      ],
      errors: [
        {
          source: 'products',
          message: expect.stringMatching(
            /^1 of the 2 recommended product\(s\) are not in demo.products/,
          ),
        },
      ],
    });
    expect(asked.map(q => Object.fromEntries(q))).toEqual([
      { user_id: 'u-ada', k: '2' },
    ]);
  });

  it('flags the popularity fallback for a user the model does not know', async () => {
    const res = await get(await start(), '/recommendations?userId=u-new&k=1');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      fallback: 'popularity',
      items: [{ productId: 'p1', productName: 'Blue Lamp' }],
      recentEvents: [],
      errors: [],
    });
  });

  it.each([
    ['', /^Invalid recommendations query: userId: is required \(a user id\)$/],
    ['?userId=', /userId: must be 1 to 128 letters, digits or any of/],
    ['?userId=a%20b', /userId: must be 1 to 128/],
    ['?userId=../etc', /userId: must be 1 to 128/],
    ['?userId=u&k=0', /k: must be a whole number from 1 to 100/],
    ['?userId=u&k=101', /k: must be a whole number from 1 to 100/],
    ['?userId=u&k=two', /k: must be a whole number from 1 to 100/],
  ])(
    'refuses %s with a 400, without asking the service',
    async (query, message) => {
      const res = await get(await start(), `/recommendations${query}`);
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(message);
      expect(asked).toEqual([]);
    },
  );

  it("passes on the service's 503 before any promotion, with its message", async () => {
    server.use(
      http.get(`${SERVE}/recommend`, () =>
        HttpResponse.json(
          {
            error:
              "no model version is promoted yet: promote one on the portal's Recommendations page",
            detail: 'no version promoted yet',
          },
          { status: 503 },
        ),
      ),
    );
    const res = await get(await start(), '/recommendations?userId=u-ada');
    expect(res.status).toBe(503);
    expect(res.body.error.message).toBe(
      "The recommendation service cannot answer yet: no model version is promoted yet: promote one on the portal's Recommendations page",
    );
  });

  it("passes on the service's 400", async () => {
    server.use(
      http.get(`${SERVE}/recommend`, () =>
        HttpResponse.json(
          { error: 'k must be a whole number' },
          { status: 400 },
        ),
      ),
    );
    const res = await get(await start(), '/recommendations?userId=u-ada');
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe(
      'The recommendation service refused the request: k must be a whole number',
    );
  });

  it.each([
    [
      'does not answer',
      async () => {
        await delay('infinite');
      },
      /^The recommendation service did not answer: No answer from .* within 500 ms$/,
    ],
    [
      'answers a 500',
      () =>
        HttpResponse.text('Traceback (most recent call last)', { status: 500 }),
      /^The recommendation service answered HTTP 500: Traceback/,
    ],
    [
      'answers garbage',
      () => HttpResponse.json({ recommendations: 'yes' }),
      /answered something that is not recommendations/,
    ],
  ])('answers 502 when the service %s', async (_what, handler, message) => {
    server.use(http.get(`${SERVE}/recommend`, handler));
    const started = Date.now();
    const res = await get(await start(), '/recommendations?userId=u-ada');
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(res.status).toBe(502);
    expect(res.body.error.message).toMatch(message);
  });

  it('answers the recommendations without names or events when those sources fail', async () => {
    tables.delete('demo.products');
    s3.objects.delete(CLICKSTREAM);
    const res = await get(await start(), '/recommendations?userId=u-ada&k=1');
    expect(res.status).toBe(200);
    const body = recommendationsResponseSchema.parse(res.body);
    expect(body.items).toEqual([
      {
        rank: 1,
        productId: 'p1',
        score: 0.93,
        productName: null,
        category: null,
        price: null,
      },
    ]);
    expect(body.recentEvents).toEqual([]);
    expect(body.errors).toEqual([
      {
        source: 'clickstream',
        message: `${CLICKSTREAM} does not exist: no events to show (lp datagen or the upstream uploader writes it)`,
      },
      {
        source: 'products',
        message: expect.stringMatching(/^demo.products does not exist yet/),
      },
    ]);
  });

  it('answers 503 saying so without recommender.serve.url', async () => {
    const res = await get(
      await start({ ...RECOMMENDER, serve: { dashboardUrl: DASHBOARD } }),
      '/recommendations?userId=u-ada',
    );
    expect(res.status).toBe(503);
    expect(res.body.error.message).toMatch(
      /not configured: set recommender.serve.url/,
    );
  });
});
