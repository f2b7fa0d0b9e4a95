import { toModelVersion } from './modelVersionRow';

const row = {
  version_id: 'rec-1',
  created_at: new Date('2026-01-02T03:04:05Z'),
  status: 'ready',
  error: null,
  artifact_uri: 's3://warehouse/models/recommender/versions/rec-1/',
  data_source: 's3://warehouse/c.json',
  data_snapshot: 'etag=1',
  num_events: 10n,
  num_users: 2,
  num_products: 3,
  params: '{"epochs": 3}',
  rmse: 0.5,
  precision_at_10: 0.2,
  recall_at_10: 0.3,
  baseline_precision_at_10: 0.1,
  baseline_recall_at_10: 0.2,
  training_seconds: 1.5,
  ray_job_id: null,
};

describe('toModelVersion', () => {
  it('camelCases a row, metrics nested, longs as numbers, params parsed', () => {
    expect(toModelVersion(row)).toEqual({
      versionId: 'rec-1',
      createdAt: '2026-01-02T03:04:05.000Z',
      status: 'ready',
      error: null,
      artifactUri: 's3://warehouse/models/recommender/versions/rec-1/',
      dataSource: 's3://warehouse/c.json',
      dataSnapshot: 'etag=1',
      numEvents: 10,
      numUsers: 2,
      numProducts: 3,
      params: { epochs: 3 },
      metrics: {
        rmse: 0.5,
        precisionAt10: 0.2,
        recallAt10: 0.3,
        baselinePrecisionAt10: 0.1,
        baselineRecallAt10: 0.2,
      },
      trainingSeconds: 1.5,
      rayJobId: null,
    });
  });

  it('takes timestamps as epoch micros too', () => {
    expect(
      toModelVersion({
        ...row,
        created_at: BigInt(Date.parse('2026-01-02T03:04:05Z')) * 1000n,
      }),
    ).toMatchObject({ createdAt: '2026-01-02T03:04:05.000Z' });
  });

  it('makes missing or nonsensical values null rather than guessing', () => {
    expect(
      toModelVersion({
        ...row,
        num_events: -1n,
        num_users: 2.5,
        params: '[1, 2]',
        rmse: Number.POSITIVE_INFINITY,
        training_seconds: -3,
        data_source: null,
      }),
    ).toMatchObject({
      numEvents: null,
      numUsers: null,
      params: null,
      metrics: { rmse: null },
      trainingSeconds: null,
      dataSource: '',
    });
  });

  it.each([
    [{ version_id: null }, 'a row without version_id'],
    [{ created_at: 'yesterday' }, 'version rec-1 has no valid created_at'],
    [
      { status: 'READY' },
      "version rec-1 has status 'READY' (not ready or failed)",
    ],
  ])('says why %j is not a version', (change, invalid) => {
    expect(toModelVersion({ ...row, ...change })).toEqual({ invalid });
  });
});
