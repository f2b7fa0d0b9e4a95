import { renderInTestApp } from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import type { FraudSummary } from '@internal/plugin-fraud-common';
import { screen } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { FraudClient, fraudApiRef } from '../api';
import {
  BASE,
  discoveryApi,
  fetchApi,
  mswServer,
  noAlertsTable,
} from '../__testUtils__/apis';
import { rootRouteRef } from '../routes';
import { EntityFraudAlertsCard } from './EntityFraudAlertsCard';

const server = mswServer();
const fraudApi = new FraudClient({ discoveryApi, fetchApi });

const detector = (table: string) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'fraud-detection',
    annotations: { 'fraud.lakehouse.io/alerts-table': table },
  },
  spec: { type: 'flink-job', owner: 'group:default/fraud-streaming-team' },
});

const summary = {
  table: 'fraud.alerts',
  kpis: { alerts: 4, flaggedUsers: 3, alertsPerHour: 4 },
  latest: [
    {
      userId: 'user-fraud-1',
      rule: 'burst',
      windowStart: '2026-11-26T23:35:40.000Z',
      windowEnd: '2026-11-26T23:35:50.000Z',
      eventCount: 12,
      detectedAt: '2026-11-26T23:36:07.836Z',
    },
  ],
} as unknown as FraudSummary;

function render(table: string) {
  return renderInTestApp(
    <EntityProvider entity={detector(table)}>
      <EntityFraudAlertsCard />
    </EntityProvider>,
    {
      apis: [[fraudApiRef, fraudApi]],
      mountedRoutes: { '/fraud': rootRouteRef },
    },
  );
}

describe('EntityFraudAlertsCard', () => {
  it("shows the last hour's alerts and links to the dashboard", async () => {
    let from: string | null = null;
    server.use(
      http.get(`${BASE}/fraud/summary`, ({ request }) => {
        from = new URL(request.url).searchParams.get('from');
        return HttpResponse.json({
          state: 'ready',
          table: 'fraud.alerts',
          summary,
        });
      }),
    );
    await render('fraud.alerts');
    expect(
      await screen.findByLabelText('Alerts in the last hour'),
    ).toHaveTextContent('4');
    expect(screen.getByText(/3 flagged user/)).toBeInTheDocument();
    expect(screen.getByText('user-fraud-1')).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: 'Open the fraud dashboard' }),
    ).toHaveAttribute('href', '/fraud');
    expect(Date.now() - Date.parse(from!)).toBeGreaterThanOrEqual(3_600_000);
    expect(Date.now() - Date.parse(from!)).toBeLessThan(3_660_000);
  });

  it('says so when the dashboard reads another table, and shows no numbers', async () => {
    server.use(
      http.get(`${BASE}/fraud/summary`, () =>
        HttpResponse.json({ state: 'ready', table: 'fraud.alerts', summary }),
      ),
    );
    await render('fraud_eu.alerts');
    expect(
      await screen.findByText(
        /writes fraud_eu.alerts; the dashboard reads fraud.alerts/,
      ),
    ).toBeInTheDocument();
    expect(screen.queryByLabelText('Alerts in the last hour')).toBeNull();
  });

  it('says what to run when the table does not exist', async () => {
    server.use(noAlertsTable());
    await render('fraud.alerts');
    expect(
      await screen.findByText(/start the fraud detection job/),
    ).toBeInTheDocument();
  });
});
