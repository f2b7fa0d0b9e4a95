import type { LoggerService } from '@backstage/backend-plugin-api';
import {
  type IcebergTableSource,
  IncrementalTableReader,
  SharedRefresh,
} from '@internal/plugin-lakehouse-node';

/** A row as the table gives it, converted; or why it is not one (logged, left out). */
export type Converted<T> = T | { invalid: string };

/** One read of a reference table, as requests see it. */
export interface ReferenceTableSnapshot<T> {
  /** `namespace.table`. */
  table: string;
  /** By key. */
  rows: ReadonlyMap<string, T>;
  /** The table does not exist (yet). */
  missing: boolean;
  /** The table has been read (or found missing) at least once. */
  loaded: boolean;
  /** The last read failed: `rows` are from the last good read (none if there was none). */
  stale?: { error: string; since: string };
}

/** How long a request waits for a read of the table: the first one longer, as it has nothing else. */
const WAIT_FIRST_MS = 10_000;
const WAIT_MS = 2_000;

/**
 * A small Iceberg table (users, products: hundreds to thousands of rows) kept in memory and read
 * again, through the shared reader of lakehouse-node, when a request finds it older than
 * `maxAgeMs`. The batch job overwrites it on each run, so a refresh after a run reads it whole;
 * appends are read incrementally. One read at a time, bounded by `refreshTimeoutMs`; a failed read
 * keeps the last rows and says why. Rows that do not convert are left out (logged).
 */
export class ReferenceTable<T> {
  #reader: IncrementalTableReader;
  #rows = new Map<string, T>();
  #missing = false;
  #loaded = false;
  readonly #refresh: SharedRefresh;
  #failure?: { error: string; since: number };

  constructor(
    private readonly options: {
      source: IcebergTableSource;
      columns: string[];
      convert(row: Record<string, unknown>): Converted<T>;
      key(row: T): string;
      logger: LoggerService;
      maxAgeMs: number;
      refreshTimeoutMs: number;
    },
  ) {
    this.#reader = this.#newReader();
    this.#refresh = new SharedRefresh({
      run: signal => this.#read(signal),
      timeoutMs: options.refreshTimeoutMs,
      onTimeout: timeoutMs =>
        this.#failed(
          `Reading ${this.table} did not finish within ${timeoutMs} ms (the catalog or the object store hangs)`,
        ),
    });
  }

  get table(): string {
    return this.options.source.table;
  }

  #newReader() {
    return new IncrementalTableReader(
      this.options.source.files,
      this.options.columns,
    );
  }

  /** The rows, read again first when older than `maxAgeMs` (waiting a bounded time for it). */
  async current(): Promise<ReferenceTableSnapshot<T>> {
    await this.#refresh.ifOlderThan(
      this.options.maxAgeMs,
      this.#loaded ? WAIT_MS : WAIT_FIRST_MS,
    );
    return {
      table: this.table,
      rows: this.#rows,
      missing: this.#missing,
      loaded: this.#loaded,
      ...(this.#failure && {
        stale: {
          error: this.#failure.error,
          since: new Date(this.#failure.since).toISOString(),
        },
      }),
    };
  }

  /** One read at a time; callers arriving meanwhile share it. */
  refresh(): Promise<void> {
    return this.#refresh.run();
  }

  #failed(error: string) {
    this.options.logger.warn(error);
    this.#failure = { error, since: this.#failure?.since ?? Date.now() };
  }

  async #read(signal: AbortSignal): Promise<void> {
    const { source, convert, key, logger } = this.options;
    try {
      const metadata = await source.loadTable(signal);
      signal.throwIfAborted();
      if (!metadata) {
        this.#rows = new Map();
        this.#reader = this.#newReader();
        this.#missing = true;
        this.#loaded = true;
        this.#failure = undefined;
        return;
      }
      const result = await this.#reader.refresh(metadata, signal);
      signal.throwIfAborted();
      // From here on nothing throws: the reader has moved on, so its rows must land whole.
      const rows = result.reset ? new Map<string, T>() : new Map(this.#rows);
      const invalid: string[] = [];
      for (const raw of result.rows) {
        const row = convert(raw);
        if (typeof row === 'object' && row !== null && 'invalid' in row) {
          invalid.push((row as { invalid: string }).invalid);
          continue;
        }
        rows.set(key(row as T), row as T);
      }
      this.#rows = rows;
      this.#missing = false;
      this.#loaded = true;
      this.#failure = undefined;
      if (invalid.length) {
        logger.warn(
          `Left out ${invalid.length} row(s) of ${this.table}, e.g. ${invalid[0]}`,
        );
      }
    } catch (e) {
      if (signal.aborted) return;
      this.#failed(`Reading ${this.table} failed: ${(e as Error).message}`);
    }
  }
}
