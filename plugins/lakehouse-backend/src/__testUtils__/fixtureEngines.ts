import { http, HttpResponse, passthrough } from 'msw';
import flinkJobFailed from '../engines/flink/__fixtures__/job-failed.json';
import flinkJobFailedExceptions from '../engines/flink/__fixtures__/job-failed-exceptions.json';
import flinkJobs from '../engines/flink/__fixtures__/jobs-overview-completed.json';
import flinkOverview from '../engines/flink/__fixtures__/overview.json';
import flinkTaskManagers from '../engines/flink/__fixtures__/taskmanagers.json';
import rayClusterStatus from '../engines/ray/__fixtures__/cluster-status.json';
import rayJobFailed from '../engines/ray/__fixtures__/job-failed.json';
import rayJobFailedLogs from '../engines/ray/__fixtures__/job-failed-logs.json';
import rayJobs from '../engines/ray/__fixtures__/jobs-completed.json';
import rayNodes from '../engines/ray/__fixtures__/nodes.json';
import sparkMaster from '../engines/spark/__fixtures__/master-completed.json';

/** Base URLs of the msw-served engines; the backend config in tests points here. */
export const ENGINE_URLS = {
  spark: 'http://spark.test:8080',
  flink: 'http://flink.test:8081',
  ray: 'http://ray.test:8265',
};

export const FLINK_FAILED_JOB_ID = flinkJobFailed.jid;
export const RAY_FAILED_JOB_ID = rayJobFailed.submission_id;

/** The `lakehouse.engines` config for the msw engines, one `local` instance each. */
export const fixtureEnginesConfig = {
  spark: [{ name: 'local', url: ENGINE_URLS.spark }],
  flink: [{ name: 'local', url: ENGINE_URLS.flink }],
  ray: [{ name: 'local', url: ENGINE_URLS.ray }],
};

/** msw handlers answering with the responses recorded from the real local engines. */
export function fixtureEngineHandlers() {
  const { spark, flink, ray } = ENGINE_URLS;
  return [
    http.get(`${spark}/json/`, () => HttpResponse.json(sparkMaster)),
    http.get(`${flink}/overview`, () => HttpResponse.json(flinkOverview)),
    http.get(`${flink}/taskmanagers`, () =>
      HttpResponse.json(flinkTaskManagers),
    ),
    http.get(`${flink}/jobs/overview`, () => HttpResponse.json(flinkJobs)),
    http.get(`${flink}/jobs/:id`, ({ params }) =>
      params.id === FLINK_FAILED_JOB_ID
        ? HttpResponse.json(flinkJobFailed)
        : HttpResponse.json({ errors: ['Job not found'] }, { status: 404 }),
    ),
    http.get(`${flink}/jobs/:id/checkpoints`, () =>
      HttpResponse.json({ errors: ['no checkpoints'] }, { status: 404 }),
    ),
    http.get(`${flink}/jobs/:id/exceptions`, () =>
      HttpResponse.json(flinkJobFailedExceptions),
    ),
    http.get(`${ray}/api/v0/nodes`, () => HttpResponse.json(rayNodes)),
    http.get(`${ray}/api/cluster_status`, () =>
      HttpResponse.json(rayClusterStatus),
    ),
    http.get(`${ray}/api/jobs/`, () => HttpResponse.json(rayJobs)),
    http.get(`${ray}/api/jobs/:id`, ({ params }) =>
      params.id === RAY_FAILED_JOB_ID
        ? HttpResponse.json(rayJobFailed)
        : HttpResponse.text('Job not found', { status: 404 }),
    ),
    http.get(`${ray}/api/jobs/:id/logs`, () =>
      HttpResponse.json(rayJobFailedLogs),
    ),
    http.get(`${ray}/api/serve/applications/`, () =>
      HttpResponse.text('Serve dependencies are not installed.', {
        status: 501,
      }),
    ),
  ];
}

/** supertest calls the test backend on a local port; msw must let those through. */
export const passthroughTestBackend = http.all(
  /^http:\/\/(127\.0\.0\.1|localhost|\[::1\]):\d+\/api\//,
  () => passthrough(),
);
