import { ConfigReader } from '@backstage/config';
import { readIcebergTableConfig } from './config';

const read = (data: object) =>
  readIcebergTableConfig(new ConfigReader(data), {
    section: 'recommender',
    defaultTable: 'recsys.model_versions',
  });

describe('readIcebergTableConfig', () => {
  it('fills in the defaults', () => {
    expect(read({ catalogUri: 'http://nessie:19120/iceberg/' })).toEqual({
      catalogUri: 'http://nessie:19120/iceberg',
      warehouse: 'warehouse',
      namespace: ['recsys'],
      tableName: 'model_versions',
      timeoutMs: 10_000,
      objectStore: {
        endpoint: undefined,
        region: 'us-east-1',
        forcePathStyle: true,
        maxObjectBytes: 64 * 1024 * 1024,
      },
    });
  });

  it('reads every setting', () => {
    expect(
      read({
        catalogUri: 'http://c',
        warehouse: 'w',
        table: 'a.b.c',
        timeout: { seconds: 3 },
        objectStore: {
          endpoint: 'http://s3',
          region: 'eu-west-1',
          forcePathStyle: false,
          maxObjectBytes: 10,
        },
      }),
    ).toMatchObject({
      warehouse: 'w',
      namespace: ['a', 'b'],
      tableName: 'c',
      timeoutMs: 3000,
      objectStore: {
        endpoint: 'http://s3',
        region: 'eu-west-1',
        forcePathStyle: false,
        maxObjectBytes: 10,
      },
    });
  });

  it.each([
    [{ table: 'versions' }, "Invalid recommender.table 'versions'"],
    [{ table: 'a.b-c' }, "Invalid recommender.table 'a.b-c'"],
    [{ timeout: { seconds: 0 } }, 'Invalid recommender.timeout'],
    [
      { objectStore: { maxObjectBytes: 1.5 } },
      "Invalid recommender.objectStore.maxObjectBytes '1.5'",
    ],
  ])('refuses %j', (bad, message) => {
    expect(() => read({ catalogUri: 'http://c', ...bad })).toThrow(message);
  });
});
