import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { IncrementalTableReader } from '@internal/plugin-lakehouse-node';
import { alertsTable } from '../__testUtils__/alertsTable';
import { AlertsService, ALERT_COLUMNS } from '../alerts/AlertsService';
import { FraudSpikeNotifier } from './FraudSpikeNotifier';

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
const NOW = Date.parse('2026-11-30T12:10:30Z');
const alertAt = (user: string, minute: number, second = 0) => ({
  user_id: user,
  rule: 'burst',
  window_start: Date.parse(`2026-11-30T12:0${minute}:00Z`) + second * 1000,
  window_end: Date.parse(`2026-11-30T12:0${minute}:10Z`) + second * 1000,
  event_count: 7,
  detected_at: Date.parse(`2026-11-30T12:0${minute}:12Z`) + second * 1000,
});

async function setUp() {
  const table = alertsTable();
  // 12:06: 4 alerts (a spike above 3); 12:07: 2 (not); 12:01: 5 (too old to look at).
  await table.append([
    ...[0, 1, 2, 3].map(s => alertAt(`u${s}`, 6, s)),
    alertAt('u1', 7),
    alertAt('u2', 7, 5),
    ...[0, 1, 2, 3, 4].map(s => alertAt(`old${s}`, 1, s)),
  ]);
  const alerts = new AlertsService({
    table: 'fraud.alerts',
    loadTable: async () => table.metadata(),
    reader: new IncrementalTableReader(table, ALERT_COLUMNS),
    logger: mockServices.logger.mock(),
  });
  await alerts.refresh();
  const knex = await databases.init('SQLITE_3');
  const database = { getClient: async () => knex } as any;
  const notifications = { send: jest.fn(async () => {}) };
  const options = {
    alertsPerMinute: 3,
    recipients: ['group:default/fraud-streaming-team'],
    alerts,
    notifications,
    logger: mockServices.logger.mock(),
    appBaseUrl: 'http://portal.test',
    now: () => NOW,
  };
  return {
    notifications,
    first: await FraudSpikeNotifier.create(database, options),
    second: await FraudSpikeNotifier.create(database, options),
  };
}

describe('FraudSpikeNotifier', () => {
  it('tells the fraud team of a minute above the threshold, once across replicas', async () => {
    const { first, second, notifications } = await setUp();
    expect(await first.check()).toEqual(['2026-11-30T12:06:00.000Z']);
    expect(notifications.send).toHaveBeenCalledWith({
      recipients: {
        type: 'entity',
        entityRef: ['group:default/fraud-streaming-team'],
      },
      payload: expect.objectContaining({
        title: 'Fraud spike: 4 alerts in the minute from 12:06 UTC',
        link: 'http://portal.test/fraud',
        severity: 'critical',
      }),
    });
    expect(await second.check()).toEqual([]);
    expect(await first.check()).toEqual([]);
    expect(notifications.send).toHaveBeenCalledTimes(1);
  });
});
