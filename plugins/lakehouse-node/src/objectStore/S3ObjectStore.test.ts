import { S3Client } from '@aws-sdk/client-s3';
import { registerMswTestHooks } from '@backstage/backend-test-utils';
import { InMemoryObjectStore } from '../testUtils/mockServers';
import { delay, http } from 'msw';
import { setupServer } from 'msw/node';
import { S3ObjectStore } from './S3ObjectStore';

const S3 = 'http://s3.test:8333';
const server = setupServer();
registerMswTestHooks(server);

function setup(limits = { timeoutMs: 2_000, maxBytes: 1024 }) {
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
    limits,
  );
  return { s3, store };
}

describe('S3ObjectStore', () => {
  it('reads an object with its ETag, and a missing one as undefined', async () => {
    const { s3, store } = setup();
    s3.put('s3://warehouse/m/promoted.json', '{"a":1}');
    const got = await store.get('m/promoted.json');
    expect(got?.body.toString()).toBe('{"a":1}');
    expect(got?.etag).toMatch(/^"[0-9a-f]{32}"$/);
    await expect(store.get('m/nothing.json')).resolves.toBeUndefined();
    await expect(store.exists('m/promoted.json')).resolves.toBe(true);
    await expect(store.exists('m/nothing.json')).resolves.toBe(false);
    await expect(store.head('m/promoted.json')).resolves.toEqual({
      etag: got?.etag,
      size: 7,
    });
    await expect(store.head('m/nothing.json')).resolves.toBeUndefined();
    expect(store.uri('m/x')).toBe('s3://warehouse/m/x');
  });

  it('writes only if the object is as it was read, or still absent', async () => {
    const { s3, store } = setup();
    await store.put('m/p.json', 'one', { ifAbsent: true });
    expect(s3.text('s3://warehouse/m/p.json')).toBe('one');
    await expect(
      store.put('m/p.json', 'two', { ifAbsent: true }),
    ).rejects.toMatchObject({
      name: 'ConflictError',
      message: expect.stringMatching(
        /s3:\/\/warehouse\/m\/p.json was changed by someone else meanwhile: nothing was written/,
      ),
    });
    const { etag } = (await store.get('m/p.json'))!;
    s3.put('s3://warehouse/m/p.json', 'changed elsewhere');
    await expect(
      store.put('m/p.json', 'three', { ifMatch: etag! }),
    ).rejects.toMatchObject({ name: 'ConflictError' });
    expect(s3.text('s3://warehouse/m/p.json')).toBe('changed elsewhere');
    const fresh = (await store.get('m/p.json'))!;
    await store.put('m/p.json', 'three', { ifMatch: fresh.etag! });
    expect(s3.text('s3://warehouse/m/p.json')).toBe('three');
  });

  it('refuses an object bigger than the limit', async () => {
    const { s3, store } = setup();
    s3.put('s3://warehouse/m/model.json', Buffer.alloc(4096));
    await expect(store.get('m/model.json')).rejects.toThrow(
      's3://warehouse/m/model.json is 4096 bytes, larger than 1024 bytes: refused',
    );
  });

  it('gives up on an object store that does not answer', async () => {
    const { store } = setup({ timeoutMs: 200, maxBytes: 1024 });
    server.use(
      http.all(`${S3}/*`, async () => {
        await delay('infinite');
      }),
    );
    const started = Date.now();
    await expect(store.get('m/promoted.json')).rejects.toThrow(
      'No answer from s3://warehouse/m/promoted.json within 200 ms',
    );
    await expect(
      store.put('m/promoted.json', 'x', { ifAbsent: true }),
    ).rejects.toThrow(/within 200 ms/);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('passes other errors on', async () => {
    const { s3, store } = setup();
    s3.failNext(1, 403, 'AccessDenied');
    await expect(store.get('m/promoted.json')).rejects.toMatchObject({
      name: 'AccessDenied',
    });
  });
});
