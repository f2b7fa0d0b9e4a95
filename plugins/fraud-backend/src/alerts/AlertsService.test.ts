import { mockServices } from '@backstage/backend-test-utils';
import { IncrementalTableReader } from '@internal/plugin-lakehouse-node';
import {
  alertsTable,
  REQUIRED_ALERT_COLUMNS,
} from '../__testUtils__/alertsTable';
import { AlertsService, ALERT_COLUMNS, toAlertRow } from './AlertsService';

const T0 = Date.parse('2025-09-26T00:00:00Z');
const alert = (user: string, i: number) => ({
  user_id: user,
  rule: 'burst',
  window_start: T0 + i * 10_000,
  window_end: T0 + (i + 1) * 10_000,
  event_count: 6 + (i % 3),
  detected_at: T0 + (i + 1) * 10_000 + 1500,
});

const timed = async <T>(p: Promise<T>) => {
  const started = Date.now();
  await p;
  return Date.now() - started;
};

describe('toAlertRow', () => {
  it("reads the alerts table's rows as Iceberg writes them", async () => {
    const table = alertsTable();
    await table.append([alert('u0', 0)]);
    const reader = new IncrementalTableReader(table, ALERT_COLUMNS);
    const [row] = (await reader.refresh(table.metadata())).rows;
    expect(toAlertRow(row)).toEqual({
      userId: 'u0',
      rule: 'burst',
      windowStartMs: T0,
      windowEndMs: T0 + 10_000,
      eventCount: 6,
      detectedAtMs: T0 + 11_500,
    });
  });

  it('reads files without the optional columns (rule, detected_at) without inventing them', async () => {
    const table = alertsTable();
    await table.append([alert('a', 1)], { columns: REQUIRED_ALERT_COLUMNS });
    const reader = new IncrementalTableReader(table, ALERT_COLUMNS);
    const [row] = (await reader.refresh(table.metadata())).rows;
    expect(toAlertRow(row)).toEqual({
      userId: 'a',
      rule: 'unlabelled',
      windowStartMs: T0 + 10_000,
      windowEndMs: T0 + 20_000,
      eventCount: 7,
      detectedAtMs: undefined,
    });
  });
});

describe('AlertsService refresh', () => {
  it('serves the alerts read, and keeps them beside the error of a failed read', async () => {
    const table = alertsTable();
    await table.append([alert('a', 1), alert('b', 2)]);
    let fail = false;
    const alerts = new AlertsService({
      table: 'fraud.alerts',
      loadTable: async () => {
        if (fail) throw new Error('catalog down');
        return table.metadata();
      },
      reader: new IncrementalTableReader(table, ALERT_COLUMNS),
      logger: mockServices.logger.mock(),
    });
    await alerts.refresh();
    expect(alerts.summary({})).toMatchObject({
      state: 'ready',
      summary: { kpis: { alerts: 2, flaggedUsers: 2 } },
    });
    fail = true;
    await alerts.refresh();
    expect(alerts.summary({})).toMatchObject({
      state: 'error',
      message: 'Reading fraud.alerts failed: catalog down',
      summary: { kpis: { alerts: 2 } },
    });
  });

  it('marks the data stale when a refresh hangs, and does not hold the next one', async () => {
    let calls = 0;
    const alerts = new AlertsService({
      table: 'fraud.alerts',
      // Hangs the first time (a frozen catalog that ignores aborts), answers "no table" after.
      loadTable: () =>
        ++calls === 1 ? new Promise(() => {}) : Promise.resolve(undefined),
      reader: new IncrementalTableReader(alertsTable(), ALERT_COLUMNS),
      logger: mockServices.logger.mock(),
      refreshTimeoutMs: 200,
    });
    expect(await timed(alerts.refresh())).toBeLessThan(1_000);
    expect(alerts.summary({})).toMatchObject({
      state: 'error',
      message: expect.stringMatching(
        /Reading fraud\.alerts did not finish within 200 ms/,
      ),
    });
    await alerts.refresh();
    expect(calls).toBe(2);
    expect(alerts.summary({})).toMatchObject({ state: 'missing' });
  });
});
