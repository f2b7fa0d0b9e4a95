import { makeValidator } from '@backstage/catalog-model';
import { customResourceKind, jobEntityName } from './jobEntity';

const validator = makeValidator();
const name = (job: string, instance = 'local') =>
  jobEntityName({ engine: 'flink', instance, name: job });

describe('jobEntityName', () => {
  it('is engine-instance-job when the job name is already a valid name', () => {
    expect(name('fraud-detection')).toBe('flink-local-fraud-detection');
    expect(name('orders_v2.enrich')).toBe('flink-local-orders_v2.enrich');
  });

  it.each([
    [
      'Fraud Detection (PyFlink)',
      /^flink-local-Fraud-Detection-PyFlink-[0-9a-f]{8}$/,
    ],
    [
      'insert-into_default_catalog.default_database.sink_with_a_very_long_table_name',
      /^flink-local-insert-into_default_catalog\.default_databa-[0-9a-f]{8}$/,
    ],
    ['ünïcode/job--name__', /^flink-local-n-code-job-name-[0-9a-f]{8}$/],
    ['...', /^flink-local-[0-9a-f]{8}$/],
  ])(
    'makes %j a valid entity name, with a hash of the whole',
    (job, expected) => {
      const got = name(job);
      expect(got).toMatch(expected);
      expect(validator.isValidEntityName(got)).toBe(true);
    },
  );

  it('gives different jobs different names, even when they read the same once sanitized', () => {
    const names = new Set(
      ['a b', 'a-b', 'a_b', 'a/b', 'a  b'].map(j => name(j)),
    );
    expect(names.size).toBe(5);
    expect(name('a b')).toBe(name('a b'));
    expect(name('job', 'local')).not.toBe(name('job', 'prod'));
  });

  it('names a custom resource job after its resource, not the name the job reports, unique per kind', () => {
    const resource = (kind: string, jobName = 'orders') =>
      jobEntityName({
        engine: 'flink',
        instance: 'k8s',
        name: jobName,
        resource: `${kind}:streaming:orders`,
      });
    const deployment = resource('FlinkDeployment');
    expect(deployment).toMatch(
      /^flink-k8s-FlinkDeployment-streaming-orders-[0-9a-f]{8}$/,
    );
    expect(validator.isValidEntityName(deployment)).toBe(true);
    expect(resource('FlinkDeployment', 'Orders enrichment')).toBe(deployment);
    expect(resource('FlinkSessionJob')).not.toBe(deployment);
  });
});

describe('customResourceKind', () => {
  it("tells the operators' resources from jobs read through a REST API", () => {
    expect(customResourceKind({ id: 'SparkApplication:team-a:etl' })).toBe(
      'SparkApplication',
    );
    expect(customResourceKind({ id: 'RayJob:team-a:train' })).toBe('RayJob');
    for (const id of [
      'app-20261201100000-0001',
      'raysubmit_1',
      'a1b2c3d4e5f60718293a4b5c6d7e8f90',
      'Deployment:team-a:web',
    ]) {
      expect(customResourceKind({ id })).toBeUndefined();
    }
  });
});
