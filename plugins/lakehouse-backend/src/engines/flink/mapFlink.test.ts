import jobFailed from './__fixtures__/job-failed.json';
import jobFailedExceptions from './__fixtures__/job-failed-exceptions.json';
import jobRunning from './__fixtures__/job-running.json';
import jobRunningCheckpoints from './__fixtures__/job-running-checkpoints.json';
import jobStreaming from './__fixtures__/job-streaming.json';
import jobStreamingBackpressure from './__fixtures__/job-streaming-backpressure.json';
import jobStreamingCheckpoints from './__fixtures__/job-streaming-checkpoints.json';
import jobStreamingWatermarks from './__fixtures__/job-streaming-watermarks.json';
import jobsCompleted from './__fixtures__/jobs-overview-completed.json';
import jobsRunning from './__fixtures__/jobs-overview-running.json';
import overview from './__fixtures__/overview.json';
import taskManagers from './__fixtures__/taskmanagers.json';
import {
  flinkBackpressureSchema,
  flinkCheckpointsSchema,
  flinkExceptionsSchema,
  flinkJobSchema,
  flinkJobsOverviewSchema,
  flinkOverviewSchema,
  flinkTaskManagersSchema,
  flinkWatermarksSchema,
} from './flinkSchemas';
import {
  MAX_STACKTRACE_CHARS,
  mapFlinkCluster,
  mapFlinkJob,
  mapFlinkJobDetail,
} from './mapFlink';

// Fixtures recorded from the local Flink 2.1 session cluster (job-streaming*: apps/fraud-detection on the
// live clickstream of `./portal start`).
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

  it('says which jobs stream when their type is known, and nothing of the others', () => {
    const data = mapFlinkCluster(
      flinkOverviewSchema.parse(overview),
      flinkTaskManagersSchema.parse(taskManagers),
      flinkJobsOverviewSchema.parse(jobsRunning),
      {
        instance: 'local',
        url: URL,
        streaming: new Map([
          ['4ff61edb6a50d3dbf64fb15dd7e1d938', true],
          ['872dc757a45c211ae12698443ee48964', false],
        ]),
      },
    );
    expect(data.jobs.map(j => [j.name, j.streaming])).toStrictEqual([
      ['fixture-stream', true],
      ['insert-into_nessie.lp_test.fraud_dc715ef6', false],
      ['insert-into_default_catalog.default_database.lp_out', undefined],
    ]);
    // Unknown: no key at all (the status schema is strict, and tests compare strictly).
    expect(data.jobs[2]).not.toHaveProperty('streaming');
  });
});

describe('mapFlinkJobDetail', () => {
  it('maps vertices and checkpoint counts of a starting job, its record counts unknown yet', () => {
    const detail = mapFlinkJobDetail(
      flinkJobSchema.parse(jobRunning),
      flinkCheckpointsSchema.parse(jobRunningCheckpoints),
      undefined,
    );
    expect(detail).toStrictEqual({
      source: 'rest',
      engine: 'flink',
      vertices: [
        {
          id: expect.any(String),
          name: 'Source: src[14]',
          parallelism: 1,
          status: 'CREATED',
          durationMs: expect.any(Number),
          readRecords: null,
          writeRecords: null,
        },
        {
          id: expect.any(String),
          name: 'sink[15]: Writer',
          parallelism: 1,
          status: 'CREATED',
          durationMs: expect.any(Number),
          readRecords: null,
          writeRecords: null,
        },
      ],
      watermark: null,
      checkpoints: {
        total: 0,
        inProgress: 0,
        completed: 0,
        failed: 0,
        latestCompletedId: null,
        latestCompletedAt: null,
      },
      exceptions: [],
      sectionErrors: [],
    });
  });

  it('keeps the failure of a failed job, with a bounded stack trace', () => {
    const detail = mapFlinkJobDetail(
      flinkJobSchema.parse(jobFailed),
      null,
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

  it('reports the flow of a running streaming job: records, backpressure, watermark', () => {
    const job = flinkJobSchema.parse(jobStreaming);
    // One vertex sampled as recorded; the source has no input watermark; the others not answered.
    const [source, burst, , sink] = job.vertices;
    const watermarks = flinkWatermarksSchema.parse(jobStreamingWatermarks);
    const live = new Map([
      [source.id, { watermarks: [] }],
      [
        burst.id,
        {
          backpressure: flinkBackpressureSchema.parse(jobStreamingBackpressure),
          watermarks,
        },
      ],
      [sink.id, { watermarks }],
    ]);
    const detail = mapFlinkJobDetail(
      job,
      flinkCheckpointsSchema.parse(jobStreamingCheckpoints),
      undefined,
      live,
    );
    const vertices = detail.vertices as Array<Record<string, unknown>>;
    expect(vertices.map(v => v.name)).toStrictEqual([
      expect.stringMatching(/^Source: clickstream_events/),
      expect.stringMatching(/^GlobalWindowAggregate/),
      expect.stringMatching(/^GlobalWindowAggregate/),
      expect.stringMatching(/^IcebergStreamWriter/),
    ]);
    const watermark = new Date(Number(watermarks[0].value)).toISOString();
    expect(vertices[0]).toMatchObject({ readRecords: 2960, watermark: null });
    expect(vertices[0]).not.toHaveProperty('backpressure');
    expect(vertices[1]).toMatchObject({
      backpressure: 'ok',
      backpressureRatio: 0,
      watermark,
    });
    expect(vertices[2]).not.toHaveProperty('watermark');
    // In: what the source read; out: what the Iceberg sink received (the alerts).
    expect(detail.records).toStrictEqual({ in: 2960, out: 1 });
    expect(detail.watermark).toBe(watermark);
    expect(detail.checkpoints).toMatchObject({
      completed: 3,
      latestCompletedAt: expect.stringMatching(/^2026-11-26T23:3/),
    });
  });

  it('has no job watermark while a sink has none yet (Long.MIN_VALUE)', () => {
    const job = flinkJobSchema.parse(jobStreaming);
    const sink = job.vertices[3];
    const none = [
      { id: '0.currentInputWatermark', value: '-9223372036854775808' },
    ];
    const detail = mapFlinkJobDetail(
      job,
      null,
      undefined,
      new Map([[sink.id, { watermarks: none }]]),
    );
    expect(detail.watermark).toBeNull();
    expect(
      (detail.vertices as Array<Record<string, unknown>>)[3].watermark,
    ).toBeNull();
  });
});
