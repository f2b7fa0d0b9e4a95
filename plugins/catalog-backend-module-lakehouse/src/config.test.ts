import { ConfigReader } from '@backstage/config';
import {
  readIcebergTablesConfig,
  readLineageConfig,
  readLongRunningJobsConfig,
} from './config';

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
        branches: ['dev', 'release/2026-12'],
      }),
    ).toEqual({
      catalogUri: 'http://nessie:19120/iceberg',
      warehouse: 'warehouse',
      system: 'system:default/lakehouse-platform',
      defaultOwner: 'group:default/platform-team',
      owners: new Map([['fraud', 'group:default/fraud-streaming-team']]),
      frequencyMs: 60_000,
      rereadIntervalMs: 3_600_000,
      timeoutMs: 10_000,
      branches: ['dev', 'release/2026-12'],
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
    [
      {
        catalogUri: 'http://n/iceberg',
        defaultOwner: 'group:a',
        rereadInterval: '0s',
      },
      /rereadInterval/,
    ],
    [
      {
        catalogUri: 'http://n/iceberg',
        defaultOwner: 'group:a',
        branches: ['dev', '../main'],
      },
      /branches entry '..\/main': a Nessie branch or tag name/,
    ],
  ])('refuses %j, saying what to write', (c, why) => {
    expect(() => read(c)).toThrow(why);
  });
});

describe('lakehouse.catalog.longRunningJobs', () => {
  const readJobs = (longRunningJobs: Record<string, any>) =>
    readLongRunningJobsConfig(
      new ConfigReader({ lakehouse: { catalog: { longRunningJobs } } }),
    );

  it('is off when not configured, and has defaults for everything', () => {
    expect(
      readLongRunningJobsConfig(new ConfigReader({ lakehouse: {} })),
    ).toBeUndefined();
    expect(readJobs({})).toEqual({
      owner: 'group:default/platform-team',
      system: 'system:default/lakehouse-platform',
      frequencyMs: 30_000,
      timeoutMs: 10_000,
    });
    expect(
      readJobs({ owner: 'streaming-team', frequency: '1m', timeout: '3s' }),
    ).toMatchObject({
      owner: 'group:default/streaming-team',
      frequencyMs: 60_000,
      timeoutMs: 3_000,
    });
  });

  it.each([
    [{ owner: 'group:a b' }, /owner 'group:a b'/],
    [{ frequency: '0s' }, /longRunningJobs.frequency/],
    [{ system: 'x:' }, /system 'x:'/],
  ])('refuses %j', (c, why) => {
    expect(() => readJobs(c)).toThrow(why);
  });
});

describe('lakehouse.catalog.lineage', () => {
  const readLineage = (lineage?: Record<string, any>) =>
    readLineageConfig(
      new ConfigReader({ lakehouse: { catalog: lineage ? { lineage } : {} } }),
    );

  it('is on by default, with a 30 s cache and a 10 s timeout', () => {
    expect(readLineage()).toEqual({ cacheMs: 30_000, timeoutMs: 10_000 });
    expect(readLineage({ cacheSeconds: 5, timeout: '2s' })).toEqual({
      cacheMs: 5_000,
      timeoutMs: 2_000,
    });
  });

  it('is off with enabled: false', () => {
    expect(readLineage({ enabled: false })).toBeUndefined();
    expect(readLineage({ enabled: true })).toBeDefined();
  });

  it.each([[{ cacheSeconds: 0 }], [{ cacheSeconds: 100_000 }]])(
    'refuses %j',
    c => {
      expect(() => readLineage(c)).toThrow(/lineage.cacheSeconds/);
    },
  );
});
