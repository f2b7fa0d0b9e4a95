import { S3Client } from '@aws-sdk/client-s3';
import {
  mockServices,
  registerMswTestHooks,
} from '@backstage/backend-test-utils';
import { InMemoryObjectStore } from '@internal/plugin-lakehouse-node/testUtils';
import { delay, http } from 'msw';
import { setupServer } from 'msw/node';
import { S3ObjectStore } from '@internal/plugin-lakehouse-node';
import {
  ClickstreamIndex,
  eventTime,
  indexClickstream,
} from './ClickstreamIndex';

const S3 = 'http://s3.test:8333';
const URI = 's3://warehouse/data/clickstream.json';
const server = setupServer();
registerMswTestHooks(server);

const line = (user: string, product: string, minute: number, type = 'view') =>
  JSON.stringify({
    timestamp: `2025-09-26T14:${String(minute).padStart(2, '0')}:05.123456`,
    user_id: user,
    product_id: product,
    event_type: type,
  });

function setup(
  options: {
    maxBytes?: number;
    timeoutMs?: number;
    checkIntervalMs?: number;
  } = {},
) {
  const s3 = new InMemoryObjectStore({ endpoint: S3 });
  server.use(...s3.handlers());
  const store = new S3ObjectStore(
    new S3Client({
      endpoint: S3,
      region: 'us-east-1',
      forcePathStyle: true,
      maxAttempts: 1,
      credentials: { accessKeyId: 'k', secretAccessKey: 's' },
    }),
    'warehouse',
    {
      timeoutMs: options.timeoutMs ?? 2_000,
      maxBytes: options.maxBytes ?? 1024 * 1024,
    },
  );
  const index = new ClickstreamIndex({
    store,
    key: 'data/clickstream.json',
    checkIntervalMs: options.checkIntervalMs ?? 0,
    logger: mockServices.logger.mock(),
    perUser: 3,
  });
  return { s3, index };
}

describe('eventTime', () => {
  it('reads the demo data’s zoneless times as UTC, and keeps zones', () => {
    expect(eventTime('2025-09-26T14:00:05.123456')).toBe(
      '2025-09-26T14:00:05.123Z',
    );
    expect(eventTime('2025-09-26T14:00:05+02:00')).toBe(
      '2025-09-26T12:00:05.000Z',
    );
    expect(eventTime('2025-09-26T14:00:05Z')).toBe('2025-09-26T14:00:05.000Z');
    expect(eventTime('yesterday')).toBeUndefined();
    expect(eventTime(1758895205)).toBeUndefined();
    expect(eventTime('2'.repeat(100))).toBeUndefined();
  });
});

describe('indexClickstream', () => {
  it("keeps each user's latest events, newest first, and counts lines that are not events", () => {
    const body = [
      line('u1', 'p1', 1),
      line('u1', 'p2', 5, 'purchase'),
      '',
      line('u2', 'p1', 2),
      'not json',
      JSON.stringify({ user_id: 'u1', product_id: 'p9' }),
      line('u1', 'p3', 3),
      line('u1', 'p4', 4, 'add_to_cart'),
      JSON.stringify({ ...JSON.parse(line('u1', 'p1', 9)), user_id: 42 }),
    ].join('\n');
    const { byUser, events, skipped } = indexClickstream(Buffer.from(body), 3);
    expect(events).toBe(5);
    expect(skipped).toBe(3);
    expect(byUser.get('u1')).toEqual([
      {
        timestamp: '2025-09-26T14:05:05.123Z',
        productId: 'p2',
        eventType: 'purchase',
      },
      {
        timestamp: '2025-09-26T14:04:05.123Z',
        productId: 'p4',
        eventType: 'add_to_cart',
      },
      {
        timestamp: '2025-09-26T14:03:05.123Z',
        productId: 'p3',
        eventType: 'view',
      },
    ]);
    expect(byUser.get('u2')).toHaveLength(1);
  });

  it('stays bounded per user over a long stream', () => {
    const lines = Array.from({ length: 1000 }, (_, i) =>
      line('u1', `p${i}`, i % 60),
    );
    const { byUser } = indexClickstream(Buffer.from(lines.join('\n')), 3);
    expect(byUser.get('u1')!.map(e => e.timestamp)).toEqual([
      '2025-09-26T14:59:05.123Z',
      '2025-09-26T14:59:05.123Z',
      '2025-09-26T14:59:05.123Z',
    ]);
  });
});

describe('ClickstreamIndex', () => {
  it('reads the object once and again only when its ETag changes', async () => {
    const { s3, index } = setup();
    s3.put(URI, [line('u1', 'p1', 1), line('u2', 'p2', 2)].join('\n'));
    expect((await index.recent('u1')).events).toHaveLength(1);
    expect((await index.recent('u2')).events).toHaveLength(1);
    expect(await index.recent('nobody')).toEqual({ events: [] });
    expect(s3.requests).toEqual([
      `HEAD ${URI}`,
      `GET ${URI}`,
      `HEAD ${URI}`,
      `HEAD ${URI}`,
    ]);

    s3.put(URI, [line('u1', 'p1', 1), line('u1', 'p3', 7)].join('\n'));
    expect((await index.recent('u1')).events.map(e => e.productId)).toEqual([
      'p3',
      'p1',
    ]);
    expect(s3.requests.slice(4)).toEqual([`HEAD ${URI}`, `GET ${URI}`]);
  });

  it('checks at most once per interval', async () => {
    const { s3, index } = setup({ checkIntervalMs: 60_000 });
    s3.put(URI, line('u1', 'p1', 1));
    await Promise.all([index.recent('u1'), index.recent('u1')]);
    await index.recent('u1');
    expect(s3.requests).toEqual([`HEAD ${URI}`, `GET ${URI}`]);
  });

  it('says the clickstream does not exist', async () => {
    const { index } = setup();
    await expect(index.recent('u1')).rejects.toThrow(
      `${URI} does not exist: no events to show (lp datagen or the upstream uploader writes it)`,
    );
  });

  it('refuses a clickstream over the size bound', async () => {
    const { s3, index } = setup({ maxBytes: 100 });
    s3.put(
      URI,
      Array.from({ length: 10 }, () => line('u1', 'p1', 1)).join('\n'),
    );
    await expect(index.recent('u1')).rejects.toThrow(
      /^Reading s3:\/\/warehouse\/data\/clickstream.json failed: .* larger than 100 bytes: refused/,
    );
  });

  it('keeps the last events when the store fails, and says so', async () => {
    const { s3, index } = setup();
    s3.put(URI, `${line('u1', 'p1', 1)}\nnot an event`);
    expect(await index.recent('u1')).toEqual({
      events: [expect.objectContaining({ productId: 'p1' })],
      note: `1 line(s) of ${URI} are not events and were skipped`,
    });
    s3.failNext(1, 503, 'SlowDown');
    const after = await index.recent('u1');
    expect(after.events).toHaveLength(1);
    expect(after.note).toMatch(
      /^Reading s3:\/\/warehouse\/data\/clickstream.json failed: .*; showing events read at \d{4}-/,
    );
    // Once the store answers again the note goes.
    expect((await index.recent('u1')).note).not.toMatch(/failed/);
  });

  it('gives up on a store that does not answer', async () => {
    const { index } = setup({ timeoutMs: 200 });
    server.use(
      http.all(`${S3}/*`, async () => {
        await delay('infinite');
      }),
    );
    const started = Date.now();
    await expect(index.recent('u1')).rejects.toThrow(/within 200 ms/);
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});
