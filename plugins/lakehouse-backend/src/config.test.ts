import { ConfigReader } from '@backstage/config';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readEngineInstances, readLineageConfig } from './config';

const read = (engines: object) =>
  readEngineInstances(new ConfigReader({ lakehouse: { engines } }));

describe('readEngineInstances', () => {
  it('reads every engine with defaults and duration strings', () => {
    expect(
      read({
        spark: [
          {
            name: 'local',
            url: 'http://127.0.0.1:8080/',
            restUrl: 'http://127.0.0.1:6066',
            masterUrl: 'spark://127.0.0.1:7077',
            submitTimeout: '30s',
          },
        ],
        flink: [
          {
            name: 'local',
            url: 'http://127.0.0.1:8081',
            timeout: '2s',
            refreshInterval: { seconds: 30 },
          },
        ],
        ray: [
          {
            name: 'head-1',
            url: 'https://ray.example.com/dashboard',
            timeout: 'PT0.5S',
          },
        ],
      }),
    ).toStrictEqual([
      {
        engine: 'spark',
        name: 'local',
        url: 'http://127.0.0.1:8080',
        restUrl: 'http://127.0.0.1:6066',
        masterUrl: 'spark://127.0.0.1:7077',
        timeoutMs: 5_000,
        refreshIntervalMs: 10_000,
        submitTimeoutMs: 30_000,
      },
      {
        engine: 'flink',
        name: 'local',
        url: 'http://127.0.0.1:8081',
        restUrl: undefined,
        masterUrl: undefined,
        timeoutMs: 2_000,
        refreshIntervalMs: 30_000,
        submitTimeoutMs: 120_000,
        savepointTimeoutMs: 300_000,
      },
      {
        engine: 'ray',
        name: 'head-1',
        url: 'https://ray.example.com/dashboard',
        restUrl: undefined,
        masterUrl: undefined,
        timeoutMs: 500,
        refreshIntervalMs: 10_000,
        submitTimeoutMs: 120_000,
      },
    ]);
  });

  it("reads Flink's runner jar as a file to upload or a pinned jar id, nothing else", () => {
    const jar = (pythonRunnerJar: string, engine = 'flink') =>
      read({ [engine]: [{ name: 'a', url: 'http://f', pythonRunnerJar }] })[0]
        .pythonRunnerJar;
    const file = join(mkdtempSync(join(tmpdir(), 'runner-jar-')), 'r.jar');
    writeFileSync(file, 'PK');
    expect(jar(file)).toEqual({ file });
    expect(jar('9c1a0f6a-5a02_flink-python-2.1.3.jar')).toEqual({
      id: '9c1a0f6a-5a02_flink-python-2.1.3.jar',
    });
    expect(() => jar('/nowhere/flink-python-2.1.3.jar')).toThrow(
      "Invalid lakehouse.engines.flink[0].pythonRunnerJar '/nowhere/flink-python-2.1.3.jar': no such jar file",
    );
    expect(() => jar('../up/flink-python.jar')).toThrow(
      'give an absolute path to a jar file or the id of an uploaded jar',
    );
    expect(() => jar('x.jar', 'ray')).toThrow(
      'lakehouse.engines.ray[0].pythonRunnerJar is only supported for flink',
    );
  });

  it('reads no instances when nothing is configured', () => {
    expect(readEngineInstances(new ConfigReader({}))).toEqual([]);
  });

  it.each([
    [
      { spark: [{ name: 'a', url: 'not a url' }] },
      "Invalid lakehouse.engines.spark[0].url 'not a url': not a URL",
    ],
    [
      { flink: [{ name: 'a', url: 'ftp://x' }] },
      "Invalid lakehouse.engines.flink[0].url 'ftp://x': must be http or https",
    ],
    [
      { ray: [{ name: 'a', url: 'http://u:p@ray:8265' }] },
      "Invalid lakehouse.engines.ray[0].url 'http://u:p@ray:8265': must not contain credentials, a query or a fragment",
    ],
    [
      { ray: [{ name: 'a b', url: 'http://r' }] },
      "Invalid lakehouse.engines.ray[0].name 'a b'",
    ],
    [
      {
        flink: [
          { name: 'a', url: 'http://f' },
          { name: 'a', url: 'http://g' },
        ],
      },
      "Duplicate lakehouse.engines.flink name 'a'",
    ],
    [
      { flink: [{ name: 'a', url: 'http://f', restUrl: 'http://r' }] },
      'lakehouse.engines.flink[0].restUrl and masterUrl are only supported for spark',
    ],
    [
      { ray: [{ name: 'a', url: 'http://r', openLineage: true }] },
      'lakehouse.engines.ray[0].openLineage is only supported for spark',
    ],
    [
      { spark: [{ name: 'a', url: 'http://s', masterUrl: 'http://s:7077' }] },
      "Invalid lakehouse.engines.spark[0].masterUrl 'http://s:7077': must look like spark://host:7077",
    ],
    [
      { spark: [{ name: 'a', url: 'http://s', timeout: 'soon' }] },
      "Invalid duration 'soon' in config at 'timeout'",
    ],
    [
      { spark: [{ name: 'a', url: 'http://s', refreshInterval: '0s' }] },
      'Invalid lakehouse.engines.spark[0].refreshInterval: must be a positive duration',
    ],
    [
      { ray: [{ name: 'a', url: 'http://r', savepointDir: 's3://w/sp' }] },
      'lakehouse.engines.ray[0].savepointDir and savepointTimeout are only supported for flink',
    ],
    [
      { flink: [{ name: 'a', url: 'http://f', savepointDir: 's3://w/sp/' }] },
      "Invalid lakehouse.engines.flink[0].savepointDir 's3://w/sp/': give a URI Flink can write to",
    ],
    [
      { flink: [{ name: 'a', url: 'http://f', savepointDir: '/tmp/sp' }] },
      "Invalid lakehouse.engines.flink[0].savepointDir '/tmp/sp'",
    ],
  ])('rejects bad config %#', (engines, message) => {
    expect(() => read(engines)).toThrow(message);
  });
});

describe('readLineageConfig', () => {
  it('works without config: the catalog is nessie, Flink plans are read', () => {
    expect(readLineageConfig(new ConfigReader({}))).toEqual({
      openLineageUrl: undefined,
      openLineageNamespace: 'lakehouse',
      icebergCatalogNames: ['nessie'],
      flinkPlanEnabled: true,
      retentionMs: 90 * 24 * 3600_000,
    });
  });

  it('reads the catalog names, the Flink switch and the retention, refusing a dotted name', () => {
    const readLineage = (lineage: object) =>
      readLineageConfig(new ConfigReader({ lakehouse: { lineage } }));
    expect(
      readLineage({
        icebergCatalogNames: ['lake', 'nessie'],
        flinkPlan: { enabled: false },
        retention: { days: 7 },
        openLineage: {
          url: 'http://portal.lakehouse:7007/api/lakehouse/lineage/api/v1/lineage/',
          namespace: 'lake',
        },
      }),
    ).toEqual({
      openLineageUrl:
        'http://portal.lakehouse:7007/api/lakehouse/lineage/api/v1/lineage',
      openLineageNamespace: 'lake',
      icebergCatalogNames: ['lake', 'nessie'],
      flinkPlanEnabled: false,
      retentionMs: 7 * 24 * 3600_000,
    });
    expect(() => readLineage({ openLineage: { url: 'not a url' } })).toThrow(
      /lakehouse.lineage.openLineage.url/,
    );
    expect(() => readLineage({ retention: '0 days' })).toThrow(
      /lakehouse.lineage.retention/,
    );
    expect(() => readLineage({ icebergCatalogNames: ['a.b'] })).toThrow(
      /lakehouse.lineage.icebergCatalogNames entry 'a.b'/,
    );
  });
});
