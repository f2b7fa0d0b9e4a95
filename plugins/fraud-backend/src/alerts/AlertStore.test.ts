import { AlertStore } from './AlertStore';

const T0 = Date.parse('2025-09-26T00:00:00Z');
const row = (
  userId: string,
  minute: number,
  rule = 'burst',
  latency?: number,
) => ({
  userId,
  rule,
  windowStartMs: T0 + minute * 60_000,
  windowEndMs: T0 + minute * 60_000 + 10_000,
  eventCount: 6,
  detectedAtMs:
    latency === undefined ? undefined : T0 + minute * 60_000 + 10_000 + latency,
});

describe('AlertStore', () => {
  it('summarises KPIs, rules over time, top users and the latest alerts', () => {
    const store = new AlertStore();
    store.append([
      row('alice', 0, 'burst', 1000),
      row('alice', 1, 'failed_payments', 2000),
      row('bob', 2, 'burst', 3000),
      row('carol', 59, 'burst', 4000),
    ]);
    const s = store.summarize({});
    expect(s.kpis).toEqual({
      alerts: 4,
      flaggedUsers: 3,
      alertsPerHour: Number(
        ((4 * 3_600_000) / (59 * 60_000 + 10_000)).toFixed(2),
      ),
      detectionLatencyMs: { p50: 2000, p95: 3000 },
    });
    expect(s.bucketMs).toBe(60_000);
    expect(s.overTime[0]).toEqual({
      bucketStart: '2025-09-26T00:00:00.000Z',
      counts: { burst: 1 },
    });
    expect(s.overTime[1]).toEqual({
      bucketStart: '2025-09-26T00:01:00.000Z',
      counts: { failed_payments: 1 },
    });
    expect(s.topUsers[0]).toEqual({
      userId: 'alice',
      alerts: 2,
      events: 12,
      rules: ['burst', 'failed_payments'],
    });
    expect(s.latest.map(a => a.userId)).toEqual([
      'carol',
      'bob',
      'alice',
      'alice',
    ]);
  });

  it('filters by the window start, [from, to)', () => {
    const store = new AlertStore();
    store.append([row('a', 0), row('b', 10), row('c', 20)]);
    const s = store.summarize({
      fromMs: T0 + 10 * 60_000,
      toMs: T0 + 20 * 60_000,
    });
    expect(s.kpis.alerts).toBe(1);
    expect(s.latest.map(a => a.userId)).toEqual(['b']);
  });

  it('says nothing it does not know: no latency without detection times, zeros when empty', () => {
    const store = new AlertStore();
    expect(store.summarize({}).kpis).toEqual({
      alerts: 0,
      flaggedUsers: 0,
      alertsPerHour: 0,
    });
    store.append([row('a', 0)]);
    expect(store.summarize({}).kpis.detectionLatencyMs).toBeUndefined();
    expect(store.summarize({}).latest[0].detectedAt).toBeUndefined();
  });

  it('holds a million alerts in typed columns', () => {
    const store = new AlertStore();
    const many = function* manyAlerts() {
      for (let i = 0; i < 1_000_000; i++)
        yield row(
          `user-${i % 5000}`,
          i % 1440,
          i % 7 ? 'burst' : 'failed_payments',
          500,
        );
    };
    store.append(many());
    const s = store.summarize({ topUsers: 3, latest: 5 });
    expect(s.kpis.alerts).toBe(1_000_000);
    expect(s.kpis.flaggedUsers).toBe(5000);
    expect(s.topUsers).toHaveLength(3);
    expect(
      s.overTime.reduce(
        (n, b) => n + Object.values(b.counts).reduce((x, y) => x + y, 0),
        0,
      ),
    ).toBe(1_000_000);
  });
});
