import { makeValidator } from '@backstage/catalog-model';
import { jobEntityName } from './jobEntity';

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
});
