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

describe('AlertsService with the alert stream', () => {
  // Windows that ended a minute ago: inside the index's memory of recent alerts.
  const recent = Math.floor((Date.now() - 60_000) / 10_000) * 10_000;
  const row = (user: string, i = 0) => ({
    user_id: user,
    rule: 'burst',
    window_start: recent + i * 10_000,
    window_end: recent + (i + 1) * 10_000,
    event_count: 7,
    detected_at: recent + (i + 1) * 10_000 + 900,
  });
  const streamed = (user: string, i = 0) => toAlertRow(row(user, i));

  function service() {
    const table = alertsTable();
    const changes: unknown[] = [];
    const alerts = new AlertsService({
      table: 'fraud.alerts',
      loadTable: async () => table.metadata(),
      reader: new IncrementalTableReader(table, ALERT_COLUMNS),
      logger: mockServices.logger.mock(),
      onChange: change => changes.push(change),
    });
    alerts.attachStream(() => ({ topic: 'fraud-alerts', state: 'connected' }));
    return { table, alerts, changes };
  }

  it('shows a streamed alert at once, marked live, and counts it once when the table commits it', async () => {
    const { table, alerts, changes } = service();
    expect(alerts.addLive([streamed('fraudster')])).toBe(1);
    let summary = alerts.summary({}).summary!;
    expect(summary.kpis.alerts).toBe(1);
    expect(summary.latest[0]).toMatchObject({
      userId: 'fraudster',
      live: true,
    });
    expect(summary.stream).toEqual({
      topic: 'fraud-alerts',
      state: 'connected',
      pending: 1,
    });

    await table.append([row('fraudster'), row('other', 1)]);
    await alerts.refresh();
    summary = alerts.summary({}).summary!;
    expect(summary.kpis.alerts).toBe(2);
    expect(summary.latest.map(a => [a.userId, a.live ?? false])).toEqual([
      ['other', false],
      ['fraudster', false],
    ]);
    expect(summary.stream?.pending).toBe(0);
    expect(changes).toEqual([
      { alerts: 1, source: 'stream' },
      { alerts: 1, source: 'table' },
    ]);
  });

  it('skips an alert the stream repeats, or sends after the table had it', async () => {
    const { table, alerts } = service();
    alerts.addLive([streamed('a')]);
    expect(alerts.addLive([streamed('a'), streamed('a')])).toBe(0);
    await table.append([row('b', 2)]);
    await alerts.refresh();
    expect(alerts.addLive([streamed('b', 2)])).toBe(0);
    expect(alerts.summary({}).summary!.kpis.alerts).toBe(2);
  });

  it('counts a replayed old alert once: pending until the table commits it, however old its window', async () => {
    const { table, alerts } = service();
    const twoHoursAgo = Date.now() - 2 * 3_600_000;
    const old = {
      ...row('replayed'),
      window_start: twoHoursAgo,
      window_end: twoHoursAgo + 10_000,
    };
    alerts.addLive([toAlertRow(old)]);
    await alerts.refresh(); // an empty table: the refresh prunes, the pending alert stays
    await table.append([old]);
    await alerts.refresh();
    const { kpis, latest, stream } = alerts.summary({}).summary!;
    expect(kpis.alerts).toBe(1);
    expect(latest[0].live).toBeUndefined();
    expect(stream?.pending).toBe(0);
  });

  it('keeps streamed alerts, at the right places, while the table is missing', async () => {
    let gone = false;
    const table = alertsTable();
    const alerts = new AlertsService({
      table: 'fraud.alerts',
      loadTable: async () => (gone ? undefined : table.metadata()),
      reader: new IncrementalTableReader(table, ALERT_COLUMNS),
      logger: mockServices.logger.mock(),
    });
    await table.append([row('in-table', 6)]);
    await alerts.refresh();
    alerts.addLive([streamed('a', 7), streamed('b', 8)]);
    gone = true;
    await alerts.refresh();
    expect(alerts.summary({})).toMatchObject({ state: 'missing' });
    gone = false;
    table.recreate();
    await table.append([row('b', 8)]);
    await alerts.refresh();
    const { latest } = alerts.summary({}).summary!;
    expect(latest.map(a => [a.userId, a.live ?? false])).toEqual([
      ['b', false],
      ['a', true],
    ]);
  });

  it('keeps streamed alerts the table does not hold yet when the table is replaced', async () => {
    const { table, alerts } = service();
    await table.append([row('old', 3)]);
    await alerts.refresh();
    alerts.addLive([streamed('new', 4)]);
    table.recreate();
    await table.append([row('other', 5)]);
    await alerts.refresh();
    const { latest } = alerts.summary({}).summary!;
    expect(latest.map(a => [a.userId, a.live ?? false])).toEqual([
      ['other', false],
      ['new', true],
    ]);
  });
});
