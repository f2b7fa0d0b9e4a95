import {
  coreServices,
  createBackendPlugin,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import {
  mockCredentials,
  mockServices,
  registerMswTestHooks,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { httpAuthServiceFactory } from '@backstage/backend-defaults/httpAuth';
import { permissionRules } from '@backstage/plugin-catalog-backend/alpha';
import { catalogEntityPermissionResourceRef } from '@backstage/plugin-catalog-node/alpha';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import kubernetesBackend from '@backstage/plugin-kubernetes-backend';
import permissionBackend from '@backstage/plugin-permission-backend';
// eslint-disable-next-line @backstage/no-mixed-plugin-imports -- a whole-stack test of the policy needs the plugin whose rule it evaluates
import lakehousePlugin from '@internal/plugin-lakehouse-backend';
import {
  FixtureTable,
  InMemoryObjectStore,
  mockIcebergRestCatalog,
  passthroughTestBackend,
  withTestAwsCredentials,
} from '@internal/plugin-lakehouse-node/testUtils';
// eslint-disable-next-line @backstage/no-mixed-plugin-imports -- the policy's recommender rule, through the plugin that asks for it
import recommenderPlugin from '@internal/plugin-recommender-backend';
// eslint-disable-next-line @backstage/no-mixed-plugin-imports -- the policy's simulation rule, through the plugin that asks for it
import fraudPlugin from '@internal/plugin-fraud-backend';
import { simulatorStatus } from '@internal/plugin-fraud-common/testUtils';
import JSZip from 'jszip';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import request from 'supertest';
import { lakehousePolicyModule } from './module';

/**
 * The permission matrix through the whole stack: the real permission backend with this policy, the
 * lakehouse plugin evaluating its job-ownership rule, the Kubernetes backend's proxy, and the
 * auditor seeing every decision. Identities are the test backend's signed tokens; the Ray dashboard
 * is played by msw so that each call the portal makes to it is counted.
 */
const RAY = 'http://ray.test:8265';
const GROUPS: Record<string, string[]> = {
  'user:default/ada': ['group:default/data-platform'],
  'user:default/dave': ['group:default/data-platform'],
  'user:default/carol': [
    'group:default/data-platform',
    'group:default/fraud-team',
  ],
  'user:default/bob': ['group:default/marketing'],
  'user:default/root': ['group:default/platform-admins'],
};
const rayJobs = [
  {
    submission_id: 'raysubmit_fraud',
    job_id: '01',
    status: 'RUNNING',
    entrypoint: 'python sim.py',
    metadata: { name: 'fraud-sim' },
    start_time: 1,
    end_time: null,
    type: 'SUBMISSION',
  },
];
const engineWrites: string[] = [];

/**
 * The recommender's data: one ready model version in an Iceberg table behind a REST catalog, its
 * artifacts in S3 (both played by msw), and the serving app's entity, owned by the fraud team.
 */
const NESSIE = 'http://nessie.test:19120/iceberg';
const S3 = 'http://s3.test:8333';
const versionsTable = new FixtureTable({
  location: 's3://warehouse/recsys/model_versions',
  columns: [
    { name: 'version_id', type: 'string' },
    { name: 'created_at', type: 'timestamptz' },
    { name: 'status', type: 'string' },
    { name: 'artifact_uri', type: 'string' },
    { name: 'data_source', type: 'string' },
    { name: 'params', type: 'string' },
  ],
});
const objectStore = new InMemoryObjectStore({
  endpoint: S3,
  sources: [versionsTable],
});
async function trainVersions(...versionIds: string[]) {
  for (const [i, versionId] of versionIds.entries()) {
    const prefix = `models/recommender/versions/${versionId}/`;
    await versionsTable.append([
      {
        version_id: versionId,
        created_at: Date.UTC(2026, 0, 1, i),
        status: 'ready',
        artifact_uri: `s3://warehouse/${prefix}`,
        data_source: 's3://warehouse/clickstream.json',
        params: '{}',
      },
    ]);
    objectStore.put(`s3://warehouse/${prefix}model.npz`, 'npz');
    objectStore.put(`s3://warehouse/${prefix}model.json`, {
      format: 'lakehouse-recommender/1',
      version_id: versionId,
      created_at: '2026-01-01T00:00:00Z',
      user_ids: ['u1'],
      product_ids: ['p1'],
      params: {},
      metrics: {},
      data: {},
    });
  }
}
const servingEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'recommendation-service', namespace: 'default' },
  spec: { type: 'service', lifecycle: 'production', owner: 'fraud-team' },
  relations: [{ type: 'ownedBy', targetRef: 'group:default/fraud-team' }],
};

const simulatorEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'clickstream-simulator', namespace: 'default' },
  spec: { type: 'ray-job', lifecycle: 'production', owner: 'fraud-team' },
  relations: [{ type: 'ownedBy', targetRef: 'group:default/fraud-team' }],
};
const ENTITIES: Record<string, Entity> = {
  'component:default/recommendation-service': servingEntity,
  'component:default/clickstream-simulator': simulatorEntity,
};

/**
 * The catalog's side of a conditional decision on an entity: its resource type with its real
 * rules (isEntityOwner on the entity's ownedBy relations), over a fixed entity instead of the
 * catalog's database. The permission backend calls it as it calls the real catalog.
 */
const catalogPermissionsStandIn = createBackendPlugin({
  pluginId: 'catalog',
  register({ registerInit }) {
    registerInit({
      deps: { permissionsRegistry: coreServices.permissionsRegistry },
      async init({ permissionsRegistry }) {
        permissionsRegistry.addResourceType({
          resourceRef: catalogEntityPermissionResourceRef,
          rules: Object.values(permissionRules),
          getResources: async refs => refs.map(ref => ENTITIES[ref]),
        });
      },
    });
  },
});

const server = setupServer(
  ...mockIcebergRestCatalog({
    baseUrl: NESSIE,
    tables: new Map([['recsys.model_versions', versionsTable]]),
  }),
  ...objectStore.handlers(),
  passthroughTestBackend(),
  http.get(`${RAY}/api/jobs/`, () => HttpResponse.json(rayJobs)),
  http.get(`${RAY}/api/v0/nodes`, () =>
    HttpResponse.json({
      result: true,
      msg: '',
      data: {
        result: {
          total: 0,
          num_after_truncation: 0,
          num_filtered: 0,
          result: [],
          partial_failure_warning: '',
          warnings: null,
        },
      },
    }),
  ),
  http.get(`${RAY}/api/cluster_status`, () =>
    HttpResponse.json({
      result: true,
      msg: '',
      data: { clusterStatus: { loadMetricsReport: { usage: {} } } },
    }),
  ),
  http.get(`${RAY}/api/serve/applications/`, () =>
    HttpResponse.text('no serve', { status: 501 }),
  ),
  http.put(`${RAY}/api/packages/gcs/:pkg`, () => {
    engineWrites.push('upload');
    return HttpResponse.json({});
  }),
  http.post(`${RAY}/api/jobs/`, () => {
    engineWrites.push('submit');
    return HttpResponse.json({ submission_id: 'raysubmit_ada' });
  }),
  http.post(`${RAY}/api/jobs/:id/stop`, ({ params }) => {
    engineWrites.push(`stop ${params.id}`);
    return HttpResponse.json({ stopped: true });
  }),
);
registerMswTestHooks(server);

/**
 * The test backend's auth, except that a token one plugin gets on behalf of a user authenticates
 * with the calling plugin as its actor, as real on-behalf-of tokens do. The permission backend
 * calls the lakehouse plugin's apply-conditions endpoint with such a token, and that endpoint
 * refuses user tokens without an actor.
 */
const onBehalfOfAuth = createServiceFactory({
  service: coreServices.auth,
  deps: { plugin: coreServices.pluginMetadata },
  factory({ plugin }) {
    const inner = mockServices.auth({ pluginId: plugin.getId() });
    return {
      getNoneCredentials: () => inner.getNoneCredentials(),
      getOwnServiceCredentials: () => inner.getOwnServiceCredentials(),
      isPrincipal: inner.isPrincipal.bind(inner) as typeof inner.isPrincipal,
      getPluginRequestToken: o => inner.getPluginRequestToken(o),
      getLimitedUserToken: c => inner.getLimitedUserToken(c),
      listPublicServiceKeys: () => inner.listPublicServiceKeys(),
      async authenticate(token, options) {
        const credentials = await inner.authenticate(token, options);
        const prefix = 'mock-service-token:';
        if (
          token.startsWith(prefix) &&
          JSON.parse(token.slice(prefix.length)).obo &&
          inner.isPrincipal(credentials, 'user')
        ) {
          return mockCredentials.user(credentials.principal.userEntityRef, {
            actor: { subject: 'plugin:on-behalf-of-caller' },
          }) as any;
        }
        return credentials;
      },
    };
  },
});

const auditor = mockServices.auditor.mock();
const auditEvent = {
  success: jest.fn(async () => {}),
  fail: jest.fn(async (_: { error: Error }) => {}),
};

async function startPortal() {
  auditor.createEvent.mockResolvedValue(auditEvent);
  const { server: app } = await startTestBackend({
    features: [
      onBehalfOfAuth,
      httpAuthServiceFactory, // reads tokens through the auth above
      permissionBackend,
      lakehousePolicyModule,
      lakehousePlugin,
      recommenderPlugin,
      fraudPlugin,
      catalogPermissionsStandIn,
      kubernetesBackend,
      auditor.factory,
      catalogServiceMock.factory({
        entities: [
          {
            apiVersion: 'backstage.io/v1alpha1',
            kind: 'Component',
            metadata: {
              name: 'fraud-simulator',
              annotations: {
                'lakehouse.io/engine': 'ray',
                'lakehouse.io/job-name': 'fraud-sim',
              },
            },
            spec: {
              type: 'service',
              lifecycle: 'production',
              owner: 'fraud-team',
            },
          },
        ],
      }),
      createServiceFactory({
        service: coreServices.userInfo,
        deps: {},
        factory: () => ({
          async getUserInfo(credentials) {
            const ref = (credentials.principal as { userEntityRef: string })
              .userEntityRef;
            return {
              userEntityRef: ref,
              ownershipEntityRefs: [ref, ...(GROUPS[ref] ?? [])],
            };
          },
        }),
      }),
      mockServices.rootConfig.factory({
        data: {
          permission: { enabled: true },
          recommender: {
            catalogUri: NESSIE,
            objectStore: { endpoint: S3 },
          },
          fraud: {
            catalogUri: NESSIE,
            objectStore: { endpoint: S3 },
          },
          lakehouse: {
            pollInWorkerThread: false,
            engines: { ray: [{ name: 'local', url: RAY }] },
            permissions: {
              jobSubmitters: ['group:default/data-platform'],
              admins: ['group:default/platform-admins'],
            },
          },
          kubernetes: {
            serviceLocatorMethod: { type: 'multiTenant' },
            clusterLocatorMethods: [
              {
                type: 'config',
                clusters: [
                  {
                    name: 'platform',
                    url: 'http://127.0.0.1:9',
                    authProvider: 'serviceAccount',
                    serviceAccountToken: 'not-used',
                  },
                ],
              },
            ],
          },
        },
      }),
    ],
  });
  return app;
}

const as = (ref: string) => mockCredentials.user.header(ref);

async function zipBase64() {
  const zip = new JSZip();
  zip.file('main.py', 'print(1)');
  return (await zip.generateAsync({ type: 'nodebuffer' })).toString('base64');
}

describe('the permission matrix, through the whole backend', () => {
  let app: Awaited<ReturnType<typeof startPortal>>;
  // The recommender's and the simulation's S3 clients: the AWS default chain.
  withTestAwsCredentials();
  beforeAll(async () => {
    await trainVersions('rec-1', 'rec-2');
    app = await startPortal();
  });
  beforeEach(() => {
    engineWrites.length = 0;
    jest.clearAllMocks();
    auditor.createEvent.mockResolvedValue(auditEvent);
  });

  const submit = async (authorization: string) =>
    request(app)
      .post('/api/lakehouse/jobs/ray/local')
      .set('Authorization', authorization)
      .send({
        name: 'ada-job',
        entrypoint: 'main.py',
        project: { zipBase64: await zipBase64() },
      });
  const cancel = (authorization: string, jobId: string) =>
    request(app)
      .post(`/api/lakehouse/jobs/ray/local/${jobId}/cancel`)
      .set('Authorization', authorization);

  /** Every decision on a job is audited; a denial closes its event as failed. */
  function expectAudited(eventId: string, outcome: 'success' | 'denied') {
    expect(auditor.createEvent).toHaveBeenCalledWith(
      expect.objectContaining({ eventId }),
    );
    if (outcome === 'success') {
      expect(auditEvent.success).toHaveBeenCalled();
    } else {
      expect(auditEvent.fail).toHaveBeenCalledWith({
        error: expect.objectContaining({ name: 'NotAllowedError' }),
      });
    }
  }

  it('submit: members of the submitting group only', async () => {
    const other = await submit(as('user:default/bob'));
    expect(other.status).toBe(403);
    expectAudited('job-submit', 'denied');
    expect(engineWrites).toEqual([]);

    const ada = await submit(as('user:default/ada'));
    expect(ada.status).toBe(201);
    expect(ada.body.jobId).toBe('raysubmit_ada');
    expectAudited('job-submit', 'success');
  });

  it("cancel someone else's job: the submitter, the entity's owners and admins only", async () => {
    // raysubmit_ada was submitted by ada in the previous case.
    for (const [who, status] of [
      ['user:default/dave', 403], // same group, not the submitter, no entity claims it
      ['user:default/bob', 403],
      ['user:default/carol', 403],
    ] as const) {
      jest.clearAllMocks();
      auditor.createEvent.mockResolvedValue(auditEvent);
      const res = await cancel(as(who), 'raysubmit_ada');
      expect([who, res.status]).toEqual([who, status]);
      expectAudited('job-cancel', 'denied');
    }
    expect(engineWrites).toEqual([]);

    expect((await cancel(as('user:default/ada'), 'raysubmit_ada')).status).toBe(
      202,
    );
    expect(
      (await cancel(as('user:default/root'), 'raysubmit_ada')).status,
    ).toBe(202);
    expect(engineWrites).toEqual(['stop raysubmit_ada', 'stop raysubmit_ada']);
  });

  it("stop with savepoint and rerun someone else's job: decided like cancel (lakehouse.job.control)", async () => {
    const control = (authorization: string, action: string) =>
      request(app)
        .post(`/api/lakehouse/jobs/ray/local/raysubmit_ada/${action}`)
        .set('Authorization', authorization)
        .send({});
    for (const who of [
      'user:default/dave',
      'user:default/bob',
      'user:default/carol',
    ]) {
      for (const [action, eventId] of [
        ['stop', 'job-stop'],
        ['savepoints', 'job-savepoint'],
        ['rerun', 'job-rerun'],
        ['state', 'job-state'],
      ]) {
        jest.clearAllMocks();
        auditor.createEvent.mockResolvedValue(auditEvent);
        const res = await control(as(who), action);
        expect([who, action, res.status]).toEqual([who, action, 403]);
        expectAudited(eventId, 'denied');
      }
    }
    expect(engineWrites).toEqual([]);
    // Past the permission, the engine decides: Ray has no savepoints.
    const ada = await control(as('user:default/ada'), 'stop');
    expect(ada.status).toBe(400);
    expect(ada.body.error.message).toMatch(/ray jobs have no savepoints/);
    const suspend = await request(app)
      .post('/api/lakehouse/jobs/ray/local/raysubmit_ada/state')
      .set('Authorization', as('user:default/ada'))
      .send({ state: 'suspended' });
    expect(suspend.status).toBe(400);
    expect(suspend.body.error.message).toMatch(
      /ray jobs of 'local' are not custom resources and cannot be suspended/,
    );
    // An admin's rerun passes too; this backend has no staging store to keep the project in.
    const root = await control(as('user:default/root'), 'rerun');
    expect(root.status).toBe(400);
    expect(root.body.error.message).toMatch(
      /project of ray job raysubmit_ada was not kept: there was no staging store/,
    );
  });

  it("cancel a job started outside the portal: its catalog entity's owner group", async () => {
    // Wait for the first poll, which gives the job its name.
    for (let i = 0; i < 50; i++) {
      const res = await request(app)
        .get('/api/lakehouse/engines/ray/local')
        .set('Authorization', as('user:default/bob'));
      if (res.body.data?.jobs?.length) break;
      await new Promise(r => setTimeout(r, 100));
    }
    expect(
      (await cancel(as('user:default/ada'), 'raysubmit_fraud')).status,
    ).toBe(403);
    expect(
      (await cancel(as('user:default/bob'), 'raysubmit_fraud')).status,
    ).toBe(403);
    expect(engineWrites).toEqual([]);
    expect(
      (await cancel(as('user:default/carol'), 'raysubmit_fraud')).status,
    ).toBe(202);
    expect(engineWrites).toEqual(['stop raysubmit_fraud']);
    expectAudited('job-cancel', 'success');
  }, 20_000);

  it("promote a recommender model: the serving app's owners (as the catalog decides) and admins only", async () => {
    const PROMOTED = 's3://warehouse/models/recommender/promoted.json';
    const promote = (authorization: string, versionId: string) =>
      request(app)
        .post('/api/recommender/promote')
        .set('Authorization', authorization)
        .send({ versionId });
    for (const who of ['user:default/ada', 'user:default/bob']) {
      jest.clearAllMocks();
      auditor.createEvent.mockResolvedValue(auditEvent);
      const res = await promote(as(who), 'rec-1');
      expect([who, res.status]).toEqual([who, 403]);
      expectAudited('model-promote', 'denied');
    }
    // A service acting on its own.
    const automation = await promote(mockCredentials.service.header(), 'rec-1');
    expect(automation.status).toBe(403);
    expect(objectStore.get(PROMOTED)).toBeUndefined();

    // carol is in the fraud team, which owns component:default/recommendation-service.
    jest.clearAllMocks();
    auditor.createEvent.mockResolvedValue(auditEvent);
    const carol = await promote(as('user:default/carol'), 'rec-1');
    expect(carol.status).toBe(200);
    expectAudited('model-promote', 'success');
    expect(JSON.parse(objectStore.text(PROMOTED)!)).toMatchObject({
      version_id: 'rec-1',
      promoted_by: 'user:default/carol',
    });

    const root = await promote(as('user:default/root'), 'rec-2');
    expect(root.status).toBe(200);
    const bobRollsBack = await request(app)
      .post('/api/recommender/rollback')
      .set('Authorization', as('user:default/bob'));
    expect(bobRollsBack.status).toBe(403);
    expect(JSON.parse(objectStore.text(PROMOTED)!).version_id).toBe('rec-2');

    // Reading the versions stays open to every signed-in user.
    const listed = await request(app)
      .get('/api/recommender/versions')
      .set('Authorization', as('user:default/bob'));
    expect(listed.status).toBe(200);
    expect(listed.body.versions.map((v: any) => v.versionId)).toEqual([
      'rec-2',
      'rec-1',
    ]);
    expect(listed.body.promoted.versionId).toBe('rec-2');
  });

  it("shape the clickstream simulation: the simulator's owners (as the catalog decides) and admins only", async () => {
    const CONTROL = 's3://warehouse/live/simulator/control.json';
    objectStore.put(
      's3://warehouse/live/simulator/status.json',
      simulatorStatus(),
    );
    const shape = (authorization: string, body: object) =>
      request(app)
        .post('/api/fraud/simulation')
        .set('Authorization', authorization)
        .send(body);
    for (const who of ['user:default/ada', 'user:default/bob']) {
      jest.clearAllMocks();
      auditor.createEvent.mockResolvedValue(auditEvent);
      const res = await shape(as(who), { running: false });
      expect([who, res.status]).toEqual([who, 403]);
      expectAudited('simulation-control', 'denied');
      const seen = await request(app)
        .get('/api/fraud/simulation')
        .set('Authorization', as(who));
      expect([who, seen.status, seen.body.canControl]).toEqual([
        who,
        200,
        false,
      ]);
    }
    const automation = await shape(mockCredentials.service.header(), {
      running: false,
    });
    expect(automation.status).toBe(403);
    expect(objectStore.get(CONTROL)).toBeUndefined();

    // carol is in the fraud team, which owns component:default/clickstream-simulator.
    jest.clearAllMocks();
    auditor.createEvent.mockResolvedValue(auditEvent);
    const carol = await shape(as('user:default/carol'), { rate: 5 });
    expect(carol.status).toBe(200);
    expect(carol.body.canControl).toBe(true);
    expectAudited('simulation-control', 'success');
    expect(JSON.parse(objectStore.text(CONTROL)!)).toMatchObject({
      rate: 5,
      updatedBy: 'user:default/carol',
    });
    const root = await shape(as('user:default/root'), { running: false });
    expect(root.status).toBe(200);
    expect(JSON.parse(objectStore.text(CONTROL)!)).toMatchObject({
      revision: 2,
      running: false,
    });
  });

  it('Kubernetes proxy: admins only', async () => {
    const proxy = (authorization: string) =>
      request(app)
        .post(
          '/api/kubernetes/proxy/apis/ray.io/v1/namespaces/ecommerce-platform/rayjobs',
        )
        .set('Authorization', authorization)
        .set('Backstage-Kubernetes-Cluster', 'platform')
        .send({ kind: 'RayJob' });
    expect((await proxy(as('user:default/ada'))).status).toBe(403);
    expect((await proxy(as('user:default/bob'))).status).toBe(403);
    // Allowed through the permission check; the cluster itself is not there.
    expect((await proxy(as('user:default/root'))).status).not.toBe(403);
  });
});
