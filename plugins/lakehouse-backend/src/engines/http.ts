import type { EngineError } from '@internal/plugin-lakehouse-common';
import { redactSecrets } from './redact';

/** Engine status payloads are small; a bigger answer is a misbehaving engine, not data. */
export const DEFAULT_MAX_BYTES = 10 * 1024 * 1024;

/** A failed engine call, typed so the snapshot store can serve it as data (credentials masked: every viewer reads it). */
export class EngineFetchError extends Error {
  readonly name = 'EngineFetchError';
  readonly engineError: EngineError;
  constructor(engineError: EngineError) {
    const message = redactSecrets(engineError.message);
    super(message);
    this.engineError = { ...engineError, message };
  }
}

/** The engine's HTTP status, when the failure was an HTTP answer. */
export const upstreamStatus = (e: unknown): number | undefined =>
  e instanceof EngineFetchError ? e.engineError.status : undefined;

/** Any failure of a poll as the engine error it is served as. */
export function asEngineError(e: unknown): EngineError {
  return e instanceof EngineFetchError
    ? e.engineError
    : {
        kind: 'malformed',
        message: redactSecrets(
          `Unexpected answer: ${(e as Error)?.message ?? String(e)}`,
        ),
      };
}

export interface FetchJsonOptions {
  url: string;
  timeoutMs: number;
  maxBytes?: number;
  /** Caller cancellation (a scheduler task being stopped). */
  signal?: AbortSignal;
}

const JSON_TYPES = /^(application|text)\/([\w.+-]*\+)?json\b/i;

/**
 * GETs one engine URL and parses it as JSON, refusing surprises: the whole
 * call (headers and body) is bounded by `timeoutMs`, the body is streamed and
 * dropped past `maxBytes`, redirects are not followed (the backend only calls
 * configured URLs) and anything but JSON is an error. Every failure is an
 * {@link EngineFetchError}.
 */
export async function fetchJson<T = unknown>(
  options: FetchJsonOptions,
): Promise<T> {
  const { url, timeoutMs, maxBytes = DEFAULT_MAX_BYTES } = options;
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = options.signal
    ? AbortSignal.any([timeout, options.signal])
    : timeout;
  const fail = (error: EngineError): never => {
    throw new EngineFetchError(error);
  };
  const failFromException = (e: unknown): never => {
    if (e instanceof EngineFetchError) throw e;
    if (signal.aborted) {
      return fail({
        kind: 'timeout',
        message: timeout.aborted
          ? `No complete answer from ${url} within ${timeoutMs} ms`
          : `Request to ${url} was cancelled`,
      });
    }
    const cause = (e as { cause?: { code?: string; message?: string } })?.cause;
    return fail({
      kind: 'unreachable',
      message: `Cannot reach ${url}: ${
        cause?.code ?? cause?.message ?? String(e)
      }`,
    });
  };

  try {
    const response = await fetch(url, {
      signal,
      redirect: 'manual',
      headers: { accept: 'application/json' },
    });
    if (!response.ok) {
      discard(response);
      const what =
        response.status >= 300 && response.status < 400
          ? ' (redirects are not followed)'
          : '';
      return fail({
        kind: 'http',
        status: response.status,
        message: `${url} answered HTTP ${response.status}${what}`,
      });
    }
    const contentType = response.headers.get('content-type') ?? '';
    if (!JSON_TYPES.test(contentType)) {
      discard(response);
      return fail({
        kind: 'malformed',
        message: `${url} answered '${
          contentType || 'no content type'
        }', expected JSON`,
      });
    }
    const text = await readCapped(response, url, maxBytes);
    try {
      return JSON.parse(text) as T;
    } catch (e) {
      return fail({
        kind: 'malformed',
        message: `${url} answered invalid JSON: ${(e as Error).message}`,
      });
    }
  } catch (e) {
    return failFromException(e);
  }
}

async function readCapped(
  response: Response,
  url: string,
  maxBytes: number,
): Promise<string> {
  const tooLarge = (): never => {
    throw new EngineFetchError({
      kind: 'too-large',
      message: `${url} answered more than ${maxBytes} bytes`,
    });
  };
  const declared = Number(response.headers.get('content-length'));
  if (declared > maxBytes) {
    discard(response);
    tooLarge();
  }
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      // Stop reading at once: the rest of a 50 MB answer is never buffered.
      reader.cancel().catch(() => undefined);
      tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Releases an unread body without waiting: a misbehaving server must not hold the caller. */
function discard(response: Response) {
  response.body?.cancel().catch(() => undefined);
}
