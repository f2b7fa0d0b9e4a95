import { registerMswTestHooks } from '@backstage/backend-test-utils';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  isRestJobDetail,
  type JobDetailResponse,
} from '@internal/plugin-lakehouse-common';
import {
  fixtureEngineHandlers,
  ENGINE_URLS,
  RAY_FAILED_JOB_ID,
} from '../../__testUtils__/fixtureEngines';
import {
  MAX_LOG_CHARS,
  MAX_LOG_FETCH_BYTES,
  RayDashboardClient,
} from './RayDashboardClient';

const server = setupServer();
registerMswTestHooks(server);

const client = new RayDashboardClient({
  engine: 'ray',
  name: 'local',
  url: ENGINE_URLS.ray,
  timeoutMs: 1_000,
  refreshIntervalMs: 10_000,
  submitTimeoutMs: 10_000,
});
function rayDetail(response: JobDetailResponse | undefined) {
  if (!response || !isRestJobDetail(response.detail, 'ray'))
    throw new Error(`not a Ray job detail: ${JSON.stringify(response)}`);
  return response.detail;
}

const logsUrl = `${ENGINE_URLS.ray}/api/jobs/${RAY_FAILED_JOB_ID}/logs`;

describe('RayDashboardClient', () => {
  it('treats a missing Serve (501) as no services, not as a failure', async () => {
    server.use(...fixtureEngineHandlers());
    const data = await client.fetchSnapshot();
    expect(data.services).toBeUndefined();
    expect(data.jobs.map(j => j.state)).toEqual(['SUCCEEDED', 'FAILED']);
  });

  it('lists Serve applications when Serve answers', async () => {
    server.use(
      http.get(`${ENGINE_URLS.ray}/api/serve/applications/`, () =>
        HttpResponse.json({
          applications: {
            recs: { name: 'recs', status: 'RUNNING', route_prefix: '/recs' },
          },
        }),
      ),
      ...fixtureEngineHandlers(),
    );
    expect((await client.fetchSnapshot()).services).toEqual([
      { name: 'recs', rawStatus: 'RUNNING', routePrefix: '/recs' },
    ]);
  });

  it('serves the tail of long logs, marked truncated', async () => {
    const logs = `${'early line\n'.repeat(
      20_000,
    )}Traceback: the reason it failed\n`;
    server.use(
      http.get(logsUrl, () => HttpResponse.json({ logs })),
      ...fixtureEngineHandlers(),
    );
    const detail = rayDetail(await client.fetchJobDetail(RAY_FAILED_JOB_ID));
    expect(detail.logsTruncated).toBe(true);
    expect(detail.logs?.length).toBe(MAX_LOG_CHARS);
    expect(detail.logs).toMatch(/the reason it failed\n$/);
  });

  it('drops the terminal colour codes Ray puts in its log lines', async () => {
    const logs =
      'View the dashboard at \u001b[1m\u001b[32mhttp://127.0.0.1:8265\u001b[39m\u001b[22m\n';
    server.use(
      http.get(logsUrl, () => HttpResponse.json({ logs })),
      ...fixtureEngineHandlers(),
    );
    const detail = rayDetail(await client.fetchJobDetail(RAY_FAILED_JOB_ID));
    expect(detail.logs).toBe('View the dashboard at http://127.0.0.1:8265\n');
  });

  it('keeps the job detail when the logs are too large to fetch', async () => {
    const huge = 'x'.repeat(MAX_LOG_FETCH_BYTES + 1);
    server.use(
      http.get(logsUrl, () => HttpResponse.json({ logs: huge })),
      ...fixtureEngineHandlers(),
    );
    const result = await client.fetchJobDetail(RAY_FAILED_JOB_ID);
    expect(result?.job.state).toBe('FAILED');
    expect(result?.detail).toMatchObject({
      logs: null,
      logsTruncated: false,
      logsError: `${logsUrl} answered more than ${MAX_LOG_FETCH_BYTES} bytes`,
    });
  });

  it('answers undefined for an unknown job', async () => {
    server.use(...fixtureEngineHandlers());
    await expect(
      client.fetchJobDetail('raysubmit_unknown'),
    ).resolves.toBeUndefined();
  });
});
