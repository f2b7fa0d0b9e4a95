import { createHash } from 'node:crypto';
import { http, HttpResponse, passthrough, type HttpHandler } from 'msw';
import type { TableMetadataLike } from '../iceberg/IncrementalTableReader';

/** Something holding objects by `s3://bucket/key` URI, such as a {@link FixtureTable}. */
interface ObjectSource {
  objects: Map<string, Buffer>;
}

const etagOf = (body: Buffer) =>
  `"${createHash('md5').update(body).digest('hex')}"`;

function s3Error(status: number, code: string, message: string) {
  return new HttpResponse(
    `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${message}</Message></Error>`,
    { status, headers: { 'content-type': 'application/xml' } },
  );
}

/**
 * An S3 endpoint in memory for msw (path-style addressing: `<endpoint>/<bucket>/<key>`): GET,
 * HEAD and PUT of objects with their ETags, conditional PUTs (`If-Match`, `If-None-Match: *`)
 * answered 412 as S3 does, S3's XML errors (`NoSuchKey`). Objects are kept by `s3://bucket/key`,
 * in `objects` or in the `sources` given (a {@link FixtureTable}'s files), so a table written by
 * the fixture is served as it is. `requests` lists `METHOD s3://bucket/key` in order;
 * `failNext` makes the next calls fail with a given status (a store that is down).
 * @public
 */
export class InMemoryObjectStore {
  readonly objects = new Map<string, Buffer>();
  readonly requests: string[] = [];
  readonly #endpoint: string;
  readonly #sources: ObjectSource[];
  #failures: { status: number; code: string }[] = [];

  constructor(options: { endpoint: string; sources?: ObjectSource[] }) {
    this.#endpoint = options.endpoint.replace(/\/+$/, '');
    this.#sources = options.sources ?? [];
  }

  /** Adds a source of objects (e.g. a fixture table created after the store). */
  addSource(source: ObjectSource) {
    this.#sources.push(source);
  }

  put(uri: string, body: string | Buffer | object) {
    this.objects.set(
      uri,
      Buffer.isBuffer(body)
        ? body
        : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body)),
    );
  }

  get(uri: string): Buffer | undefined {
    if (this.objects.has(uri)) return this.objects.get(uri);
    for (const source of this.#sources) {
      const found = source.objects.get(uri);
      if (found) return found;
    }
    return undefined;
  }

  /** The object as text, or undefined. */
  text(uri: string): string | undefined {
    return this.get(uri)?.toString('utf8');
  }

  /** The next `count` calls answer `status` (e.g. 503, a store that is down). */
  failNext(count: number, status = 503, code = 'ServiceUnavailable') {
    for (let i = 0; i < count; i++) this.#failures.push({ status, code });
  }

  handlers(): HttpHandler[] {
    const uriOf = (url: string) => {
      const { pathname } = new URL(url);
      const [bucket, ...key] = pathname.slice(1).split('/');
      return `s3://${bucket}/${decodeURIComponent(key.join('/'))}`;
    };
    const pattern = new RegExp(
      `^${this.#endpoint.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/[^/?]+/[^?]+`,
    );
    const fault = () => {
      const failure = this.#failures.shift();
      return failure && s3Error(failure.status, failure.code, 'Injected');
    };
    return [
      http.get(pattern, ({ request }) => {
        const uri = uriOf(request.url);
        this.requests.push(`GET ${uri}`);
        const failed = fault();
        if (failed) return failed;
        const body = this.get(uri);
        if (!body)
          return s3Error(404, 'NoSuchKey', 'The specified key does not exist.');
        return new HttpResponse(new Uint8Array(body), {
          headers: {
            etag: etagOf(body),
            'content-length': String(body.length),
            'content-type': 'application/octet-stream',
          },
        });
      }),
      http.head(pattern, ({ request }) => {
        const uri = uriOf(request.url);
        this.requests.push(`HEAD ${uri}`);
        const failed = fault();
        if (failed) return new HttpResponse(null, { status: failed.status });
        const body = this.get(uri);
        if (!body) return new HttpResponse(null, { status: 404 });
        return new HttpResponse(null, {
          headers: {
            etag: etagOf(body),
            'content-length': String(body.length),
          },
        });
      }),
      http.put(pattern, async ({ request }) => {
        const uri = uriOf(request.url);
        this.requests.push(`PUT ${uri}`);
        const failed = fault();
        if (failed) return failed;
        const existing = this.get(uri);
        const ifMatch = request.headers.get('if-match');
        const ifNoneMatch = request.headers.get('if-none-match');
        if (
          (ifNoneMatch === '*' && existing) ||
          (ifMatch && (!existing || etagOf(existing) !== ifMatch))
        ) {
          return s3Error(
            412,
            'PreconditionFailed',
            'At least one of the pre-conditions you specified did not hold',
          );
        }
        const body = Buffer.from(await request.arrayBuffer());
        this.objects.set(uri, body);
        return new HttpResponse(null, { headers: { etag: etagOf(body) } });
      }),
    ];
  }
}

/**
 * An Iceberg REST catalog for msw at `baseUrl` (e.g. `http://nessie.test/iceberg`): `/v1/config`
 * answers `prefix` (Nessie's `main|warehouse` by default), and loading `namespace.table` answers
 * the metadata of the table registered under that name in `tables` (a {@link FixtureTable} or
 * anything with `metadata()`), or Iceberg's 404 when there is none. `tables` may change while the
 * test runs; `down` makes every call answer 503.
 * @public
 */
export function mockIcebergRestCatalog(options: {
  baseUrl: string;
  tables: Map<string, { metadata(): TableMetadataLike }>;
  prefix?: string;
  state?: { down?: boolean };
}): HttpHandler[] {
  const base = options.baseUrl.replace(/\/+$/, '');
  const prefix = options.prefix ?? 'main|warehouse';
  const unavailable = () =>
    HttpResponse.json(
      {
        error: {
          message: 'catalog unavailable',
          type: 'ServiceUnavailableException',
          code: 503,
        },
      },
      { status: 503 },
    );
  return [
    http.get(`${base}/v1/config`, () =>
      options.state?.down
        ? unavailable()
        : HttpResponse.json({ defaults: {}, overrides: { prefix } }),
    ),
    http.get(
      new RegExp(
        `^${base.replace(
          /[.*+?^${}()|[\]\\]/g,
          '\\$&',
        )}/v1/([^/]+)/namespaces/([^/]+)/tables/([^/?]+)`,
      ),
      ({ request }) => {
        if (options.state?.down) return unavailable();
        const [, gotPrefix, namespace, name] = new RegExp(
          `/v1/([^/]+)/namespaces/([^/]+)/tables/([^/?]+)`,
        ).exec(new URL(request.url).pathname)!;
        const table = options.tables.get(
          `${decodeURIComponent(namespace)
            .split('\u001f')
            .join('.')}.${decodeURIComponent(name)}`,
        );
        if (decodeURIComponent(gotPrefix) !== prefix || !table) {
          return HttpResponse.json(
            {
              error: {
                message: `Table does not exist: ${namespace}.${name}`,
                type: 'NoSuchTableException',
                code: 404,
              },
            },
            { status: 404 },
          );
        }
        const metadata = table.metadata();
        return HttpResponse.json({
          'metadata-location': `s3://warehouse/${namespace}/${name}/metadata/v${
            metadata.snapshots?.length ?? 0
          }.metadata.json`,
          metadata,
        });
      },
    ),
  ];
}

/**
 * supertest calls the test backend on a local port; msw must let those requests through (and
 * keep answering for the mocked servers).
 * @public
 */
export function passthroughTestBackend() {
  return http.all(/^http:\/\/(127\.0\.0\.1|localhost|\[::1\]):\d+\//, () =>
    passthrough(),
  );
}
