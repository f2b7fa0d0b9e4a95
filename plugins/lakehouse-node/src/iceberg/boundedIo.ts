/**
 * Bounds for every call an Iceberg table reader makes (catalog and object store):
 * a hung or frozen server fails the call by its timeout, and an answer
 * bigger than expected is refused while it streams, never buffered whole.
 */

/**
 * Reads `stream` whole, refusing it past `maxBytes` and when `signal` aborts (the rest is never read).
 * @public
 */
export async function readCapped(
  stream: ReadableStream<Uint8Array> | null | undefined,
  maxBytes: number,
  what: string,
  signal?: AbortSignal,
): Promise<Buffer> {
  if (!stream) return Buffer.alloc(0);
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  const stop = () => reader.cancel().catch(() => undefined);
  signal?.addEventListener('abort', stop, { once: true });
  try {
    for (;;) {
      const { done, value } = await reader.read();
      signal?.throwIfAborted();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        stop();
        throw new Error(`${what} is larger than ${maxBytes} bytes: refused`);
      }
      chunks.push(value);
    }
  } finally {
    signal?.removeEventListener('abort', stop);
  }
  return Buffer.concat(chunks);
}

/**
 * Names an abort for what it was: the call's own timeout, or the refresh giving up on it.
 * @public
 */
export function describeAbort(
  e: unknown,
  what: string,
  timeout: AbortSignal,
  timeoutMs: number,
): Error {
  if (timeout.aborted)
    return new Error(`No answer from ${what} within ${timeoutMs} ms`);
  return e as Error;
}

const NULL_BODY = new Set([101, 204, 205, 304]);

/**
 * `fetch` bounded in time (headers and body) and size, for the Iceberg REST catalog client.
 * @public
 */
export function boundedFetch(options: {
  timeoutMs: number;
  maxBytes: number;
}): typeof fetch {
  const { timeoutMs, maxBytes } = options;
  return async (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = init?.signal
      ? AbortSignal.any([timeout, init.signal])
      : timeout;
    try {
      const res = await fetch(input, { ...init, signal });
      if (Number(res.headers.get('content-length')) > maxBytes) {
        res.body?.cancel().catch(() => undefined);
        throw new Error(`${url} is larger than ${maxBytes} bytes: refused`);
      }
      const body = await readCapped(res.body, maxBytes, url, signal);
      return new Response(
        NULL_BODY.has(res.status) ? null : new Uint8Array(body),
        {
          status: res.status,
          statusText: res.statusText,
          headers: res.headers,
        },
      );
    } catch (e) {
      throw describeAbort(e, url, timeout, timeoutMs);
    }
  };
}
