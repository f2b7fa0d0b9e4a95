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
      serve: {
        dashboardUrl: undefined,
        url: undefined,
        application: 'recommender',
        timeoutMs: 5_000,
        maxResponseBytes: 4 * 1024 * 1024,
      },
      usersTable: { namespace: ['demo'], tableName: 'users' },
      productsTable: { namespace: ['demo'], tableName: 'products' },
      clickstreamKey: 'data/clickstream.json',
    });
  });

  it('reads the Serve application and the try-it sources', () => {
    expect(
      read({
        catalogUri: 'http://c',
        serve: {
          dashboardUrl: 'http://ray-head:8265/',
          url: 'https://ray-head:8000/rec/',
          application: 'rec.v2',
          timeout: { seconds: 2 },
          maxResponseBytes: 1024,
        },
        usersTable: 'shop.customers',
        productsTable: 'shop.catalog.items',
        clickstream: '/raw/events.jsonl',
      }),
    ).toMatchObject({
      serve: {
        dashboardUrl: 'http://ray-head:8265',
        url: 'https://ray-head:8000/rec',
        application: 'rec.v2',
        timeoutMs: 2_000,
        maxResponseBytes: 1024,
      },
      usersTable: { namespace: ['shop'], tableName: 'customers' },
      productsTable: { namespace: ['shop', 'catalog'], tableName: 'items' },
      clickstreamKey: 'raw/events.jsonl',
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
    [
      { serve: { dashboardUrl: 'ray-head:8265' } },
      /Invalid recommender.serve.dashboardUrl 'ray-head:8265'/,
    ],
    [{ serve: { url: 'file:///etc/passwd' } }, /Invalid recommender.serve.url/],
    [{ serve: { url: 'http://s:8000/?x=1' } }, /Invalid recommender.serve.url/],
    [
      { serve: { application: '../x' } },
      /Invalid recommender.serve.application/,
    ],
    [
      { serve: { timeout: { seconds: 0 } } },
      /Invalid recommender.serve.timeout/,
    ],
    [
      { serve: { maxResponseBytes: 0 } },
      /Invalid recommender.serve.maxResponseBytes/,
    ],
    [{ usersTable: 'users' }, /Invalid recommender.usersTable 'users'/],
    [{ productsTable: 'a.b-c' }, /Invalid recommender.productsTable/],
    [{ clickstream: 'data/../x.json' }, /Invalid recommender.clickstream/],
  ])('refuses %j', (bad, message) => {
    expect(() => read({ catalogUri: 'http://c', ...bad })).toThrow(message);
  });
});
