import { registerMswTestHooks } from '@backstage/backend-test-utils';
import { delay, http, HttpResponse, passthrough } from 'msw';
import { setupServer } from 'msw/node';
import { createServer, AddressInfo } from 'node:net';
import { EngineFetchError, fetchJson } from './http';

const server = setupServer();
registerMswTestHooks(server);

const URL = 'http://engine.test/api';

/** A port that was just free: bind, read the port, close. */
function closedPort(): Promise<number> {
  return new Promise(resolve => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** Runs fetchJson and returns the typed engine error it must throw. */
async function failure(options: Partial<Parameters<typeof fetchJson>[0]> = {}) {
  const error = await fetchJson({
    url: URL,
    timeoutMs: 1_000,
    ...options,
  }).then(
    () => undefined,
    e => e,
  );
  expect(error).toBeInstanceOf(EngineFetchError);
  return (error as EngineFetchError).engineError;
}

describe('fetchJson', () => {
  it('parses JSON, including Spark master text/json', async () => {
    server.use(
      http.get(
        URL,
        () =>
          new HttpResponse('{"status":"ALIVE"}', {
            headers: { 'content-type': 'text/json;charset=utf-8' },
          }),
      ),
    );
    await expect(fetchJson({ url: URL, timeoutMs: 1_000 })).resolves.toEqual({
      status: 'ALIVE',
    });
  });

  it('gives up after the timeout, not after the engine answers', async () => {
    server.use(
      http.get(URL, async () => {
        await delay(5_000);
        return HttpResponse.json({});
      }),
    );
    const started = Date.now();
    const error = await failure({ timeoutMs: 150 });
    expect(error).toEqual({
      kind: 'timeout',
      message: `No complete answer from ${URL} within 150 ms`,
    });
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('reports an upstream 500 with its status', async () => {
    server.use(http.get(URL, () => HttpResponse.text('boom', { status: 500 })));
    expect(await failure()).toEqual({
      kind: 'http',
      status: 500,
      message: `${URL} answered HTTP 500`,
    });
  });

  it('does not follow redirects', async () => {
    server.use(
      http.get(
        URL,
        () =>
          new HttpResponse(null, {
            status: 302,
            headers: { location: 'http://elsewhere.test/' },
          }),
      ),
      http.get('http://elsewhere.test/', () =>
        HttpResponse.json({ followed: true }),
      ),
    );
    expect(await failure()).toEqual({
      kind: 'http',
      status: 302,
      message: `${URL} answered HTTP 302 (redirects are not followed)`,
    });
  });

  it('reports malformed JSON', async () => {
    server.use(
      http.get(
        URL,
        () =>
          new HttpResponse('{"jobs": [', {
            headers: { 'content-type': 'application/json' },
          }),
      ),
    );
    const error = await failure();
    expect(error.kind).toBe('malformed');
    expect(error.message).toMatch(
      /^http:\/\/engine\.test\/api answered invalid JSON: /,
    );
  });

  it('refuses a non-JSON content type (an HTML login page, a proxy error)', async () => {
    server.use(http.get(URL, () => HttpResponse.html('<html>login</html>')));
    expect(await failure()).toEqual({
      kind: 'malformed',
      message: `${URL} answered 'text/html', expected JSON`,
    });
  });

  it('stops reading a 50 MB body shortly past the cap', async () => {
    const chunk = new Uint8Array(1024 * 1024).fill(0x20);
    let produced = 0;
    server.use(
      http.get(URL, () => {
        // A lazily produced stream without content-length: only what is read is ever generated.
        const body = new ReadableStream<Uint8Array>({
          pull(controller) {
            if (produced >= 50) {
              controller.close();
              return;
            }
            produced++;
            controller.enqueue(chunk);
          },
        });
        return new HttpResponse(body, {
          headers: { 'content-type': 'application/json' },
        });
      }),
    );
    expect(await failure({ maxBytes: 10 * 1024 * 1024 })).toEqual({
      kind: 'too-large',
      message: `${URL} answered more than 10485760 bytes`,
    });
    expect(produced).toBeGreaterThanOrEqual(10);
    expect(produced).toBeLessThan(20);
  });

  it('refuses a declared content-length over the cap without reading', async () => {
    server.use(
      http.get(
        URL,
        () =>
          new HttpResponse('{}', {
            headers: {
              'content-type': 'application/json',
              'content-length': String(50 * 1024 * 1024),
            },
          }),
      ),
    );
    expect((await failure({ maxBytes: 1024 })).kind).toBe('too-large');
  });

  it('reports a refused connection as unreachable', async () => {
    // A real connection attempt to a port nobody listens on, not a simulated network error.
    const closed = `http://127.0.0.1:${await closedPort()}/json/`;
    server.use(http.get(closed, () => passthrough()));
    expect(await failure({ url: closed })).toEqual({
      kind: 'unreachable',
      message: `Cannot reach ${closed}: ECONNREFUSED`,
    });
  });

  it('stops when the caller aborts', async () => {
    server.use(
      http.get(URL, async () => {
        await delay(5_000);
        return HttpResponse.json({});
      }),
    );
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    expect(await failure({ signal: controller.signal })).toEqual({
      kind: 'timeout',
      message: `Request to ${URL} was cancelled`,
    });
  });
});
