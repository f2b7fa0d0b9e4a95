import {
  FlinkJobTypes,
  MAX_READS_PER_POLL,
  MAX_REMEMBERED_JOBS,
} from './FlinkJobTypes';

const ids = (n: number, from = 0) =>
  Array.from({ length: n }, (_, i) => `job-${from + i}`);

function types(type: (id: string) => string | undefined = () => 'STREAMING') {
  const reads: string[] = [];
  const jobTypes = new FlinkJobTypes(async id => {
    reads.push(id);
    return type(id);
  });
  return { jobTypes, reads };
}

describe('FlinkJobTypes', () => {
  it('reads at most a bounded number of new ids per call, the rest on later calls', async () => {
    const { jobTypes, reads } = types();
    const all = ids(MAX_READS_PER_POLL + 3);
    expect((await jobTypes.of(all)).size).toBe(MAX_READS_PER_POLL);
    expect((await jobTypes.of(all)).size).toBe(all.length);
    expect(reads).toEqual(all);
  });

  it('remembers only a type Flink gave, and forgets the oldest past its cap', async () => {
    const given: Record<string, string | undefined> = {
      'job-0': 'BATCH',
      'job-1': undefined,
    };
    const { jobTypes, reads } = types(id =>
      id in given ? given[id] : 'STREAMING',
    );
    expect(await jobTypes.of(ids(2))).toEqual(new Map([['job-0', false]]));
    // job-1 had no type: asked again.
    await jobTypes.of(ids(2));
    expect(reads).toEqual(['job-0', 'job-1', 'job-1']);

    for (let n = 0; n < MAX_REMEMBERED_JOBS; n += MAX_READS_PER_POLL) {
      await jobTypes.of(ids(MAX_READS_PER_POLL, 2 + n));
    }
    reads.length = 0;
    await jobTypes.of(['job-0', `job-${MAX_REMEMBERED_JOBS + 1}`]);
    expect(reads).toEqual(['job-0']);
  });
});
