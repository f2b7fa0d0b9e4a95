import type { CacheService } from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import { createDeferred, JsonValue } from '@backstage/types';
import type { EngineData } from '@internal/plugin-lakehouse-common';
import type { EngineInstance } from '../config';
import { EngineFetchError } from '../engines/http';
import type { EngineClient } from '../engines/types';
import { inThreadSource } from './SnapshotSource';
import { pollTaskId, SnapshotStore } from './SnapshotStore';

const instance = (
  engine: EngineInstance['engine'],
  name: string,
): EngineInstance => ({
  engine,
  name,
  url: `http://${name}.test`,
  timeoutMs: 1_000,
  refreshIntervalMs: 10_000,
  submitTimeoutMs: 10_000,
});

const data = (alive: number): EngineData => ({
  cluster: { nodeKind: 'worker', nodes: { alive, total: 1 } },
  jobs: [],
});

/** The cache service as a shared map, so two stores act like two backend replicas. */
function sharedCache(): CacheService {
  const map = new Map<string, JsonValue>();
  const cache: CacheService = {
    get: async <T extends JsonValue>(key: string) =>
      map.get(key) as T | undefined,
    set: async (key, value) => void map.set(key, value),
    delete: async key => void map.delete(key),
    withOptions: () => cache,
  };
  return cache;
}

function fakeClient(
  fetchSnapshot: EngineClient['fetchSnapshot'],
): EngineClient & { calls: number } {
  const client = {
    calls: 0,
    fetchSnapshot: (signal?: AbortSignal) => {
      client.calls++;
      return fetchSnapshot(signal);
    },
    fetchJobDetail: async () => undefined,
  };
  return client;
}

async function createStore(
  instances: EngineInstance[],
  clients: Record<string, EngineClient>,
  options: { cache?: CacheService; now?: () => number } = {},
) {
  return SnapshotStore.create({
    instances,
    createSource: i => inThreadSource(clients[i.name]),
    scheduler: mockServices.scheduler.mock(),
    cache: options.cache ?? sharedCache(),
    logger: mockServices.logger.mock(),
    now: options.now,
  });
}

describe('SnapshotStore', () => {
  it('schedules one global poll per instance at its refresh interval', async () => {
    const scheduler = mockServices.scheduler.mock();
    await SnapshotStore.create({
      instances: [
        instance('spark', 'a'),
        { ...instance('ray', 'b'), refreshIntervalMs: 3_000 },
      ],
      createSource: () => inThreadSource(fakeClient(async () => data(1))),
      scheduler,
      cache: sharedCache(),
      logger: mockServices.logger.mock(),
    });
    expect(
      scheduler.scheduleTask.mock.calls.map(([t]) => [
        t.id,
        t.frequency,
        t.scope,
      ]),
    ).toEqual([
      [pollTaskId('spark', 'a'), { milliseconds: 10_000 }, 'global'],
      [pollTaskId('ray', 'b'), { milliseconds: 3_000 }, 'global'],
    ]);
  });

  it('makes one upstream call however many concurrent refreshes and readers', async () => {
    const upstream = createDeferred<EngineData>();
    const client = fakeClient(() => upstream);
    const store = await createStore([instance('flink', 'f')], { f: client });

    const refreshes = Array.from({ length: 10 }, () =>
      store.refresh('flink', 'f'),
    );
    const readers = await Promise.all(
      Array.from({ length: 50 }, () => store.get('flink', 'f')),
    );
    // Readers never wait for the engine: they got "no data yet" while the poll is in flight.
    expect(
      readers.every(r => r?.data === undefined && r?.error === undefined),
    ).toBe(true);
    upstream.resolve(data(2));
    await Promise.all(refreshes);

    expect(client.calls).toBe(1);
    expect((await store.get('flink', 'f'))?.data).toEqual(data(2));
  });

  it('keeps serving the last good data with its age and the error after a failure', async () => {
    let now = Date.parse('2026-11-26T10:00:00Z');
    let fail = false;
    const client = fakeClient(async () => {
      if (fail)
        throw new EngineFetchError({
          kind: 'http',
          status: 500,
          message: 'answered HTTP 500',
        });
      return data(1);
    });
    const store = await createStore(
      [instance('spark', 's')],
      { s: client },
      { now: () => now },
    );
    await store.refresh('spark', 's');
    now += 30_000;
    fail = true;
    await store.refresh('spark', 's');
    now += 5_000;

    expect(await store.get('spark', 's')).toStrictEqual({
      engine: 'spark',
      instance: 's',
      data: data(1),
      fetchedAt: '2026-11-26T10:00:00.000Z',
      ageMs: 35_000,
      error: { kind: 'http', status: 500, message: 'answered HTTP 500' },
      failedAt: '2026-11-26T10:00:30.000Z',
    });

    fail = false;
    await store.refresh('spark', 's');
    const recovered = await store.get('spark', 's');
    expect(recovered?.error).toBeUndefined();
    expect(recovered?.ageMs).toBe(0);
  });

  it('does not let a slow engine delay another', async () => {
    const slow = fakeClient(() => new Promise<EngineData>(() => {}));
    const fast = fakeClient(async () => data(3));
    const store = await createStore(
      [instance('ray', 'slow'), instance('spark', 'fast')],
      { slow, fast },
    );

    void store.refresh('ray', 'slow');
    await store.refresh('spark', 'fast');
    const started = Date.now();
    const [slowSnapshot, fastSnapshot] = await store.list();
    expect(Date.now() - started).toBeLessThan(100);
    expect(fastSnapshot.data).toEqual(data(3));
    expect(slowSnapshot).toStrictEqual({ engine: 'ray', instance: 'slow' });
  });

  it('shares a poll with replicas that did not poll, through the cache', async () => {
    const cache = sharedCache();
    const client = fakeClient(async () => data(4));
    const poller = await createStore(
      [instance('flink', 'f')],
      { f: client },
      { cache },
    );
    const replica = await createStore(
      [instance('flink', 'f')],
      { f: fakeClient(async () => data(0)) },
      { cache },
    );
    await poller.refresh('flink', 'f');
    expect((await replica.get('flink', 'f'))?.data).toEqual(data(4));
  });

  it('reads the cache once per second per replica, and the job list once per poll', async () => {
    const cache = sharedCache();
    const reads = { meta: 0, data: 0 };
    const counting: CacheService = {
      ...cache,
      get: async key => {
        reads[key.endsWith(':data') ? 'data' : 'meta']++;
        return cache.get(key);
      },
      withOptions: () => counting,
    };
    let clock = 1_000_000;
    const poller = await createStore(
      [instance('ray', 'r')],
      { r: fakeClient(async () => data(2)) },
      { cache },
    );
    const replica = await createStore(
      [instance('ray', 'r')],
      { r: fakeClient(async () => data(0)) },
      { cache: counting, now: () => clock },
    );
    await poller.refresh('ray', 'r');
    const views = await Promise.all(
      Array.from({ length: 200 }, () => replica.get('ray', 'r')),
    );
    expect(views.every(v => v?.data?.cluster.nodes.alive === 2)).toBe(true);
    expect(reads).toEqual({ meta: 1, data: 1 });

    // Later seconds without a new poll: the small entry only, and the very same parsed data.
    clock += 1_001;
    const again = await replica.get('ray', 'r');
    expect(again?.data).toBe(views[0]?.data);
    expect(again).not.toHaveProperty('version');
    expect(reads).toEqual({ meta: 2, data: 1 });

    const poller2 = await createStore(
      [instance('ray', 'r')],
      { r: fakeClient(async () => data(3)) },
      { cache },
    );
    await poller2.refresh('ray', 'r');
    expect((await replica.get('ray', 'r'))?.data?.cluster.nodes.alive).toBe(2); // within the second
    clock += 1_001;
    expect((await replica.get('ray', 'r'))?.data?.cluster.nodes.alive).toBe(3);
    expect(reads).toEqual({ meta: 3, data: 2 });
  });

  it('keeps the data of the last good poll in the cache after a failed one', async () => {
    const cache = sharedCache();
    let fail = false;
    const poller = await createStore(
      [instance('spark', 's')],
      {
        s: fakeClient(async () => {
          if (fail)
            throw new EngineFetchError({
              kind: 'http',
              status: 500,
              message: 'HTTP 500',
            });
          return data(5);
        }),
      },
      { cache },
    );
    await poller.refresh('spark', 's');
    fail = true;
    await poller.refresh('spark', 's');
    const replica = await createStore(
      [instance('spark', 's')],
      { s: fakeClient(async () => data(0)) },
      { cache },
    );
    const seen = await replica.get('spark', 's');
    expect(seen?.data).toEqual(data(5));
    expect(seen?.error).toMatchObject({ kind: 'http', status: 500 });
  });

  it('serves what it has when the cache entry of the data is lost', async () => {
    const cache = sharedCache();
    const poller = await createStore(
      [instance('flink', 'f')],
      { f: fakeClient(async () => data(7)) },
      { cache },
    );
    await poller.refresh('flink', 'f');
    await cache.delete('snapshot:flink:f:data');
    const replica = await createStore(
      [instance('flink', 'f')],
      { f: fakeClient(async () => data(0)) },
      { cache },
    );
    expect((await replica.get('flink', 'f'))?.data).toBeUndefined();
    expect((await poller.get('flink', 'f'))?.data).toEqual(data(7));
  });

  it('answers undefined for instances that are not configured', async () => {
    const store = await createStore([instance('flink', 'f')], {
      f: fakeClient(async () => data(1)),
    });
    expect(await store.get('flink', 'other')).toBeUndefined();
    expect(await store.get('spark', 'f')).toBeUndefined();
  });

  it('gives up a poll that hangs: the last data is served as stale and the next poll runs', async () => {
    jest.useFakeTimers({ doNotFake: ['setImmediate', 'nextTick'] });
    try {
      let hang = false;
      const client = fakeClient(async () =>
        hang ? new Promise<EngineData>(() => {}) : data(2),
      );
      const store = await createStore([instance('spark', 'a')], { a: client });
      await store.refresh('spark', 'a');
      hang = true;
      const hung = store.refresh('spark', 'a');
      // timeoutMs 1 s: the poll's limit is 2 x 1 s + 5 s.
      await jest.advanceTimersByTimeAsync(7_000);
      await hung;
      const stale = (await store.get('spark', 'a'))!;
      expect(stale.data?.cluster.nodes.alive).toBe(2);
      expect(stale.error).toEqual({
        kind: 'timeout',
        message: 'No snapshot from spark/a within 7000 ms',
      });
      hang = false;
      await store.refresh('spark', 'a');
      expect(client.calls).toBe(3);
      expect((await store.get('spark', 'a'))?.error).toBeUndefined();
    } finally {
      jest.useRealTimers();
    }
  });
});
