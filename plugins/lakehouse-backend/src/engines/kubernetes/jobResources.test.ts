import { renderRayJob, resourceName, SUBMITTED_KINDS } from './jobResources';

describe('resourceName', () => {
  it('is the job name and 8 hex of the submission: a DNS-1035 label of at most 47 characters (KubeRay)', () => {
    expect(resourceName('daily-etl', 'mi4x2k-0a1b2c3d')).toBe(
      'daily-etl-0a1b2c3d',
    );
    const long = resourceName(
      `${'a'.repeat(37)}-b${'c'.repeat(23)}`,
      'x-deadbeef',
    );
    expect(long).toBe(`${'a'.repeat(37)}-deadbeef`);
    expect(resourceName('7day-etl', 'x-deadbeef')).toBe(
      'job-7day-etl-deadbeef',
    );
    for (const name of [long, resourceName('9'.repeat(63), 'x-00000000')]) {
      expect(name.length).toBeLessThanOrEqual(47);
      expect(name).toMatch(/^[a-z]([-a-z0-9]*[a-z0-9])?$/);
    }
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
    // KubeRay (ValidateRayJobSpec): no TTL without shutdownAfterJobFinishes, which clusterSelector mode cannot set.
    expect(job.spec).not.toHaveProperty('ttlSecondsAfterFinished');
    expect(job.spec).not.toHaveProperty('shutdownAfterJobFinishes');
    expect(JSON.parse(job.spec.runtimeEnvYAML as string)).toEqual({
      working_dir: 's3://warehouse/p/project.zip',
      env_vars: { MODE: 'x', LAKEHOUSE_WORKERS: '4' },
    });
  });
});
