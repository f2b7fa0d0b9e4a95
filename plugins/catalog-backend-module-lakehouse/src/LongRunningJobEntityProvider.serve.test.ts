import {
  mapRayJobResource,
  mapRayServiceResource,
  type ServiceSummary,
} from '@internal/plugin-lakehouse-common';
import {
  BASE,
  entitiesOf,
  job,
  namesOf,
  provider,
  resourceJob,
  useFakeLakehouseBackend,
} from './__testUtils__/fakeLakehouseBackend';
import { isProvidedBy, jobClaimOf } from './LongRunningJobEntityProvider';

const fake = useFakeLakehouseBackend(() => ({}));

const serveApps = (...apps: Array<[string, string]>): ServiceSummary[] =>
  apps.map(([name, rawStatus]) => ({
    name,
    rawStatus,
    routePrefix: `/${name}`,
  }));

describe('Ray Serve applications', () => {
  beforeEach(() => {
    fake.instances = {
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
    fake.instances['ray/other'] = {
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
    fake.instances = {
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
    fake.instances['ray/local'].services = [];
    fake.instances['ray/local'].error = {
      kind: 'unreachable',
      message: 'ECONNREFUSED',
    };
    expect(await p.refresh()).toEqual({ jobs: 2, applied: false });
    expect(mutations).toHaveLength(1);
    expect(p.lastError).toMatch(
      /ray instance 'local': its last poll failed \(ECONNREFUSED\)/,
    );

    delete fake.instances['ray/local'].error;
    fake.instances['ray/local'].services = serveApps([
      'recommender',
      'RUNNING',
    ]);
    expect(await p.refresh()).toEqual({ jobs: 1, applied: true });
    expect(namesOf(mutations[1])).toEqual(['ray-local-recommender']);
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
