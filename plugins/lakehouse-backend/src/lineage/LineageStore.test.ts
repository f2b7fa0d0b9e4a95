import { TestDatabases } from '@backstage/backend-test-utils';
import type { LineageEdge } from '@internal/plugin-lakehouse-common';
import { LineageStore, MAX_LISTED_EDGES } from './LineageStore';

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

async function setUp() {
  const knex = await databases.init('SQLITE_3');
  const database = { getClient: async () => knex } as any;
  return {
    store: await LineageStore.create(database),
    // A second replica, or this one after a restart: the table is already there.
    replica: () => LineageStore.create(database),
  };
}

const edge = (over: Partial<LineageEdge> = {}): LineageEdge => ({
  job: { namespace: 'portal', name: 'nightly-etl' },
  dataset: {
    namespace: 's3://warehouse',
    name: 'demo/users',
    icebergTable: 'demo.users',
  },
  direction: 'output',
  source: 'openlineage',
  lastSeen: '2026-12-01T10:00:00.000Z',
  lastRunId: 'run-1',
  ...over,
});

describe('LineageStore', () => {
  it('forgets the edges last seen before a time, keeping the rest', async () => {
    const { store } = await setUp();
    await store.upsert([
      edge({ lastSeen: '2026-09-01T10:00:00.000Z' }),
      edge({ direction: 'input', lastSeen: '2026-12-01T10:00:00.000Z' }),
    ]);
    expect(await store.prune(new Date('2026-11-01T00:00:00.000Z'))).toBe(1);
    expect(await store.list()).toEqual([
      edge({ direction: 'input', lastSeen: '2026-12-01T10:00:00.000Z' }),
    ]);
    // Seen again: kept again.
    await store.upsert([edge({ lastSeen: '2026-12-02T10:00:00.000Z' })]);
    expect(await store.prune(new Date('2026-11-01T00:00:00.000Z'))).toBe(0);
    expect(await store.list()).toHaveLength(2);
  });

  it('keeps one row per job, dataset and direction, refreshing when and by which run it was seen', async () => {
    const { store, replica } = await setUp();
    expect(await store.upsert([edge()])).toBe(1);
    await (
      await replica()
    ).upsert([
      edge({ lastSeen: '2026-12-01T11:00:00.000Z', lastRunId: 'run-2' }),
    ]);
    // The same dataset read (not written) is another edge.
    await store.upsert([
      edge({ direction: 'input', lastSeen: '2026-12-01T09:00:00.000Z' }),
    ]);
    expect(await store.list()).toEqual([
      edge({ lastSeen: '2026-12-01T11:00:00.000Z', lastRunId: 'run-2' }),
      edge({ direction: 'input', lastSeen: '2026-12-01T09:00:00.000Z' }),
    ]);
  });

  it('filters by job name and by Iceberg table, newest first', async () => {
    const { store } = await setUp();
    const raw = edge({
      job: { namespace: 'flink://local', name: 'fraud-detection' },
      dataset: { namespace: 'kafka://broker:9092', name: 'clicks' },
      direction: 'input',
      source: 'flink-plan',
      lastRunId: undefined,
      lastSeen: '2026-12-01T12:00:00.000Z',
    });
    const alerts = edge({
      job: { namespace: 'flink://local', name: 'fraud-detection' },
      dataset: {
        namespace: 'iceberg://nessie',
        name: 'fraud.alerts',
        icebergTable: 'fraud.alerts',
      },
      source: 'flink-plan',
      lastSeen: '2026-12-01T08:00:00.000Z',
    });
    await store.upsert([edge(), raw, alerts]);
    expect(await store.list({ job: 'fraud-detection' })).toEqual([raw, alerts]);
    expect(await store.list({ table: 'demo.users' })).toEqual([edge()]);
    expect(
      await store.list({ job: 'nightly-etl', table: 'fraud.alerts' }),
    ).toEqual([]);
  });

  it(`lists at most ${MAX_LISTED_EDGES} edges, the newest`, async () => {
    const { store } = await setUp();
    const base = Date.parse('2026-12-01T00:00:00.000Z');
    const many = Array.from({ length: MAX_LISTED_EDGES + 5 }, (_, i) =>
      edge({
        dataset: { namespace: 's3://warehouse', name: `part-${i}` },
        lastSeen: new Date(base + i * 1000).toISOString(),
      }),
    );
    expect(await store.upsert(many)).toBe(many.length);
    const listed = await store.list();
    expect(listed).toHaveLength(MAX_LISTED_EDGES);
    expect(listed[0].dataset.name).toBe(`part-${many.length - 1}`);
    expect(listed.map(e => e.dataset.name)).not.toContain('part-4');
  });
});
