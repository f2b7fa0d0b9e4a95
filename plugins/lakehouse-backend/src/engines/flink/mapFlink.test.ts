import jobFailed from './__fixtures__/job-failed.json';
import jobFailedExceptions from './__fixtures__/job-failed-exceptions.json';
import jobRunning from './__fixtures__/job-running.json';
import jobRunningCheckpoints from './__fixtures__/job-running-checkpoints.json';
import jobsCompleted from './__fixtures__/jobs-overview-completed.json';
import jobsRunning from './__fixtures__/jobs-overview-running.json';
import overview from './__fixtures__/overview.json';
import taskManagers from './__fixtures__/taskmanagers.json';
import {
  flinkCheckpointsSchema,
  flinkExceptionsSchema,
  flinkJobSchema,
  flinkJobsOverviewSchema,
  flinkOverviewSchema,
  flinkTaskManagersSchema,
} from './flinkSchemas';
import {
  MAX_STACKTRACE_CHARS,
  mapFlinkCluster,
  mapFlinkJob,
  mapFlinkJobDetail,
} from './mapFlink';

// Fixtures recorded from the local Flink 2.1 session cluster by scripts/record-fixtures.py.
const URL = 'http://127.0.0.1:8081';
const ui = (kind: string, jid: string) => [
  { title: 'Flink UI', url: `${URL}/#/job/${kind}/${jid}/overview` },
];

describe('mapFlinkCluster', () => {
  it('maps overview, task managers and a running job', () => {
    const data = mapFlinkCluster(
      flinkOverviewSchema.parse(overview),
      flinkTaskManagersSchema.parse(taskManagers),
      flinkJobsOverviewSchema.parse(jobsRunning),
      { instance: 'local', url: URL },
    );
    expect(data.cluster).toStrictEqual({
      nodeKind: 'taskmanager',
      nodes: { alive: 1, total: 1 },
      slots: { used: 1, total: 2 },
      cpu: { used: 1, total: 2 },
      // 287 + 435 + 108 MiB in total, 143 + 217 + 54 MiB free.
      memoryBytes: { used: 416 * 1024 * 1024, total: 830 * 1024 * 1024 },
      version: '2.1.3',
    });
    expect(data.jobs[0]).toStrictEqual({
      id: '4ff61edb6a50d3dbf64fb15dd7e1d938',
      name: 'fixture-stream',
      engine: 'flink',
      instance: 'local',
      kind: 'job',
      state: 'RUNNING',
      rawState: 'RUNNING',
      startTime: '2026-11-26T18:37:13.112Z',
      durationMs: 564,
      links: ui('running', '4ff61edb6a50d3dbf64fb15dd7e1d938'),
    });
    expect(data.jobs).toHaveLength(3);
  });

  it('normalises finished, failed and cancelled jobs', () => {
    const jobs = flinkJobsOverviewSchema
      .parse(jobsCompleted)
      .jobs.map(j => mapFlinkJob(j, 'local', URL));
    expect(jobs.map(j => [j.name, j.state, j.rawState])).toStrictEqual([
      ['fixture-fail', 'FAILED', 'FAILED'],
      ['fixture-ok', 'SUCCEEDED', 'FINISHED'],
      ['fixture-stream', 'CANCELLED', 'CANCELED'],
      ['insert-into_nessie.lp_test.fraud_dc715ef6', 'SUCCEEDED', 'FINISHED'],
      [
        'insert-into_default_catalog.default_database.lp_out',
        'SUCCEEDED',
        'FINISHED',
      ],
    ]);
    expect(jobs[0]).toStrictEqual({
      id: '337f709e6b8e2573840b4cf373254dff',
      name: 'fixture-fail',
      engine: 'flink',
      instance: 'local',
      kind: 'job',
      state: 'FAILED',
      rawState: 'FAILED',
      startTime: '2026-11-26T18:37:34.795Z',
      endTime: '2026-11-26T18:37:49.149Z',
      durationMs: 14354,
      links: ui('completed', '337f709e6b8e2573840b4cf373254dff'),
    });
  });
});

describe('mapFlinkJobDetail', () => {
  it('maps vertices and checkpoint counts of a running streaming job', () => {
    const detail = mapFlinkJobDetail(
      flinkJobSchema.parse(jobRunning),
      flinkCheckpointsSchema.parse(jobRunningCheckpoints),
      undefined,
    );
    expect(detail).toStrictEqual({
      vertices: [
        {
          id: expect.any(String),
          name: 'Source: src[14]',
          parallelism: 1,
          status: 'CREATED',
          durationMs: expect.any(Number),
        },
        {
          id: expect.any(String),
          name: 'sink[15]: Writer',
          parallelism: 1,
          status: 'CREATED',
          durationMs: expect.any(Number),
        },
      ],
      checkpoints: {
        total: 0,
        in_progress: 0,
        completed: 0,
        failed: 0,
        latestCompletedId: null,
        latestCompletedAt: null,
      },
      exceptions: [],
    });
  });

  it('keeps the failure of a failed job, with a bounded stack trace', () => {
    const detail = mapFlinkJobDetail(
      flinkJobSchema.parse(jobFailed),
      undefined,
      flinkExceptionsSchema.parse(jobFailedExceptions),
    );
    const exceptions = detail.exceptions as Array<
      Record<string, string | null>
    >;
    expect(exceptions).toHaveLength(1);
    expect(exceptions[0]).toMatchObject({
      name: 'org.apache.flink.runtime.JobException',
      time: '2026-11-26T18:37:49.149Z',
      task: null,
    });
    expect(exceptions[0].stacktrace!.length).toBe(MAX_STACKTRACE_CHARS);
    // The Python error is past the kept stack trace, so it is surfaced as the root cause.
    expect(exceptions[0].stacktrace).not.toContain('failing on purpose');
    expect(exceptions[0].rootCause).toMatch(
      /^Caused by: java.lang.RuntimeException: Error received from SDK harness/,
    );
    expect(exceptions[0].rootCause).toMatch(
      /RuntimeError: lakehouse integration test: failing on purpose$/,
    );
    expect(detail.checkpoints).toBeNull();
  });
});
