import { NotFoundError, ServiceUnavailableError } from '@backstage/errors';
import type {
  NessieCommit,
  NessieReference,
} from '@internal/plugin-lakehouse-common';
import { boundedFetch } from '@internal/plugin-lakehouse-node';
import { z } from 'zod';
import type { TablesConfig } from './tablesConfig';

/** Table metadata grows with its snapshot list; far beyond this it is not a table for a page. */
const MAX_ANSWER_BYTES = 32 * 1024 * 1024;

/**
 * 64-bit integers (Iceberg snapshot ids) kept exact, as their source text: `JSON.parse` would round them.
 * Node 22's reviver gets each value's source.
 */
export function parseJsonExact(text: string): unknown {
  return JSON.parse(text, ((
    _key: string,
    value: unknown,
    ctx?: { source?: string },
  ) =>
    typeof value === 'number' &&
    !Number.isSafeInteger(value) &&
    ctx?.source &&
    /^-?\d+$/.test(ctx.source)
      ? ctx.source
      : value) as (key: string, value: unknown) => unknown);
}

const commitMetaSchema = z.object({
  hash: z.string(),
  authors: z.array(z.string()).optional(),
  committer: z.string().optional(),
  message: z.string(),
  commitTime: z.string(),
});
const configSchema = z.object({
  defaultBranch: z.string(),
  maxSupportedApiVersion: z.number().optional(),
  actualApiVersion: z.number().optional(),
  specVersion: z.string().optional(),
});
const referencesSchema = z.object({
  references: z.array(
    z.object({
      type: z.enum(['BRANCH', 'TAG']),
      name: z.string(),
      hash: z.string(),
      metadata: z
        .object({
          numCommitsAhead: z.number().nullish(),
          numCommitsBehind: z.number().nullish(),
          commitMetaOfHEAD: commitMetaSchema.nullish(),
        })
        .nullish(),
    }),
  ),
});
const historySchema = z.object({
  token: z.string().nullish(),
  logEntries: z.array(
    z.object({
      commitMeta: commitMetaSchema,
      operations: z
        .array(
          z.object({
            type: z.string(),
            key: z.object({ elements: z.array(z.string()) }),
            content: z
              .object({
                metadataLocation: z.string().optional(),
                // 64-bit: a string when parseJsonExact kept it exact; -1 when the table had none.
                snapshotId: z.union([z.number(), z.string()]).optional(),
              })
              .nullish(),
          }),
        )
        .nullish(),
    }),
  ),
});
const loadTableSchema = z.object({
  'metadata-location': z.string().optional(),
  metadata: z.looseObject({
    'format-version': z.number(),
    'table-uuid': z.string(),
    location: z.string(),
  }),
});

/** A commit that changed a table, with where the table's metadata was at that commit. */
export interface TableCommit extends NessieCommit {
  metadataLocation?: string;
  /** The table's current snapshot after the commit, as Nessie records it ('-1': none). */
  snapshotId?: string;
  dropped?: boolean;
}

/** Iceberg table metadata as the REST catalog answers it (the parts beyond these are read loosely). */
export type IcebergMetadata = z.infer<typeof loadTableSchema>['metadata'];

function toCommit(meta: z.infer<typeof commitMetaSchema>): NessieCommit {
  const author = meta.authors?.find(Boolean) || meta.committer || '';
  return {
    hash: meta.hash,
    author,
    message: meta.message,
    time: meta.commitTime,
  };
}

/**
 * Nessie's REST API v2 and its Iceberg REST catalog, every call bounded in time and size. Only the
 * configured server is called; refs and table names are checked by the routes before they get here.
 */
export class NessieClient {
  readonly #fetch: typeof fetch;

  constructor(private readonly config: TablesConfig) {
    this.#fetch = boundedFetch({
      timeoutMs: config.timeoutMs,
      maxBytes: MAX_ANSWER_BYTES,
    });
  }

  async defaultBranch(): Promise<string> {
    return (await this.serverConfig()).defaultBranch;
  }

  /** `/api/v2/config`: the default branch and the API and spec versions. */
  serverConfig(): Promise<z.infer<typeof configSchema>> {
    return this.#get('/api/v2/config', configSchema);
  }

  async references(): Promise<NessieReference[]> {
    const { references } = await this.#get(
      '/api/v2/trees?fetch=ALL&max-records=500',
      referencesSchema,
    );
    return references.map(r => ({
      name: r.name,
      type: r.type,
      hash: r.hash,
      ...(r.metadata?.commitMetaOfHEAD && {
        latest: toCommit(r.metadata.commitMetaOfHEAD),
      }),
      ...(typeof r.metadata?.numCommitsAhead === 'number' && {
        commitsAhead: r.metadata.numCommitsAhead,
      }),
      ...(typeof r.metadata?.numCommitsBehind === 'number' && {
        commitsBehind: r.metadata.numCommitsBehind,
      }),
    }));
  }

  /** The commits of `ref` that put or deleted `table`, newest first. */
  async tableCommits(
    ref: string,
    table: string,
    limit: number,
  ): Promise<{ commits: TableCommit[]; hasMore: boolean }> {
    const query = new URLSearchParams({
      fetch: 'ALL',
      'max-records': String(limit),
      filter: `operations.exists(op, op.key == '${table}')`,
    });
    const page = await this.#get(
      `/api/v2/trees/${encodeURIComponent(ref)}/history?${query}`,
      historySchema,
      `No branch or tag '${ref}' in Nessie`,
    );
    return {
      commits: page.logEntries.slice(0, limit).map(e => {
        const op = e.operations?.find(o => o.key.elements.join('.') === table);
        return {
          ...toCommit(e.commitMeta),
          ...(op?.type === 'DELETE' && { dropped: true }),
          ...(op?.content?.metadataLocation && {
            metadataLocation: op.content.metadataLocation,
          }),
          ...(op?.content?.snapshotId !== undefined && {
            snapshotId: String(op.content.snapshotId),
          }),
        };
      }),
      hasMore: Boolean(page.token) || page.logEntries.length > limit,
    };
  }

  /** The table's metadata at `ref`; undefined when the table does not exist there. */
  async loadTable(
    ref: string,
    table: string,
  ): Promise<IcebergMetadata | undefined> {
    const parts = table.split('.');
    const name = parts.pop()!;
    const prefix = encodeURIComponent(`${ref}|${this.config.warehouse}`);
    const path = `/iceberg/v1/${prefix}/namespaces/${parts.join(
      '%1F',
    )}/tables/${name}`;
    const answer = await this.#get(path, loadTableSchema, null);
    return answer?.metadata;
  }

  /**
   * GET `path` and check the answer's shape. A 404 is `notFound`: an error with that message, or
   * `undefined` when `notFound` is null (e.g. a table that does not exist at a ref).
   */
  async #get<S extends z.ZodType>(
    path: string,
    schema: S,
  ): Promise<z.output<S>>;
  async #get<S extends z.ZodType>(
    path: string,
    schema: S,
    notFound: string,
  ): Promise<z.output<S>>;
  async #get<S extends z.ZodType>(
    path: string,
    schema: S,
    notFound: null,
  ): Promise<z.output<S> | undefined>;
  async #get<S extends z.ZodType>(
    path: string,
    schema: S,
    notFound?: string | null,
  ): Promise<z.output<S> | undefined> {
    const where = `Nessie at ${this.config.nessieUrl}`;
    let res: Response;
    try {
      res = await this.#fetch(`${this.config.nessieUrl}${path}`, {
        headers: { accept: 'application/json' },
      });
    } catch (e) {
      throw new ServiceUnavailableError(
        `${where} did not answer: ${
          (e as Error).message
        }. Check that Nessie runs (lakehouse.tables.nessieUrl).`,
      );
    }
    const text = await res.text();
    if (res.status === 404 && notFound !== undefined) {
      if (notFound === null) return undefined;
      throw new NotFoundError(notFound);
    }
    if (!res.ok) {
      throw new ServiceUnavailableError(
        `${where} answered HTTP ${res.status}: ${text.slice(0, 300)}`,
      );
    }
    let body: unknown;
    try {
      body = parseJsonExact(text);
    } catch {
      throw new ServiceUnavailableError(
        `${where} answered something other than JSON`,
      );
    }
    const parsed = schema.safeParse(body);
    if (!parsed.success) {
      throw new ServiceUnavailableError(
        `${where} answered outside the Nessie API: ${parsed.error.issues
          .slice(0, 3)
          .map(i => `${i.path.join('.')}: ${i.message}`)
          .join('; ')}`,
      );
    }
    return parsed.data;
  }
}
