import {
  mockServices,
  registerMswTestHooks,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import type { EntityProviderMutation } from '@backstage/plugin-catalog-node';
import {
  mapFlinkDeploymentResource,
  mapFlinkSessionJobResource,
  mapRayJobResource,
  mapRayServiceResource,
  mapSparkApplicationResource,
  type CustomResourceStatus,
  type EngineError,
  type EngineKind,
  type JobState,
  type JobSummary,
  type ServiceSummary,
} from '@internal/plugin-lakehouse-common';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import type { LongRunningJobsConfig } from './config';
import {
  isProvidedBy,
  jobClaimOf,
  LongRunningJobEntityProvider,
  type JobClaim,
} from './LongRunningJobEntityProvider';

const BASE = 'http://backend.test/api/lakehouse';
const server = setupServer();
registerMswTestHooks(server);

/**
 * The lakehouse backend in memory: per engine instance (`local` is Flink's, `ray/local` Ray's), its
 * jobs and services, or why its last poll failed.
 */
let instances: Record<
  string,
  {
    jobs?: JobSummary[];
    services?: ServiceSummary[];
    error?: EngineError;
    polled?: boolean;
  }
>;
const engineOf = (k: string) =>
  (k.includes('/') ? k.split('/') : ['flink', k]) as [EngineKind, string];
/** What the backend answers instead, when set. */
let backend: undefined | (() => Response);
let authorizations: Array<string | null>;

const job = (
  name: string,
  state: JobState,
  rawState: string = state,
  more: Partial<JobSummary> = {},
): JobSummary => ({
  id: `${name}-${Math.random().toString(16).slice(2, 10)}`,
  name,
  engine: 'flink',
  instance: 'local',
  kind: 'job',
  state,
  rawState,
  startTime: '2026-12-01T10:00:00.000Z',
  links: [],
  ...more,
});

function lakehouseBackend() {
  const meta = (k: string) => {
    const i = instances[k];
    const [engine, instance] = engineOf(k);
    return {
      engine,
      instance,
      ...(i.polled !== false &&
        !i.error && { fetchedAt: '2026-12-01T10:00:00.000Z', ageMs: 500 }),
      ...(i.error && { error: i.error, failedAt: '2026-12-01T10:00:00.000Z' }),
    };
  };
  server.use(
    http.get(`${BASE}/engines`, ({ request }) => {
      authorizations.push(request.headers.get('authorization'));
      if (backend) return backend();
      return HttpResponse.json({ items: Object.keys(instances).map(meta) });
    }),
    http.get(`${BASE}/engines/:engine/:instance`, ({ params }) => {
      if (backend) return backend();
      const { engine, instance } = params as Record<string, string>;
      const k = engine === 'flink' ? instance : `${engine}/${instance}`;
      const i = instances[k];
      if (!i) return new HttpResponse('no such instance', { status: 404 });
      return HttpResponse.json({
        ...meta(k),
        ...((i.jobs || i.services) && {
          data: {
            cluster: { nodeKind: 'taskmanager', nodes: { alive: 1, total: 1 } },
            jobs: (i.jobs ?? []).map(j => ({ ...j, instance })),
            ...(i.services && { services: i.services }),
          },
        }),
      });
    }),
  );
}

const config: LongRunningJobsConfig = {
  owner: 'group:default/platform-team',
  system: 'system:default/lakehouse-platform',
  frequencyMs: 30_000,
  timeoutMs: 2_000,
};

function provider(
  options: {
    claims?: JobClaim[];
    previous?: () => Promise<Entity[]>;
  } = {},
) {
  const mutations: EntityProviderMutation[] = [];
  const logger = mockServices.logger.mock();
  const p = new LongRunningJobEntityProvider({
    config,
    logger,
    discovery: { getBaseUrl: async () => BASE },
    auth: mockServices.auth(),
    claims: async () => options.claims ?? [],
    previousEntities: options.previous,
  });
  p.connect({
    applyMutation: async m => void mutations.push(m),
    refresh: async () => {},
  });
  return { p, mutations, logger };
}

/** The entities of a full mutation, by name. */
const entitiesOf = (m: EntityProviderMutation): Record<string, Entity> => {
  if (m.type !== 'full') throw new Error(`a ${m.type} mutation`);
  return Object.fromEntries(
    m.entities.map(d => [d.entity.metadata.name, d.entity]),
  );
};
const namesOf = (m: EntityProviderMutation) =>
  Object.keys(entitiesOf(m)).sort();

beforeEach(() => {
  backend = undefined;
  authorizations = [];
  instances = {
    local: {
      jobs: [
        job('orders-enrichment', 'RUNNING'),
        job('fraud-detection', 'RUNNING'),
        job('nightly-compaction', 'SUCCEEDED', 'FINISHED'),
        job('old-stream', 'CANCELLED', 'CANCELED'),
        job('paused', 'CANCELLED', 'SUSPENDED'),
        job('flaky-stream', 'RUNNING', 'RESTARTING'),
        job('starting', 'PENDING', 'INITIALIZING'),
        job('broken-batch', 'FAILED'),
        job('forgotten', 'RUNNING', 'RUNNING', { fromHistory: true }),
      ],
    },
  };
  lakehouseBackend();
});

it('gives each long-running Flink job as a production flink-job Component of the lakehouse, read as a service', async () => {
  const { p, mutations } = provider();
  expect(await p.refresh()).toEqual({ jobs: 4, applied: true });
  expect(p.lastError).toBeUndefined();
  expect(mutations).toHaveLength(1);
  const byName = entitiesOf(mutations[0]);
  expect(Object.keys(byName).sort()).toEqual([
    'flink-local-flaky-stream',
    'flink-local-fraud-detection',
    'flink-local-orders-enrichment',
    'flink-local-starting',
  ]);
  const location =
    'url:http://backend.test/api/lakehouse/jobs?engine=flink&instance=local&q=orders-enrichment';
  expect(byName['flink-local-orders-enrichment']).toEqual({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'flink-local-orders-enrichment',
      title: 'orders-enrichment',
      description: expect.stringMatching(
        /^Flink job 'orders-enrichment', discovered running on the Flink instance 'local'/,
      ),
      tags: ['flink', 'discovered'],
      annotations: {
        'backstage.io/managed-by-location': location,
        'backstage.io/managed-by-origin-location': location,
        'lakehouse.io/engine': 'flink',
        'lakehouse.io/engine-instance': 'local',
        'lakehouse.io/job-name': 'orders-enrichment',
      },
    },
    spec: {
      type: 'flink-job',
      lifecycle: 'production',
      owner: 'group:default/platform-team',
      system: 'system:default/lakehouse-platform',
    },
  });
  // A plugin token minted for the lakehouse backend, not an anonymous call.
  expect(authorizations[0]).toMatch(/^Bearer .+/);
});

it('leaves out finished, cancelled, suspended, failed and only-remembered jobs; a shown job that fails stays, failed', async () => {
  const { p, mutations } = provider();
  await p.refresh();
  const names = namesOf(mutations[0]);
  for (const gone of [
    'nightly-compaction',
    'old-stream',
    'paused',
    'broken-batch',
    'forgotten',
  ]) {
    expect(names).not.toContain(`flink-local-${gone}`);
  }
  // The streaming job fails for good: still a component (its page shows the failure); cancelled: gone.
  instances.local.jobs = instances.local.jobs!.map(j =>
    j.name === 'orders-enrichment'
      ? { ...j, state: 'FAILED', rawState: 'FAILED' }
      : j.name === 'flaky-stream'
      ? { ...j, state: 'CANCELLED', rawState: 'CANCELED' }
      : j,
  );
  expect(await p.refresh()).toEqual({ jobs: 3, applied: true });
  expect(namesOf(mutations[1])).toEqual([
    'flink-local-fraud-detection',
    'flink-local-orders-enrichment',
    'flink-local-starting',
  ]);
  // Unchanged: nothing is sent again.
  expect(await p.refresh()).toEqual({ jobs: 3, applied: false });
  expect(mutations).toHaveLength(2);
});

it('leaves out batch jobs, keeps streaming ones and those whose type is not known yet', async () => {
  instances.local.jobs = [
    job('hourly-rollup', 'RUNNING', 'RUNNING', { streaming: false }),
    job('clickstream', 'RUNNING', 'RUNNING', { streaming: true }),
    job('orders-enrichment', 'RUNNING'),
    job('backfill', 'PENDING', 'INITIALIZING'),
  ];
  const { p, mutations } = provider();
  await p.refresh();
  expect(namesOf(mutations[0])).toEqual([
    'flink-local-backfill',
    'flink-local-clickstream',
    'flink-local-orders-enrichment',
  ]);
  // Its type is read: a batch job that was a component while unknown is one no more.
  instances.local.jobs[3] = { ...instances.local.jobs[3], streaming: false };
  expect(await p.refresh()).toEqual({ jobs: 2, applied: true });
  expect(namesOf(mutations[1])).toEqual([
    'flink-local-clickstream',
    'flink-local-orders-enrichment',
  ]);
});

it('gives a job that an entity claims only by that entity: by name on the first instance, by instance, by id', async () => {
  instances.other = {
    jobs: [
      job('fraud-detection', 'RUNNING'),
      job('orders-enrichment', 'RUNNING'),
    ],
  };
  const starting = instances.local.jobs!.find(j => j.name === 'starting')!;
  const { p, mutations } = provider({
    claims: [
      // apps/fraud-detection/catalog-info.yaml, without an instance: the first one (local).
      { engine: 'flink', jobName: 'fraud-detection' },
      { engine: 'flink', instance: 'other', jobName: 'orders-enrichment' },
      { engine: 'flink', instance: 'local', jobId: starting.id },
      // Another engine's job of the same name claims nothing here.
      { engine: 'ray', jobName: 'flaky-stream' },
    ],
  });
  await p.refresh();
  expect(namesOf(mutations[0])).toEqual([
    'flink-local-flaky-stream',
    'flink-local-orders-enrichment',
    'flink-other-fraud-detection',
  ]);
});

it('keeps the last jobs and says why while the backend is down, answers garbage, or an engine failed', async () => {
  const { p, mutations, logger } = provider();
  await p.refresh();
  const before = namesOf(mutations[0]);
  instances.local.jobs = [];

  backend = () => new HttpResponse('bad gateway', { status: 502 });
  expect(await p.refresh()).toEqual({ jobs: 4, applied: false });
  expect(p.lastError).toMatch(
    /lakehouse backend failed: GET \/engines answered HTTP 502: bad gateway; the jobs already in the catalog are kept/,
  );
  expect(logger.warn).toHaveBeenCalledWith(p.lastError);

  backend = () => HttpResponse.error();
  await p.refresh();
  expect(p.lastError).toMatch(/lakehouse backend failed: .*are kept/);

  // Garbage: a job with no state, and something that is not JSON at all.
  backend = () =>
    HttpResponse.json({
      items: [{ engine: 'flink', instance: 'local', x: 1 }],
    });
  await p.refresh();
  expect(p.lastError).toMatch(/answered unexpected JSON at/);
  backend = () => new HttpResponse('<html>', { status: 200 });
  await p.refresh();
  expect(p.lastError).toMatch(/answered something that is not JSON/);
  expect(mutations).toHaveLength(1);

  // The engine's last poll failed: its jobs are kept, another instance's change is applied.
  backend = undefined;
  instances.local.error = { kind: 'timeout', message: 'no answer in 5000 ms' };
  instances.other = { jobs: [job('new-stream', 'RUNNING')] };
  expect(await p.refresh()).toEqual({ jobs: 5, applied: true });
  expect(namesOf(mutations[1])).toEqual([...before, 'flink-other-new-stream']);
  expect(p.lastError).toMatch(
    /flink instance 'local': its last poll failed \(no answer in 5000 ms\); the jobs already in the catalog for those instances are kept/,
  );

  // Back: what the engine says now.
  delete instances.local.error;
  expect(await p.refresh()).toEqual({ jobs: 1, applied: true });
  expect(namesOf(mutations[2])).toEqual(['flink-other-new-stream']);
  expect(p.lastError).toBeUndefined();
});

it('rejects a garbage job list without changing the entities', async () => {
  const { p, mutations } = provider();
  await p.refresh();
  server.use(
    http.get(`${BASE}/engines/flink/local`, () =>
      HttpResponse.json({
        engine: 'flink',
        instance: 'local',
        fetchedAt: '2026-12-01T10:00:00.000Z',
        data: {
          cluster: { nodeKind: 'taskmanager', nodes: { alive: 1, total: 1 } },
          jobs: [{ id: 'x', name: 'evil' }],
        },
      }),
    ),
  );
  expect(await p.refresh()).toEqual({ jobs: 4, applied: false });
  expect(mutations).toHaveLength(1);
  expect(p.lastError).toMatch(
    /flink instance 'local': GET \/engines\/flink\/local answered unexpected JSON at 'data\.jobs\.0\..*'/,
  );
});

it('after a restart, keeps what it gave before for an engine not known yet, and empties nothing while the backend is down', async () => {
  // What the catalog holds from this provider before the restart (as the catalog returns it).
  const { p: before, mutations: given } = provider();
  await before.refresh();
  const kept = Object.values(entitiesOf(given[0])).map(e => ({
    ...e,
    metadata: { ...e.metadata, namespace: 'default', uid: 'u', etag: 'e' },
    relations: [],
  }));

  // The backend is down: no mutation at all, so the catalog keeps those.
  backend = () => new HttpResponse('starting', { status: 503 });
  const { p, mutations } = provider({ previous: async () => kept });
  await p.refresh();
  expect(mutations).toHaveLength(0);

  // Up, but its first poll of Flink has not happened yet: the kept entities, as they were given.
  backend = undefined;
  instances.local.polled = false;
  await p.refresh();
  expect(mutations).toHaveLength(1);
  expect(entitiesOf(mutations[0])).toEqual(entitiesOf(given[0]));

  // The catalog cannot be read either: nothing applied rather than the entities dropped.
  const { p: blind, mutations: none } = provider({
    previous: async () => {
      throw new Error('catalog unavailable');
    },
  });
  await blind.refresh();
  expect(none).toHaveLength(0);
  expect(blind.lastError).toMatch(
    /flink instance 'local': not polled yet; nothing was changed in the catalog/,
  );
});

it('reads a claim from an entity: engine and job name or id, instance optional', () => {
  const entity = (annotations: Record<string, string>): Entity => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'x', annotations },
  });
  expect(
    jobClaimOf(
      entity({
        'lakehouse.io/engine': 'Flink',
        'lakehouse.io/engine-instance': 'local',
        'lakehouse.io/job-name': 'fraud-detection',
      }),
    ),
  ).toEqual({
    engine: 'flink',
    instance: 'local',
    jobName: 'fraud-detection',
  });
  expect(
    jobClaimOf(entity({ 'lakehouse.io/engine': 'flink' })),
  ).toBeUndefined();
  expect(
    jobClaimOf(
      entity({
        'lakehouse.io/engine': 'ray',
        'lakehouse.io/job-id': 'raysubmit_1',
      }),
    ),
  ).toEqual({ engine: 'ray', jobId: 'raysubmit_1' });
});

/**
 * A job of a Kubernetes instance as the backend lists it: the resource mapped by lakehouse-common's
 * mapper, with the id `<kind>:<namespace>:<name>` (customResourceSnapshot.ts).
 */
function resourceJob(
  map: (o: Record<string, unknown>) => CustomResourceStatus,
  kind: string,
  name: string,
  status: Record<string, unknown>,
  spec: Record<string, unknown> = {},
): JobSummary {
  const mapped = map({
    apiVersion: 'v1',
    kind,
    metadata: { namespace: 'streaming', name, uid: `uid-${kind}-${name}` },
    spec,
    status,
  });
  return { ...mapped.job!, id: `${kind}:streaming:${name}` };
}

const serveApps = (...apps: Array<[string, string]>): ServiceSummary[] =>
  apps.map(([name, rawStatus]) => ({
    name,
    rawStatus,
    routePrefix: `/${name}`,
  }));

describe('Ray Serve applications', () => {
  beforeEach(() => {
    instances = {
      'ray/local': {
        // The job that deployed an application ended long ago; a running Ray job is batch.
        jobs: [
          job('recommender-serving', 'SUCCEEDED', 'SUCCEEDED', {
            engine: 'ray',
          }),
          job('train', 'RUNNING', 'RUNNING', { engine: 'ray' }),
        ],
        services: serveApps(
          ['recommender', 'RUNNING'],
          ['fraud-scorer', 'DEPLOYING'],
          ['retired', 'DELETING'],
        ),
      },
    };
  });

  it('makes each Serve application a production service Component, but no Ray job', async () => {
    const { p, mutations } = provider();
    expect(await p.refresh()).toEqual({ jobs: 2, applied: true });
    const byName = entitiesOf(mutations[0]);
    expect(Object.keys(byName).sort()).toEqual([
      'ray-local-fraud-scorer',
      'ray-local-recommender',
    ]);
    const location =
      'url:http://backend.test/api/lakehouse/engines/ray/local?service=recommender';
    expect(byName['ray-local-recommender']).toEqual({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: 'ray-local-recommender',
        title: 'recommender',
        description: expect.stringMatching(
          /^Ray Serve application 'recommender', discovered on the ray instance 'local'/,
        ),
        tags: ['ray', 'serve', 'discovered'],
        annotations: {
          'backstage.io/managed-by-location': location,
          'backstage.io/managed-by-origin-location': location,
          'lakehouse.io/engine': 'ray',
          'lakehouse.io/engine-instance': 'local',
          'lakehouse.io/serve-application': 'recommender',
        },
      },
      spec: {
        type: 'service',
        lifecycle: 'production',
        owner: 'group:default/platform-team',
        system: 'system:default/lakehouse-platform',
      },
    });
    // Read back after a restart as this provider's own, not as a claim.
    expect(isProvidedBy(byName['ray-local-recommender'], BASE)).toBe(true);
  });

  it('leaves out an application an entity claims by lakehouse.io/serve-application, on any instance unless it names one', async () => {
    instances['ray/other'] = {
      services: serveApps(['recommender', 'RUNNING']),
    };
    const { p, mutations } = provider({
      claims: [
        // apps/recommender-serving/catalog-info.yaml names the instance.
        { engine: 'ray', instance: 'local', serveApplication: 'recommender' },
        { engine: 'ray', serveApplication: 'fraud-scorer' },
        // A claim of another instance, of another engine or of a job of that name claims nothing.
        { engine: 'ray', instance: 'other', serveApplication: 'retired' },
        { engine: 'flink', serveApplication: 'recommender' },
        { engine: 'ray', instance: 'other', jobName: 'recommender' },
      ],
    });
    await p.refresh();
    expect(namesOf(mutations[0])).toEqual(['ray-other-recommender']);
  });

  it('makes a RayService of a Kubernetes instance a component, and none of its RayJobs', async () => {
    const rayService = mapRayServiceResource({
      apiVersion: 'ray.io/v1',
      kind: 'RayService',
      metadata: {
        namespace: 'ecommerce-platform',
        name: 'recommender-serving',
      },
      status: {
        conditions: [
          { type: 'Ready', status: 'True', reason: 'NonZeroServeEndpoints' },
        ],
        activeServiceStatus: {
          rayClusterName: 'recommender-serving-abc',
          applicationStatuses: { recommender: { status: 'RUNNING' } },
        },
      },
    });
    const rayJob = resourceJob(mapRayJobResource, 'RayJob', 'nightly-train', {
      jobDeploymentStatus: 'Running',
      jobStatus: 'RUNNING',
    });
    expect(rayJob.state).toBe('RUNNING');
    instances = {
      'ray/k8s': { jobs: [rayJob], services: rayService.services },
    };
    const { p, mutations } = provider();
    expect(await p.refresh()).toEqual({ jobs: 1, applied: true });
    const byName = entitiesOf(mutations[0]);
    expect(Object.keys(byName)).toEqual(['ray-k8s-recommender']);
    expect(byName['ray-k8s-recommender'].metadata.annotations).toMatchObject({
      'lakehouse.io/engine-instance': 'k8s',
      'lakehouse.io/serve-application': 'recommender',
    });
  });

  it('keeps the applications of a Ray instance whose poll failed, and drops one deleted once it answers', async () => {
    const { p, mutations } = provider();
    await p.refresh();
    instances['ray/local'].services = [];
    instances['ray/local'].error = {
      kind: 'unreachable',
      message: 'ECONNREFUSED',
    };
    expect(await p.refresh()).toEqual({ jobs: 2, applied: false });
    expect(mutations).toHaveLength(1);
    expect(p.lastError).toMatch(
      /ray instance 'local': its last poll failed \(ECONNREFUSED\)/,
    );

    delete instances['ray/local'].error;
    instances['ray/local'].services = serveApps(['recommender', 'RUNNING']);
    expect(await p.refresh()).toEqual({ jobs: 1, applied: true });
    expect(namesOf(mutations[1])).toEqual(['ray-local-recommender']);
  });
});

describe('custom resources of Kubernetes instances', () => {
  const spark = (name: string, state: string) =>
    resourceJob(mapSparkApplicationResource, 'SparkApplication', name, {
      applicationState: { state },
    });

  it('makes a SparkApplication that has not ended a spark-job component, named after its resource', async () => {
    instances = {
      'spark/k8s': {
        jobs: [
          spark('clickstream-agg', 'RUNNING'),
          spark('queued', 'SUBMITTED'),
          spark('nightly-etl', 'COMPLETED'),
          spark('broken', 'FAILED'),
        ],
      },
      // A standalone master's running application is a run, not a resource someone keeps.
      'spark/standalone': {
        jobs: [
          job('adhoc', 'RUNNING', 'RUNNING', {
            engine: 'spark',
            kind: 'application',
          }),
        ],
      },
    };
    const { p, mutations } = provider();
    expect(await p.refresh()).toEqual({ jobs: 2, applied: true });
    const byTitle = Object.fromEntries(
      Object.values(entitiesOf(mutations[0])).map(e => [e.metadata.title, e]),
    );
    expect(Object.keys(byTitle).sort()).toEqual(['clickstream-agg', 'queued']);
    const entity = byTitle['clickstream-agg'];
    expect(entity.metadata.name).toMatch(
      /^spark-k8s-SparkApplication-streaming-clickstream-agg-[0-9a-f]{8}$/,
    );
    expect(entity.spec).toMatchObject({
      type: 'spark-job',
      lifecycle: 'production',
    });
    expect(entity.metadata.annotations).toMatchObject({
      'lakehouse.io/engine': 'spark',
      'lakehouse.io/engine-instance': 'k8s',
      'lakehouse.io/job-name': 'clickstream-agg',
      'lakehouse.io/job-id': 'SparkApplication:streaming:clickstream-agg',
    });

    // The streaming app crashes: still shown, failed; the queued one completes: gone.
    instances['spark/k8s'].jobs = [
      spark('clickstream-agg', 'FAILED'),
      spark('queued', 'COMPLETED'),
    ];
    expect(await p.refresh()).toEqual({ jobs: 1, applied: true });
    expect(namesOf(mutations[1])).toEqual([entity.metadata.name]);
  });

  it('leaves out a SparkApplication claimed by its resource id', async () => {
    instances = {
      'spark/k8s': { jobs: [spark('clickstream-agg', 'RUNNING')] },
    };
    const { p, mutations } = provider({
      claims: [
        {
          engine: 'spark',
          jobId: 'SparkApplication:streaming:clickstream-agg',
        },
      ],
    });
    expect(await p.refresh()).toEqual({ jobs: 0, applied: true });
    expect(namesOf(mutations[0])).toEqual([]);
  });

  it('gives FlinkDeployments and FlinkSessionJobs by the Flink rules, one stable entity per resource', async () => {
    const deployment = (status: Record<string, unknown>, name = 'orders') =>
      resourceJob(mapFlinkDeploymentResource, 'FlinkDeployment', name, status, {
        job: { jarURI: 'local:///opt/flink/orders.jar' },
      });
    const sessionJob = resourceJob(
      mapFlinkSessionJobResource,
      'FlinkSessionJob',
      'orders',
      { jobStatus: { jobName: 'orders', state: 'RUNNING' } },
      { deploymentName: 'session' },
    );
    instances = {
      k8s: {
        jobs: [
          // Deployed, its job not observed yet: it reports the resource's name.
          deployment({ lifecycleState: 'DEPLOYED' }),
          sessionJob,
          deployment({ lifecycleState: 'SUSPENDED' }, 'paused'),
        ],
      },
    };
    const { p, mutations } = provider();
    expect(await p.refresh()).toEqual({ jobs: 2, applied: true });
    const first = entitiesOf(mutations[0]);
    const names = Object.keys(first).sort();
    expect(names).toEqual([
      expect.stringMatching(
        /^flink-k8s-FlinkDeployment-streaming-orders-[0-9a-f]{8}$/,
      ),
      expect.stringMatching(
        /^flink-k8s-FlinkSessionJob-streaming-orders-[0-9a-f]{8}$/,
      ),
    ]);
    expect(first[names[0]].spec?.type).toBe('flink-job');

    // The job runs and reports its own name: the same entity, titled after it.
    instances.k8s.jobs![0] = deployment({
      lifecycleState: 'STABLE',
      jobStatus: { jobName: 'Orders enrichment', state: 'RUNNING' },
    });
    await p.refresh();
    const second = entitiesOf(mutations[1]);
    expect(Object.keys(second).sort()).toEqual(names);
    expect(second[names[0]].metadata.title).toBe('Orders enrichment');
    expect(second[names[0]].metadata.annotations?.['lakehouse.io/job-id']).toBe(
      'FlinkDeployment:streaming:orders',
    );
  });
});

it('reads a claim of a Serve application from an entity', () => {
  expect(
    jobClaimOf({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: 'recommendation-service',
        annotations: {
          'lakehouse.io/engine': 'ray',
          'lakehouse.io/serve-application': 'recommender',
        },
      },
    }),
  ).toEqual({ engine: 'ray', serveApplication: 'recommender' });
});
