import { renderRayJob, resourceName, SUBMITTED_KINDS } from './jobResources';

describe('resourceName', () => {
  it('is the job name and 8 hex of the submission, within 52 characters', () => {
    expect(resourceName('daily-etl', 'mi4x2k-0a1b2c3d')).toBe(
      'daily-etl-0a1b2c3d',
    );
    const long = resourceName(
      `${'a'.repeat(42)}-b${'c'.repeat(19)}`,
      'x-deadbeef',
    );
    expect(long).toBe(`${'a'.repeat(42)}-deadbeef`);
    expect(long.length).toBeLessThanOrEqual(52);
  });
});

describe('the submitted kinds', () => {
  it('are the operators’ one-off job kinds', () => {
    expect(
      Object.fromEntries(
        Object.entries(SUBMITTED_KINDS).map(([e, k]) => [e, k.kind]),
      ),
    ).toEqual({
      ray: 'RayJob',
      spark: 'SparkApplication',
      flink: 'FlinkSessionJob',
    });
  });
});

describe('renderRayJob', () => {
  it('runs the app from its staged zip on the configured cluster, with no secret', () => {
    const job = renderRayJob(
      {
        engine: 'ray',
        instance: 'platform',
        name: 'train',
        entrypoint: 'main.py',
        args: ['--epochs', '3'],
        env: {},
        secrets: [],
        requirements: [],
        dryRun: false,
        resources: { entrypointCpus: 0, workers: 4 },
      } as any,
      { clusterName: 'ray-cluster' },
      { name: 'train-0a1b2c3d', namespace: 'jobs' },
      {
        bucket: 'warehouse',
        filesKey: 'p/files/',
        zipKey: 'p/project.zip',
        main: 'main.py',
      },
      { requirements: [], env: { MODE: 'x' } },
    );
    expect(job.metadata).toEqual({
      name: 'train-0a1b2c3d',
      namespace: 'jobs',
      labels: {
        'app.kubernetes.io/managed-by': 'backstage-lakehouse',
        'backstage.io/kubernetes-id': 'train',
        component: 'job',
      },
    });
    expect(job.spec).toMatchObject({
      clusterSelector: { 'ray.io/cluster': 'ray-cluster' },
      entrypoint: 'python main.py --epochs 3',
    });
    expect(job.spec).not.toHaveProperty('entrypointNumCpus');
    expect(JSON.parse(job.spec.runtimeEnvYAML as string)).toEqual({
      working_dir: 's3://warehouse/p/project.zip',
      env_vars: { MODE: 'x', LAKEHOUSE_WORKERS: '4' },
    });
  });
});
