import {
  createExtensionTester,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import type {
  FraudSummary,
  FraudSummaryResponse,
} from '@internal/plugin-fraud-common';
import type {
  JobDetailResponse,
  JobSummary,
  JobsPage,
} from '@internal/plugin-lakehouse-common';
import {
  LakehouseClient,
  lakehouseApiRef,
} from '@internal/plugin-lakehouse-react';
import { screen } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { FraudClient, fraudApiRef } from './api';
import {
  BASE,
  discoveryApi,
  fetchApi,
  mswServer,
  noAlertsTable,
} from './__testUtils__/apis';
import { duration } from './components/KpiTiles';
import plugin from './plugin';

const server = mswServer();
const apis = [
  [fraudApiRef, new FraudClient({ discoveryApi, fetchApi })],
  [lakehouseApiRef, new LakehouseClient({ discoveryApi, fetchApi })],
] as const;

const summary: FraudSummary = {
  table: 'fraud.alerts',
  snapshots: 3,
  lastCommitAt: '2025-09-26T14:00:05.000Z',
  range: {},
  kpis: {
    alerts: 12,
    flaggedUsers: 9,
    alertsPerHour: 4.5,
    detectionLatencyMs: { p50: 1500, p95: 4000 },
  },
  overTime: [
    {
      bucketStart: '2025-09-26T14:00:00.000Z',
      counts: { burst: 9, failed_payments: 3 },
    },
  ],
  bucketMs: 60_000,
  topUsers: [
    { userId: 'user-fraud-1', alerts: 2, events: 24, rules: ['burst'] },
  ],
  latest: [
    {
      userId: 'user-fraud-1',
      rule: 'burst',
      windowStart: '2025-09-26T14:00:00.000Z',
      windowEnd: '2025-09-26T14:00:10.000Z',
      eventCount: 12,
      detectedAt: '2025-09-26T14:00:11.500Z',
    },
  ],
};

function render() {
  return renderInTestApp(
    createExtensionTester(plugin.getExtension('page:fraud')).reactElement(),
    {
      apis,
    },
  );
}

jest.setTimeout(30_000);

const detectorJob: JobSummary = {
  id: 'j1',
  name: 'fraud-detection',
  engine: 'flink',
  instance: 'local',
  kind: 'job',
  state: 'RUNNING',
  rawState: 'RUNNING',
  links: [],
};

describe('fraud dashboard page', () => {
  it('writes latencies in the unit that reads best', () => {
    expect([1500, 720_000, 11_520_000, 36_835_225_300].map(duration)).toEqual([
      '1.5 s',
      '12 min',
      '3.2 h',
      '426 d',
    ]);
  });

  it('shows the KPIs, top users, latest alerts and the detector job', async () => {
    server.use(
      http.get(`${BASE}/fraud/summary`, () =>
        HttpResponse.json<FraudSummaryResponse>({
          state: 'ready',
          table: 'fraud.alerts',
          summary,
        }),
      ),
      http.get(`${BASE}/lakehouse/jobs`, ({ request }) => {
        expect(new URL(request.url).searchParams.get('q')).toBe(
          'fraud-detection',
        );
        return HttpResponse.json<JobsPage>({
          items: [detectorJob],
          total: 1,
          offset: 0,
          limit: 1,
          errors: [],
        });
      }),
      http.get(`${BASE}/lakehouse/jobs/flink/local/j1`, () =>
        HttpResponse.json<JobDetailResponse>({
          job: detectorJob,
          detail: {
            source: 'rest',
            engine: 'flink',
            vertices: [
              {
                id: 'v1',
                name: 'Source',
                parallelism: 1,
                status: 'RUNNING',
                durationMs: 60_000,
                backpressure: 'low',
              },
            ],
            records: { in: 2960, out: 7 },
            watermark: new Date(Date.now() - 25_000).toISOString(),
            checkpoints: {
              total: 3,
              inProgress: 0,
              completed: 3,
              failed: 0,
              latestCompletedId: 3,
              latestCompletedAt: '2026-11-26T23:38:08Z',
            },
            exceptions: [],
            sectionErrors: [],
          },
        }),
      ),
    );
    await render();
    expect(
      await screen.findByLabelText('Alerts', {}, { timeout: 15_000 }),
    ).toHaveTextContent('12');
    expect(screen.getByLabelText('Flagged users')).toHaveTextContent('9');
    expect(screen.getByLabelText('Detection latency')).toHaveTextContent(
      '1.5 s (p95 4.0 s)',
    );
    expect(screen.getAllByText('user-fraud-1').length).toBeGreaterThanOrEqual(
      2,
    );
    expect(await screen.findByText('Running')).toBeInTheDocument();
    expect(await screen.findByLabelText('Events read')).toHaveTextContent(
      '2,960',
    );
    expect(screen.getByLabelText('Alerts written')).toHaveTextContent('7');
    expect(screen.getByLabelText('Event-time lag')).toHaveTextContent(
      /^2\d s \(windows closed up to/,
    );
    expect(screen.getByLabelText('Backpressure')).toHaveTextContent('low');
    expect(screen.getByLabelText('Last checkpoint')).toHaveTextContent(
      /ago\)$/,
    );
    expect(
      screen.getByText(/fraud.alerts · 3 snapshot\(s\) read/),
    ).toBeInTheDocument();
  });

  it('says what to run when there is no table yet, and shows no numbers', async () => {
    server.use(noAlertsTable());
    await render();
    expect(
      await screen.findByText(/No alerts table yet/, {}, { timeout: 15_000 }),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/start the fraud detection job/),
    ).toBeInTheDocument();
    expect(screen.queryByLabelText('Alerts')).not.toBeInTheDocument();
  });
});
