import { ConfigReader } from '@backstage/config';
import { readRecommenderConfig } from './config';

const read = (recommender?: object) =>
  readRecommenderConfig(new ConfigReader(recommender ? { recommender } : {}));

describe('readRecommenderConfig', () => {
  it('is undefined without a recommender section', () => {
    expect(read()).toBeUndefined();
  });

  it('fills in the defaults of the data contract', () => {
    expect(read({ catalogUri: 'http://nessie:19120/iceberg/' })).toEqual({
      catalogUri: 'http://nessie:19120/iceberg',
      warehouse: 'warehouse',
      namespace: ['recsys'],
      tableName: 'model_versions',
      bucket: 'warehouse',
      prefix: 'models/recommender',
      servingEntity: 'component:default/recommendation-service',
      objectStore: {
        endpoint: undefined,
        region: 'us-east-1',
        forcePathStyle: true,
        maxObjectBytes: 64 * 1024 * 1024,
      },
      refreshIntervalMs: 30_000,
      timeoutMs: 10_000,
      refreshTimeoutMs: 60_000,
    });
  });

  it('normalises the prefix and the serving entity', () => {
    expect(
      read({
        catalogUri: 'http://c',
        prefix: '/ml/rec/',
        servingEntity: 'recsys/recommendation-service',
        refreshInterval: { seconds: 5 },
      }),
    ).toMatchObject({
      prefix: 'ml/rec',
      servingEntity: 'component:recsys/recommendation-service',
      refreshIntervalMs: 5_000,
    });
  });

  it.each([
    [{ bucket: 'Not_A_Bucket' }, /Invalid recommender.bucket/],
    [{ prefix: 'a/../b' }, /Invalid recommender.prefix 'a\/..\/b'/],
    [{ prefix: '/' }, /Invalid recommender.prefix/],
    [{ prefix: 'a//b' }, /Invalid recommender.prefix/],
    [{ servingEntity: 'component:a:b:c' }, /Invalid recommender.servingEntity/],
    [
      { servingEntity: 'component:default/' },
      /Invalid recommender.servingEntity/,
    ],
    [{ table: 'model_versions' }, /Invalid recommender.table/],
    [
      { refreshInterval: { seconds: 0 } },
      /Invalid recommender.refreshInterval/,
    ],
  ])('refuses %j', (bad, message) => {
    expect(() => read({ catalogUri: 'http://c', ...bad })).toThrow(message);
  });
});
