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
import { act, screen } from '@testing-library/react';
import { signalApiRef, type SignalApi } from '@backstage/plugin-signals-react';
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

  it('refetches when the backend signals new alerts, and marks a streamed alert the table has not committed', async () => {
    const listeners: Array<(m: any) => void> = [];
    const signals: SignalApi = {
      subscribe: (channel, onMessage) => {
        // The detector job's card listens for job changes on its own channel.
        if (channel === 'fraud:alerts') listeners.push(onMessage as any);
        return { unsubscribe: () => {} };
      },
    };
    const streamed = {
      userId: 'user-live-1',
      rule: 'burst',
      windowStart: '2025-09-26T14:01:00.000Z',
      windowEnd: '2025-09-26T14:01:10.000Z',
      eventCount: 12,
      detectedAt: '2025-09-26T14:01:11.200Z',
      live: true,
    };
    let calls = 0;
    server.use(
      http.get(`${BASE}/fraud/summary`, () => {
        calls++;
        return HttpResponse.json<FraudSummaryResponse>({
          state: 'ready',
          table: 'fraud.alerts',
          summary: {
            ...summary,
            stream: {
              topic: 'fraud-alerts',
              state: 'connected',
              pending: calls > 1 ? 1 : 0,
            },
            latest: calls > 1 ? [streamed, ...summary.latest] : summary.latest,
          },
        });
      }),
      http.get(`${BASE}/lakehouse/jobs`, () =>
        HttpResponse.json<JobsPage>({
          items: [],
          total: 0,
          offset: 0,
          limit: 20,
          errors: [],
        }),
      ),
    );
    await renderInTestApp(
      createExtensionTester(plugin.getExtension('page:fraud')).reactElement(),
      { apis: [...apis, [signalApiRef, signals]] },
    );
    expect(
      await screen.findAllByText('user-fraud-1', {}, { timeout: 15_000 }),
    ).not.toHaveLength(0);
    expect(screen.getByLabelText('Kafka topic fraud-alerts')).toHaveTextContent(
      /^connected/,
    );
    expect(screen.queryByText('user-live-1')).toBeNull();
    // Polling is every 10 s: only the signal can bring the streamed alert this soon.
    expect(listeners).not.toHaveLength(0);
    act(() => {
      for (const l of listeners) l({ alerts: 1, source: 'stream' });
    });
    expect(
      await screen.findByText('user-live-1', {}, { timeout: 3_000 }),
    ).toBeInTheDocument();
    expect(screen.getByText('not yet (live)')).toBeInTheDocument();
    expect(
      screen.getByLabelText('Streamed, not yet in the table'),
    ).toHaveTextContent('1');
    // One refetch per signal, not a loop.
    await new Promise(r => setTimeout(r, 1_000));
    expect(calls).toBe(2);
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
