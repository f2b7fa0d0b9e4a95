import type {
  EngineKind,
  JobDetail,
  JobDetailResponse,
  JobSummary,
} from '@internal/plugin-lakehouse-common';
import type { EngineInstanceSummary } from '@internal/plugin-lakehouse-react';
import {
  LAKEHOUSE_TEST_BASE_URL as BASE_URL,
  lakehouseApiPair,
} from '@internal/plugin-lakehouse-react/testUtils';
import { http, HttpResponse } from 'msw';

export { BASE_URL, lakehouseApiPair };

const counts = (running: number, failed = 0) => ({
  PENDING: 0,
  RUNNING: running,
  SUCCEEDED: 0,
  FAILED: failed,
  CANCELLED: 0,
  UNKNOWN: 0,
});

function job(
  engine: JobSummary['engine'],
  instance: string,
  id: string,
  name: string,
  extra?: Partial<JobSummary>,
): JobSummary {
  return {
    id,
    name,
    engine,
    instance,
    kind: engine === 'spark' ? 'application' : 'job',
    state: 'RUNNING',
    rawState: 'RUNNING',
    startTime: '2026-11-26T18:00:00.000Z',
    durationMs: 60_000,
    links: [],
    ...extra,
  };
}

/** What the platform looks like: one healthy Spark, a Flink with a timed-out poll over old data, a fresh Flink, a Ray. */
export const engines: EngineInstanceSummary[] = [
  {
    engine: 'spark',
    instance: 'local',
    fetchedAt: '2026-11-26T18:30:00.000Z',
    ageMs: 3_000,
    cluster: {
      nodeKind: 'worker',
      nodes: { alive: 2, total: 2 },
      cpu: { used: 2, total: 4 },
    },
    jobCounts: counts(1),
  },
  {
    engine: 'flink',
    instance: 'local',
    fetchedAt: '2026-11-26T18:20:00.000Z',
    ageMs: 600_000,
    error: {
      kind: 'timeout',
      message:
        'No complete answer from http://localhost:8081/overview within 5000 ms',
    },
    failedAt: '2026-11-26T18:30:00.000Z',
    cluster: {
      nodeKind: 'taskmanager',
      nodes: { alive: 1, total: 1 },
      slots: { used: 2, total: 4 },
      version: '1.20.1',
    },
    jobCounts: counts(1),
  },
  {
    engine: 'flink',
    instance: 'staging',
    fetchedAt: '2026-11-26T18:30:00.000Z',
    ageMs: 2_000,
    cluster: {
      nodeKind: 'taskmanager',
      nodes: { alive: 3, total: 3 },
      slots: { used: 1, total: 12 },
    },
    jobCounts: counts(0, 1),
  },
  {
    engine: 'ray',
    instance: 'local',
    fetchedAt: '2026-11-26T18:30:00.000Z',
    ageMs: 1_000,
    cluster: {
      nodeKind: 'node',
      nodes: { alive: 1, total: 1 },
      cpu: { used: 1, total: 8 },
    },
    jobCounts: counts(1),
    services: [{ name: 'scorer', rawStatus: 'RUNNING', routePrefix: '/score' }],
  },
];

export const jobs: JobSummary[] = [
  job('spark', 'local', 'app-20261126180000-0001', 'orders-compaction'),
  job('flink', 'local', '8c2b7e4f0a1d4c3e9b5f6a7d8e9f0a1b', 'fraud-detector', {
    rawState: 'RESTARTING',
  }),
  job(
    'flink',
    'staging',
    '0a1b2c3d4e5f60718293a4b5c6d7e8f9',
    'clickstream-sessionizer',
    {
      state: 'FAILED',
      rawState: 'FAILED',
      startTime: '2026-11-26T17:00:00.000Z',
    },
  ),
  job(
    'flink',
    'staging',
    '1a1b2c3d4e5f60718293a4b5c6d7e8f9',
    'clickstream-sessionizer',
    {
      startTime: '2026-11-26T18:10:00.000Z',
    },
  ),
  job('ray', 'local', 'raysubmit_XyZ123', 'feature-backfill'),
];

export function errorBody(name: string, message: string, statusCode: number) {
  return {
    error: { name, message },
    request: { method: 'GET', url: '/api/lakehouse' },
    response: { statusCode },
  };
}

/** The newest first page of some jobs, as `GET /jobs` answers it. */
function jobsPage(list: JobSummary[], limit: number) {
  const items = [...list].sort((a, b) =>
    (b.startTime ?? '').localeCompare(a.startTime ?? ''),
  );
  return {
    items: items.slice(0, limit),
    total: items.length,
    limit,
    offset: 0,
    errors: [],
  };
}

/**
 * A fake lakehouse backend over the data above; records the /engines and /jobs
 * queries it got. `embedFirstJobs: false` ignores `firstJobs`, as a backend
 * before it did.
 */
export function lakehouseHandlers(options?: {
  failJobsOf?: string;
  embedFirstJobs?: boolean;
}) {
  const jobQueries: Array<Record<string, string>> = [];
  const engineQueries: Array<Record<string, string>> = [];
  const handlers = [
    http.get(`${BASE_URL}/engines`, ({ request }) => {
      const p = Object.fromEntries(new URL(request.url).searchParams);
      engineQueries.push(p);
      const items = engines
        .filter(e => !p.engine || e.engine === p.engine)
        .map(e =>
          p.firstJobs && options?.embedFirstJobs !== false
            ? {
                ...e,
                firstJobs: jobsPage(
                  jobs.filter(
                    j => j.engine === e.engine && j.instance === e.instance,
                  ),
                  Number(p.firstJobs),
                ),
              }
            : e,
        );
      return HttpResponse.json({ items });
    }),
    http.get(`${BASE_URL}/jobs`, ({ request }) => {
      const p = Object.fromEntries(new URL(request.url).searchParams);
      jobQueries.push(p);
      if (options?.failJobsOf === `${p.engine}/${p.instance}`) {
        return HttpResponse.json(
          errorBody('Error', 'snapshot cache unavailable', 500),
          { status: 500 },
        );
      }
      const matching = jobs
        .filter(
          j =>
            (!p.engine || j.engine === p.engine) &&
            (!p.instance || j.instance === p.instance),
        )
        .filter(j => !p.q || j.name.includes(p.q) || j.id.includes(p.q));
      return HttpResponse.json(jobsPage(matching, Number(p.limit ?? 50)));
    }),
    http.get(`${BASE_URL}/jobs/:engine/:instance/:jobId`, ({ params }) => {
      const found = jobs.find(
        j =>
          j.engine === params.engine &&
          j.instance === params.instance &&
          j.id === params.jobId,
      );
      if (!found) {
        return HttpResponse.json(
          errorBody('NotFoundError', 'no such job', 404),
          { status: 404 },
        );
      }
      const details: Record<EngineKind, JobDetail> = {
        flink: {
          source: 'rest',
          engine: 'flink',
          vertices: [
            {
              id: 'v1',
              name: 'Source: clicks',
              parallelism: 3,
              status: found.rawState,
              durationMs: 1000,
            },
          ],
          checkpoints: null,
          exceptions: [],
          sectionErrors: [],
        },
        ray: {
          source: 'rest',
          engine: 'ray',
          entrypoint: 'python backfill.py',
          message: null,
          errorType: null,
          driverExitCode: null,
          logs: 'hello from ray\n',
          logsTruncated: false,
          logsError: null,
        },
        spark: {
          source: 'rest',
          engine: 'spark',
          application: { user: 'etl', masterState: 'RUNNING' },
          sectionErrors: [],
        },
      };
      return HttpResponse.json<JobDetailResponse>({
        job: found,
        detail: details[found.engine],
      });
    }),
  ];
  return { handlers, jobQueries, engineQueries };
}
