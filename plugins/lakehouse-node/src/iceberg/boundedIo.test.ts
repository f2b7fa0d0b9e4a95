import { S3Client } from '@aws-sdk/client-s3';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { boundedFetch } from './boundedIo';
import { S3ObjectReader } from './icebergFiles';

/**
 * A real HTTP server misbehaving on purpose: it never answers, or answers far
 * more than asked. The object store and the catalog client must give up.
 */
type Fault = 'hang' | 'huge-declared' | 'huge-streamed';
let server: Server;
let base: string;
let fault: Fault;

beforeAll(async () => {
  server = createServer((_req, res) => {
    if (fault === 'hang') return; // headers never come
    if (fault === 'huge-declared') {
      res.writeHead(200, { 'content-length': String(512 * 1024 * 1024) });
      res.write(Buffer.alloc(1024));
      return;
    }
    // No length given: 64 KiB chunks until the client stops reading.
    res.writeHead(200, { 'content-type': 'application/json' });
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    const pump = () => {
      while (res.write(chunk));
      res.once('drain', pump);
    };
    pump();
    res.on('close', () => res.removeAllListeners('drain'));
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise(resolve => server.close(resolve));
});

const reader = () =>
  new S3ObjectReader(
    new S3Client({
      endpoint: base,
      region: 'us-east-1',
      forcePathStyle: true,
      maxAttempts: 1,
      credentials: { accessKeyId: 'k', secretAccessKey: 's' },
    }),
    { timeoutMs: 300, maxBytes: 1024 * 1024 },
  );

const timed = async <T>(p: Promise<T>) => {
  const started = Date.now();
  const outcome = await p.then(
    () => 'resolved',
    (e: Error) => e.message,
  );
  return { outcome, ms: Date.now() - started };
};

describe('S3ObjectReader', () => {
  it('gives up on an object store that does not answer', async () => {
    fault = 'hang';
    const { outcome, ms } = await timed(
      reader().read('s3://warehouse/t/metadata/v1.json'),
    );
    expect(outcome).toBe(
      'No answer from s3://warehouse/t/metadata/v1.json within 300 ms',
    );
    expect(ms).toBeLessThan(2_000);
  });

  it('refuses an object declared bigger than the limit without reading it', async () => {
    fault = 'huge-declared';
    const { outcome } = await timed(
      reader().read('s3://warehouse/t/d.parquet'),
    );
    expect(outcome).toMatch(
      /s3:\/\/warehouse\/t\/d\.parquet is 536870912 bytes, larger than 1048576 bytes: refused/,
    );
  });

  it('refuses an object that streams past the limit', async () => {
    fault = 'huge-streamed';
    const { outcome, ms } = await timed(
      reader().read('s3://warehouse/t/m.avro'),
    );
    expect(outcome).toBe(
      's3://warehouse/t/m.avro is larger than 1048576 bytes: refused',
    );
    expect(ms).toBeLessThan(2_000);
  });
});

describe('boundedFetch (the catalog client)', () => {
  const get = boundedFetch({ timeoutMs: 300, maxBytes: 1024 * 1024 });

  it('gives up on a catalog that does not answer', async () => {
    fault = 'hang';
    expect((await timed(get(`${base}/iceberg/v1/config`))).outcome).toBe(
      `No answer from ${base}/iceberg/v1/config within 300 ms`,
    );
  });

  it('refuses an answer past the size limit', async () => {
    fault = 'huge-streamed';
    expect((await timed(get(`${base}/v1/t`))).outcome).toBe(
      `${base}/v1/t is larger than 1048576 bytes: refused`,
    );
  });
});
