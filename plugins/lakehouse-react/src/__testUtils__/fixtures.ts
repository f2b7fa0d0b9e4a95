import type {
  EngineSnapshot,
  JobSummary,
} from '@internal/plugin-lakehouse-common';
import type {
  EngineInstanceSummary,
  JobDetailResponse,
  JobsPage,
} from '../api/LakehouseApi';

/** Base URL the test client calls; msw handlers match it. */
export { LAKEHOUSE_TEST_BASE_URL as BASE_URL } from '../testUtils/lakehouseApiPair';

export const sparkApp: JobSummary = {
  id: 'app-20261126182904-0000',
  name: 'orders-compaction',
  engine: 'spark',
  instance: 'local',
  kind: 'application',
  state: 'RUNNING',
  rawState: 'RUNNING',
  startTime: '2026-11-26T18:29:04.808Z',
  durationMs: 15205,
  links: [
    {
      title: 'Spark master',
      url: 'http://127.0.0.1:8080/app/?appId=app-20261126182904-0000',
    },
  ],
};

export const sparkDriver: JobSummary = {
  id: 'driver-20261126182842-0002',
  name: 'driver-20261126182842-0002',
  engine: 'spark',
  instance: 'local',
  kind: 'driver',
  state: 'FAILED',
  rawState: 'ERROR',
  startTime: '2026-11-26T18:28:42.943Z',
  links: [],
};

export const flinkJob: JobSummary = {
  id: '8c2b7e4f0a1d4c3e9b5f6a7d8e9f0a1b',
  name: 'fraud-detector',
  engine: 'flink',
  instance: 'local',
  kind: 'job',
  state: 'RUNNING',
  rawState: 'RESTARTING',
  startTime: '2026-11-26T17:00:00.000Z',
  durationMs: 5_400_000,
  links: [
    {
      title: 'Flink UI',
      url: 'http://127.0.0.1:8081/#/job/running/8c2b7e4f0a1d4c3e9b5f6a7d8e9f0a1b/overview',
    },
  ],
};

export const rayJob: JobSummary = {
  id: 'raysubmit_XyZ123',
  name: 'feature-backfill',
  engine: 'ray',
  instance: 'local',
  kind: 'job',
  state: 'SUCCEEDED',
  rawState: 'SUCCEEDED',
  startTime: '2026-11-26T16:00:00.000Z',
  endTime: '2026-11-26T16:02:05.000Z',
  durationMs: 125_000,
  links: [
    { title: 'Ray dashboard', url: 'http://127.0.0.1:8265/#/jobs/03000000' },
  ],
};

export const sparkSummary: EngineInstanceSummary = {
  engine: 'spark',
  instance: 'local',
  fetchedAt: '2026-11-26T18:29:20.000Z',
  ageMs: 4_000,
  cluster: {
    nodeKind: 'worker',
    nodes: { alive: 1, total: 1 },
    cpu: { used: 2, total: 2 },
    memoryBytes: { used: 1024 * 1024 * 1024, total: 3 * 1024 * 1024 * 1024 },
  },
  jobCounts: {
    PENDING: 0,
    RUNNING: 1,
    SUCCEEDED: 0,
    FAILED: 1,
    CANCELLED: 0,
    UNKNOWN: 0,
  },
};

export const sparkSnapshot: EngineSnapshot = {
  engine: 'spark',
  instance: 'local',
  fetchedAt: sparkSummary.fetchedAt,
  ageMs: sparkSummary.ageMs,
  data: { cluster: sparkSummary.cluster!, jobs: [sparkApp, sparkDriver] },
};

export function jobsPage(
  items: JobSummary[],
  extra?: Partial<JobsPage>,
): JobsPage {
  return {
    items,
    total: items.length,
    limit: 50,
    offset: 0,
    errors: [],
    ...extra,
  };
}

export const flinkDetail: JobDetailResponse = {
  job: flinkJob,
  detail: {
    source: 'rest',
    engine: 'flink',
    vertices: [
      {
        id: 'v1',
        name: 'Source: transactions',
        parallelism: 2,
        status: 'RUNNING',
        durationMs: 5_400_000,
        readRecords: 120_000,
        writeRecords: 118_000,
        backpressure: 'high',
        backpressureRatio: 0.87,
        watermark: null,
      },
      {
        id: 'v2',
        name: 'FraudDetector -> Sink: alerts',
        parallelism: 4,
        status: 'RUNNING',
        durationMs: 5_399_000,
        readRecords: 118_000,
        writeRecords: 0,
        backpressure: 'ok',
        backpressureRatio: 0,
        watermark: '2026-11-26T18:29:30.000Z',
      },
    ],
    records: { in: 120_000, out: 118_000 },
    watermark: '2026-11-26T18:29:30.000Z',
    checkpoints: {
      total: 120,
      inProgress: 1,
      completed: 117,
      failed: 2,
      latestCompletedId: 119,
      latestCompletedAt: '2026-11-26T18:29:00.000Z',
    },
    exceptions: [
      {
        name: 'java.io.IOException',
        time: '2026-11-26T18:10:00.000Z',
        task: 'FraudDetector (2/4)',
        rootCause: 'java.io.IOException: Connection reset by peer',
        stacktrace:
          'java.io.IOException: Connection reset by peer\n\tat org.apache.flink...',
      },
    ],
    sectionErrors: [],
  },
};

export const rayDetail: JobDetailResponse = {
  job: rayJob,
  detail: {
    source: 'rest',
    engine: 'ray',
    entrypoint: 'python backfill.py --days 7',
    message: 'Job finished successfully.',
    errorType: null,
    driverExitCode: 0,
    logs: 'starting backfill\nwrote 7 partitions\ndone\n',
    logsTruncated: false,
    logsError: null,
  },
};

export const sparkDriverDetail: JobDetailResponse = {
  job: sparkDriver,
  detail: {
    source: 'rest',
    engine: 'spark',
    driver: {
      masterState: 'ERROR',
      worker: 'worker-20261126182654-127.0.0.1-35107',
      cores: 1,
      memoryMiB: 512,
      mainClass: 'org.apache.spark.deploy.SparkSubmit',
      submitted: 'Thu Nov 26 18:28:42 UTC 2026',
    },
    submission: {
      driverState: 'ERROR',
      workerHostPort: '127.0.0.1:35107',
      message:
        'Exception from the cluster: java.lang.ClassNotFoundException: com.example.Compaction',
    },
    sectionErrors: [],
  },
};

/** A Backstage backend error body, as the default error handler serialises it. */
export function errorBody(name: string, message: string, statusCode: number) {
  return {
    error: { name, message },
    request: { method: 'GET', url: '/api/lakehouse' },
    response: { statusCode },
  };
}
