import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import type {
  EntityProvider,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';
import { boundedFetch } from '@internal/plugin-lakehouse-node';
import { IcebergRestCatalog } from 'iceberg-js';
import pLimit from 'p-limit';
import type { IcebergTablesConfig } from './config';
import { tableEntity, type TableFacts } from './tableEntity';

/** A catalog with thousands of tables answers in pages; table metadata grows with its snapshots. */
const MAX_ANSWER_BYTES = 32 * 1024 * 1024;
/** Tables loaded at once: enough to read 10,000 tables in a refresh, few enough not to crowd the catalog. */
const CONCURRENCY = 8;

/**
 * Every Iceberg table of the REST catalog (each namespace, nested ones
 * included) as a `Resource` entity. The first read replaces everything this
 * provider gave before; later reads send only what changed (delta). Each
 * refresh lists the tables (a few calls, however many tables) and loads the
 * metadata of new ones, reusing the rest until `rereadInterval`: a new table
 * shows after one listing, not after a load of every table. A catalog that is
 * down changes nothing: the last entities stay, the error is logged, and
 * `lastError` says why.
 */
export class IcebergTableEntityProvider implements EntityProvider {
  #connection?: EntityProviderConnection;
  /** entity name -> its JSON, as last applied. */
  #applied?: Map<string, string>;
  /** What each table's metadata said when it was last loaded, by ref and table. */
  readonly #loaded = new Map<string, { facts: TableFacts; at: number }>();
  lastError?: string;

  constructor(
    private readonly options: {
      config: IcebergTablesConfig;
      logger: LoggerService;
      /** Tables (`namespace.table`) that hand-written entities claim: not emitted again. */
      claimedTables?: () => Promise<Set<string>>;
    },
  ) {}

  getProviderName(): string {
    return 'lakehouse-iceberg-tables';
  }

  async connect(connection: EntityProviderConnection): Promise<void> {
    this.#connection = connection;
  }

  /** One read of the catalog, applied to the catalog as a full or a delta mutation. */
  async refresh(): Promise<{ tables: number; added: number; removed: number }> {
    if (!this.#connection) throw new Error('not connected to the catalog yet');
    const { logger } = this.options;
    let entities: Entity[];
    try {
      const claimed = (await this.options.claimedTables?.()) ?? new Set();
      const tables = await this.#readTables();
      for (const branch of this.options.config.branches) {
        tables.push(...(await this.#readTables(branch)));
      }
      entities = tables
        .filter(
          t => t.branch || !claimed.has([...t.namespace, t.name].join('.')),
        )
        .map(t => tableEntity(t, this.options.config));
    } catch (e) {
      this.lastError = `Reading the Iceberg catalog at ${
        this.options.config.catalogUri
      } failed: ${
        (e as Error).message
      }; the tables already in the catalog are kept`;
      logger.warn(this.lastError);
      return { tables: this.#applied?.size ?? 0, added: 0, removed: 0 };
    }
    this.lastError = undefined;
    const next = new Map(
      entities.map(e => [e.metadata.name, JSON.stringify(e)]),
    );
    const deferred = (e: Entity) => ({
      entity: e,
      locationKey: this.getProviderName(),
    });
    if (!this.#applied) {
      await this.#connection.applyMutation({
        type: 'full',
        entities: entities.map(deferred),
      });
      this.#applied = next;
      return { tables: entities.length, added: entities.length, removed: 0 };
    }
    const previous = this.#applied;
    const added = entities.filter(
      e => previous.get(e.metadata.name) !== next.get(e.metadata.name),
    );
    const removed = [...previous.keys()].filter(name => !next.has(name));
    if (added.length || removed.length) {
      await this.#connection.applyMutation({
        type: 'delta',
        added: added.map(deferred),
        removed: removed.map(name => ({
          entity: JSON.parse(previous.get(name)!) as Entity,
          locationKey: this.getProviderName(),
        })),
      });
    }
    this.#applied = next;
    return {
      tables: entities.length,
      added: added.length,
      removed: removed.length,
    };
  }

  /** The tables of the default branch, or of `branch`. */
  async #readTables(branch?: string): Promise<TableFacts[]> {
    const { config } = this.options;
    const bounded = boundedFetch({
      timeoutMs: config.timeoutMs,
      maxBytes: MAX_ANSWER_BYTES,
    });
    const configPath = `${config.catalogUri}/v1/config`;
    const catalog = new IcebergRestCatalog({
      baseUrl: config.catalogUri,
      warehouse: config.warehouse,
      // Nessie serves a branch's configuration (its prefix, `dev|warehouse`) under `<uri>/<branch>`;
      // every later call then names the branch through that prefix.
      fetch: branch
        ? (input, init) => {
            const url = String(input instanceof Request ? input.url : input);
            return bounded(
              url.startsWith(configPath)
                ? `${config.catalogUri}/${encodeURIComponent(
                    branch,
                  )}${url.slice(config.catalogUri.length)}`
                : input,
              init,
            );
          }
        : bounded,
    });
    await catalog.loadConfig();
    // Some catalogs list nested namespaces at the top as well: each table once.
    const identifiers = new Map<
      string,
      { namespace: string[]; name: string }
    >();
    const visited = new Set<string>();
    const visit = async (parent?: string[]) => {
      for (const namespace of await pages(token =>
        catalog
          .listNamespaces({
            ...(parent && { parent: { namespace: parent } }),
            pageToken: token,
          })
          .then(r => ({ items: r.namespaces, next: r.nextPageToken })),
      )) {
        const key = namespace.namespace.join('\u001f');
        if (visited.has(key)) continue;
        visited.add(key);
        for (const t of await pages(token =>
          catalog
            .listTables(namespace, { pageToken: token })
            .then(r => ({ items: r.identifiers, next: r.nextPageToken })),
        )) {
          identifiers.set([...t.namespace, t.name].join('\u001f'), t);
        }
        await visit(namespace.namespace);
      }
    };
    await visit();
    const listed = new Map(
      [...identifiers].map(([key, id]) => [`${branch ?? ''}\u0000${key}`, id]),
    );
    const limit = pLimit(CONCURRENCY);
    const load = async (id: {
      namespace: string[];
      name: string;
    }): Promise<TableFacts | undefined> => {
      let metadata: any;
      try {
        metadata = await catalog.loadTable(id);
      } catch (e) {
        // Dropped between the listing and this load: not a failure of the catalog.
        if ((e as { status?: number }).status === 404) return undefined;
        throw e;
      }
      const schema =
        metadata.schemas?.find(
          (s: any) => s['schema-id'] === metadata['current-schema-id'],
        ) ?? metadata.schemas?.[0];
      return {
        namespace: id.namespace,
        name: id.name,
        ...(branch && { branch }),
        uuid: metadata['table-uuid'],
        location: metadata.location,
        properties: metadata.properties ?? {},
        columns: schema?.fields?.length ?? 0,
      };
    };
    const toLoad = this.#dueForLoad(listed, branch);
    const now = Date.now();
    await Promise.all(
      toLoad.map(key =>
        limit(async () => {
          const facts = await load(listed.get(key)!);
          if (facts) this.#loaded.set(key, { facts, at: now });
          else this.#loaded.delete(key);
        }),
      ),
    );
    return [...listed.keys()]
      .map(key => this.#loaded.get(key)?.facts)
      .filter((t): t is TableFacts => t !== undefined);
  }

  /**
   * The listed tables to load now: every new one, and the longest-loaded share of the others, so
   * that each is loaded again about every `rereadInterval`, spread over the refreshes. Forgets the
   * tables of `branch` that are no longer listed.
   */
  #dueForLoad(listed: Map<string, unknown>, branch?: string): string[] {
    const { frequencyMs, rereadIntervalMs } = this.options.config;
    const prefix = `${branch ?? ''}\u0000`;
    for (const key of this.#loaded.keys()) {
      if (key.startsWith(prefix) && !listed.has(key)) this.#loaded.delete(key);
    }
    const known = [...listed.keys()].filter(key => this.#loaded.has(key));
    const share = Math.ceil(
      (known.length * frequencyMs) / Math.max(rereadIntervalMs, frequencyMs),
    );
    const stale = known
      .sort((a, b) => this.#loaded.get(a)!.at - this.#loaded.get(b)!.at)
      .slice(0, share);
    return [
      ...[...listed.keys()].filter(key => !this.#loaded.has(key)),
      ...stale,
    ];
  }
}

/** Every item of a paged listing. */
async function pages<T>(
  page: (token?: string) => Promise<{ items: T[]; next?: string | null }>,
): Promise<T[]> {
  const all: T[] = [];
  let token: string | undefined;
  do {
    const { items, next } = await page(token);
    all.push(...items);
    token = next ?? undefined;
  } while (token);
  return all;
}
