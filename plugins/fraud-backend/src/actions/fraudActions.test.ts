import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { actionsRegistryServiceMock } from '@backstage/backend-test-utils/alpha';
import { NotAllowedError } from '@backstage/errors';
import { IncrementalTableReader } from '@internal/plugin-lakehouse-node';
import { alertsTable } from '../__testUtils__/alertsTable';
import { AlertsService, ALERT_COLUMNS } from '../alerts/AlertsService';
import { registerFraudActions } from './fraudActions';

const T0 = Date.parse('2025-09-26T00:00:00Z');
const alert = (user: string, i: number) => ({
  user_id: user,
  rule: 'burst',
  window_start: T0 + i * 60_000,
  window_end: T0 + i * 60_000 + 10_000,
  event_count: 6,
  detected_at: T0 + i * 60_000 + 12_000,
});
const user = mockCredentials.user('user:default/ada');

async function setUp(
  opts: { rows?: ReturnType<typeof alert>[]; allowed?: boolean } = {},
) {
  const table = alertsTable();
  if (opts.rows) await table.append(opts.rows);
  const alerts = new AlertsService({
    table: 'fraud.alerts',
    loadTable: async () => (opts.rows ? table.metadata() : undefined),
    reader: new IncrementalTableReader(table, ALERT_COLUMNS),
    logger: mockServices.logger.mock(),
  });
  const reads: unknown[] = [];
  const registry = actionsRegistryServiceMock();
  registerFraudActions(registry, {
    alerts,
    maxAgeMs: 0,
    requireDashboardRead: async credentials => {
      reads.push(credentials);
      if (opts.allowed === false)
        throw new NotAllowedError('Missing permission fraud.dashboard.read');
    },
  });
  const invoke = (input: Record<string, unknown> = {}): Promise<any> =>
    registry
      .invoke({
        id: 'test:get-fraud-summary',
        input: input as any,
        credentials: user,
      })
      .then(r => r.output);
  return { invoke, reads };
}

describe('the get-fraud-summary action', () => {
  it("answers the dashboard's numbers for a range, cut to the top users and latest alerts asked for", async () => {
    const rows = [
      alert('mallory', 0),
      alert('mallory', 1),
      alert('mallory', 2),
      alert('eve', 3),
      alert('trent', 4),
    ];
    const { invoke, reads } = await setUp({ rows });
    const all = await invoke({ top: 2 });
    expect(all).toMatchObject({
      state: 'ready',
      table: 'fraud.alerts',
      kpis: { alerts: 5, flaggedUsers: 3, detectionLatencyMs: { p50: 2000 } },
    });
    expect(all.topUsers).toEqual([
      { userId: 'mallory', alerts: 3, events: 18, rules: ['burst'] },
      expect.objectContaining({ alerts: 1 }),
    ]);
    expect(all.latest).toHaveLength(2);
    expect(all.latest[0].userId).toBe('trent');
    expect(reads).toEqual([user]);

    // Windows starting in [T0 + 3 min, T0 + 5 min): eve's and trent's.
    const later = await invoke({
      from: new Date(T0 + 3 * 60_000).toISOString(),
      to: new Date(T0 + 5 * 60_000).toISOString(),
    });
    expect(later.kpis).toMatchObject({ alerts: 2, flaggedUsers: 2 });
    expect(later.topUsers.map((u: any) => u.userId).sort()).toEqual([
      'eve',
      'trent',
    ]);
  });

  it('says what to run when the alerts table does not exist, with no numbers', async () => {
    const { invoke } = await setUp();
    const out = await invoke();
    expect(out.state).toBe('missing');
    expect(out.message).toMatch(/start the fraud detection job/);
    expect(out.kpis).toBeUndefined();
  });

  it.each([
    [{ from: 'yesterday' }, /Invalid input: from: must be an ISO 8601 time/],
    [
      { from: '2025-01-02T00:00:00Z', to: '2025-01-01T00:00:00Z' },
      /Invalid input: from must be before to/,
    ],
    [{ top: 1000 }, /top/],
  ])('refuses %j', async (input, message) => {
    const { invoke } = await setUp({ rows: [alert('a', 0)] });
    await expect(invoke(input)).rejects.toThrow(message);
  });

  it("needs the dashboard's read permission", async () => {
    const { invoke } = await setUp({ rows: [alert('a', 0)], allowed: false });
    await expect(invoke()).rejects.toThrow(
      'Missing permission fraud.dashboard.read',
    );
  });
});
