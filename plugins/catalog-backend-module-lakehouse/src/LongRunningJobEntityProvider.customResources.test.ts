import {
  mapFlinkDeploymentResource,
  mapFlinkSessionJobResource,
  mapSparkApplicationResource,
} from '@internal/plugin-lakehouse-common';
import {
  entitiesOf,
  job,
  namesOf,
  provider,
  resourceJob,
  useFakeLakehouseBackend,
} from './__testUtils__/fakeLakehouseBackend';

const fake = useFakeLakehouseBackend(() => ({}));

describe('custom resources of Kubernetes instances', () => {
  const spark = (name: string, state: string) =>
    resourceJob(mapSparkApplicationResource, 'SparkApplication', name, {
      applicationState: { state },
    });

  it('makes a SparkApplication that has not ended a spark-job component, named after its resource', async () => {
    fake.instances = {
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
    fake.instances['spark/k8s'].jobs = [
      spark('clickstream-agg', 'FAILED'),
      spark('queued', 'COMPLETED'),
    ];
    expect(await p.refresh()).toEqual({ jobs: 1, applied: true });
    expect(namesOf(mutations[1])).toEqual([entity.metadata.name]);
  });

  it('leaves out a SparkApplication claimed by its resource id', async () => {
    fake.instances = {
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
    fake.instances = {
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
    fake.instances.k8s.jobs![0] = deployment({
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
