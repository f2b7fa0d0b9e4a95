import { ConfigReader } from '@backstage/config';
import { readIcebergTablesConfig } from './config';

const read = (icebergTables: Record<string, any>) =>
  readIcebergTablesConfig(
    new ConfigReader({ lakehouse: { catalog: { icebergTables } } }),
  );

describe('lakehouse.catalog.icebergTables', () => {
  it('reads the catalog, owners and intervals, with their defaults', () => {
    expect(
      read({
        catalogUri: 'http://nessie:19120/iceberg/',
        defaultOwner: 'platform-team',
        owners: { fraud: 'group:default/fraud-streaming-team' },
        frequency: '1m',
      }),
    ).toEqual({
      catalogUri: 'http://nessie:19120/iceberg',
      warehouse: 'warehouse',
      system: 'system:default/lakehouse-platform',
      defaultOwner: 'group:default/platform-team',
      owners: new Map([['fraud', 'group:default/fraud-streaming-team']]),
      frequencyMs: 60_000,
      timeoutMs: 10_000,
    });
    expect(
      readIcebergTablesConfig(new ConfigReader({ lakehouse: {} })),
    ).toBeUndefined();
  });

  it.each([
    [
      { catalogUri: 'nessie:19120', defaultOwner: 'group:a' },
      /catalogUri 'nessie:19120'/,
    ],
    [
      { catalogUri: 'http://n/iceberg', defaultOwner: 'group:a b' },
      /defaultOwner 'group:a b'/,
    ],
    [
      {
        catalogUri: 'http://n/iceberg',
        defaultOwner: 'group:a',
        owners: { x: '' },
      },
      /owners.x/,
    ],
    [
      {
        catalogUri: 'http://n/iceberg',
        defaultOwner: 'group:a',
        frequency: '0s',
      },
      /frequency/,
    ],
  ])('refuses %j, saying what to write', (c, why) => {
    expect(() => read(c)).toThrow(why);
  });
});
