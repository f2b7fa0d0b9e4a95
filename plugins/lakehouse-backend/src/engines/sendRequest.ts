import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { EngineFetchError } from './http';

export interface SendRequestOptions {
  method: 'POST' | 'PUT' | 'PATCH' | 'GET' | 'DELETE';
  url: string;
  /** JSON-serialisable value, or raw bytes sent with `contentType`. */
  body?: unknown;
  contentType?: string;
  timeoutMs: number;
  maxBytes?: number;
}

export interface SendResult {
  status: number;
  /** Parsed JSON when the answer is JSON, else the text. */
  body: unknown;
}

/**
 * One mutating call to an engine (submit, upload, cancel). node:http rather
 * than fetch: undici always sends `Sec-Fetch-Mode`, and Ray's dashboard
 * refuses state-changing requests that look like browser traffic (405).
 * Bounded in time and size, no redirects; transport failures become
 * {@link EngineFetchError}, HTTP statuses are left to the caller, which knows
 * what each one means for its engine.
 */
export function sendRequest(options: SendRequestOptions): Promise<SendResult> {
  const { method, url, timeoutMs, maxBytes = 1024 * 1024 } = options;
  let payload: Buffer | undefined;
  let contentType = options.contentType;
  if (Buffer.isBuffer(options.body)) {
    payload = options.body;
  } else if (options.body !== undefined) {
    payload = Buffer.from(JSON.stringify(options.body));
    contentType ??= 'application/json';
  }
  const request = url.startsWith('https:') ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const fail = (
      kind: 'timeout' | 'unreachable' | 'too-large',
      message: string,
    ) => reject(new EngineFetchError({ kind, message }));
    const req = request(
      url,
      {
        method,
        timeout: timeoutMs,
        headers: {
          accept: 'application/json',
          ...(payload && {
            'content-type': contentType,
            'content-length': String(payload.length),
          }),
        },
      },
      res => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > maxBytes) {
            req.destroy();
            fail(
              'too-large',
              `${method} ${url} answered more than ${maxBytes} bytes`,
            );
            return;
          }
          chunks.push(chunk);
        });
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: unknown = text;
          if (/json/i.test(res.headers['content-type'] ?? '') && text.trim()) {
            try {
              body = JSON.parse(text);
            } catch {
              body = text;
            }
          }
          resolve({ status: res.statusCode ?? 0, body });
        });
        res.on('error', e =>
          fail('unreachable', `${method} ${url}: ${e.message}`),
        );
      },
    );
    const timer = setTimeout(() => {
      req.destroy();
      fail('timeout', `No answer from ${method} ${url} within ${timeoutMs} ms`);
    }, timeoutMs);
    req.on('close', () => clearTimeout(timer));
    req.on('timeout', () => {
      req.destroy();
      fail('timeout', `No answer from ${method} ${url} within ${timeoutMs} ms`);
    });
    req.on('error', (e: NodeJS.ErrnoException) =>
      fail('unreachable', `Cannot reach ${url}: ${e.code ?? e.message}`),
    );
    req.end(payload);
  });
}

/** A short, safe excerpt of an engine's error answer for messages and logs. */
export function describeAnswer(body: unknown): string {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return text.replace(/\s+/g, ' ').slice(0, 300);
}
