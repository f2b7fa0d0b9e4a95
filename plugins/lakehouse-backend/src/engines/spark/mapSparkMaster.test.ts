import masterCompleted from './__fixtures__/master-completed.json';
import masterRunning from './__fixtures__/master-running.json';
import masterWaiting from './__fixtures__/master-waiting.json';
import { mapSparkMaster } from './mapSparkMaster';
import { sparkMasterStateSchema } from './sparkSchemas';

// Fixtures recorded from the local Spark 4.1 standalone master by scripts/record-fixtures.py.
const URL = 'http://127.0.0.1:8080';
const WORKER_UI = 'http://127.0.0.1:8082';
const ctx = {
  instance: 'local',
  url: URL,
  now: Date.parse('2026-11-26T18:38:53.965Z'),
};
const map = (json: unknown) =>
  mapSparkMaster(sparkMasterStateSchema.parse(json), ctx);
const driverLog = (id: string) => [
  {
    title: 'Driver log',
    url: `${WORKER_UI}/logPage/?driverId=${id}&logType=stderr`,
  },
  {
    title: 'Driver output',
    url: `${WORKER_UI}/logPage/?driverId=${id}&logType=stdout`,
  },
];

describe('mapSparkMaster', () => {
  it('maps a running application and its driver', () => {
    expect(map(masterRunning)).toStrictEqual({
      cluster: {
        nodeKind: 'worker',
        nodes: { alive: 1, total: 1 },
        cpu: { used: 2, total: 2 },
        memoryBytes: { used: 1024 * 1024 * 1024, total: 3072 * 1024 * 1024 },
      },
      jobs: [
        {
          id: 'app-20261126183849-0000',
          name: 'fixture-ok',
          engine: 'spark',
          instance: 'local',
          kind: 'application',
          state: 'RUNNING',
          rawState: 'RUNNING',
          startTime: '2026-11-26T18:38:49.302Z',
          durationMs: 912,
          links: [
            {
              title: 'Spark master',
              url: `${URL}/app/?appId=app-20261126183849-0000`,
            },
          ],
        },
        {
          id: 'driver-20261126183843-0000',
          name: 'driver-20261126183843-0000',
          engine: 'spark',
          instance: 'local',
          kind: 'driver',
          state: 'RUNNING',
          rawState: 'RUNNING',
          startTime: '2026-11-26T18:38:43.965Z',
          durationMs: 10_000,
          links: driverLog('driver-20261126183843-0000'),
        },
      ],
    });
  });

  it('tells a failed driver apart from its FINISHED application', () => {
    const { jobs } = map(masterCompleted);
    expect(jobs.map(j => [j.kind, j.name, j.state, j.rawState])).toStrictEqual([
      ['application', 'fixture-ok', 'SUCCEEDED', 'FINISHED'],
      // Spark marks the app of a failed Python driver FINISHED; only the driver says FAILED.
      ['application', 'fixture-fail', 'SUCCEEDED', 'FINISHED'],
      ['driver', 'driver-20261126183843-0000', 'SUCCEEDED', 'FINISHED'],
      ['driver', 'driver-20261126183924-0001', 'FAILED', 'FAILED'],
    ]);
    expect(jobs[1]).toStrictEqual({
      id: 'app-20261126183928-0001',
      name: 'fixture-fail',
      engine: 'spark',
      instance: 'local',
      kind: 'application',
      state: 'SUCCEEDED',
      rawState: 'FINISHED',
      startTime: '2026-11-26T18:39:28.936Z',
      endTime: '2026-11-26T18:39:48.423Z',
      durationMs: 19_487,
      links: [
        {
          title: 'Spark master',
          url: `${URL}/app/?appId=app-20261126183928-0001`,
        },
      ],
    });
    // Ended drivers have no end time in /json/, hence no duration.
    expect(jobs[3]).toStrictEqual({
      id: 'driver-20261126183924-0001',
      name: 'driver-20261126183924-0001',
      engine: 'spark',
      instance: 'local',
      kind: 'driver',
      state: 'FAILED',
      rawState: 'FAILED',
      startTime: '2026-11-26T18:39:24.407Z',
      links: driverLog('driver-20261126183924-0001'),
    });
  });

  it('maps an application waiting for cores as PENDING', () => {
    const { jobs, cluster } = map(masterWaiting);
    expect(jobs[0]).toMatchObject({
      name: 'probe-master',
      state: 'PENDING',
      rawState: 'WAITING',
    });
    expect(cluster.cpu).toStrictEqual({ used: 2, total: 2 });
  });

  it('rejects a master answer without the fields it maps', () => {
    expect(() =>
      sparkMasterStateSchema.parse({ ...masterRunning, workers: undefined }),
    ).toThrow();
  });
});
