import type { LoggerService } from '@backstage/backend-plugin-api';
import {
  type IcebergTableSource,
  IncrementalTableReader,
  SharedRefresh,
} from '@internal/plugin-lakehouse-node';
import type { ModelVersion } from '@internal/plugin-recommender-common';
import { MODEL_VERSION_COLUMNS, toModelVersion } from './modelVersionRow';

/** Default bound of one refresh; each catalog and object-store call has its own, shorter one. */
export const DEFAULT_REFRESH_TIMEOUT_MS = 60_000;

export interface VersionsSnapshot {
  table: string;
  /** Newest first. */
  versions: ModelVersion[];
  stale?: { error: string; since: string };
}

function newestFirst(a: ModelVersion, b: ModelVersion): number {
  return (
    Date.parse(b.createdAt) - Date.parse(a.createdAt) ||
    b.versionId.localeCompare(a.versionId)
  );
}

/**
 * The model versions table in memory: refreshed in the background and when a request finds it
 * older than the refresh interval, one refresh at a time, each bounded by a timeout (a hung
 * catalog or object store marks the versions stale instead of holding requests). Only snapshots
 * committed since the last read are read (appends); anything else reads the table again. A
 * missing table is no versions; a failed read keeps the last versions and says why beside them.
 */
export class ModelVersionsService {
  #reader: IncrementalTableReader;
  readonly #versions = new Map<string, ModelVersion>();
  #sorted?: ModelVersion[];
  readonly #refresh: SharedRefresh;
  #failure?: { error: string; since: number };

  constructor(
    private readonly options: {
      source: IcebergTableSource;
      logger: LoggerService;
      refreshTimeoutMs?: number;
    },
  ) {
    this.#reader = this.#newReader();
    this.#refresh = new SharedRefresh({
      run: signal => this.#read(signal),
      timeoutMs: options.refreshTimeoutMs ?? DEFAULT_REFRESH_TIMEOUT_MS,
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
      MODEL_VERSION_COLUMNS,
    );
  }

  /** One refresh at a time; callers arriving meanwhile share it. */
  refresh(): Promise<void> {
    return this.#refresh.run();
  }

  /** Refreshes data older than `maxAgeMs`, waiting at most `waitMs` for it. */
  refreshIfStale(maxAgeMs: number, waitMs = 2_000): Promise<void> {
    return this.#refresh.ifOlderThan(maxAgeMs, waitMs);
  }

  snapshot(): VersionsSnapshot {
    this.#sorted ??= [...this.#versions.values()].sort(newestFirst);
    return {
      table: this.table,
      versions: this.#sorted,
      ...(this.#failure && {
        stale: {
          error: this.#failure.error,
          since: new Date(this.#failure.since).toISOString(),
        },
      }),
    };
  }

  get(versionId: string): ModelVersion | undefined {
    return this.#versions.get(versionId);
  }

  #failed(error: string) {
    this.options.logger.warn(error);
    this.#failure = { error, since: this.#failure?.since ?? Date.now() };
  }

  async #read(signal: AbortSignal): Promise<void> {
    const { source, logger } = this.options;
    try {
      const metadata = await source.loadTable(signal);
      signal.throwIfAborted();
      if (!metadata) {
        // No training has run yet: no versions. A table created later starts afresh.
        this.#versions.clear();
        this.#sorted = undefined;
        this.#reader = this.#newReader();
        this.#failure = undefined;
        return;
      }
      const result = await this.#reader.refresh(metadata, signal);
      // Given up meanwhile: the timeout's error stands and nothing of this read is kept.
      signal.throwIfAborted();
      // From here on nothing throws: the reader has moved on, so its rows must land whole.
      if (result.reset) this.#versions.clear();
      const invalid: string[] = [];
      for (const row of result.rows) {
        const version = toModelVersion(row);
        if ('invalid' in version) {
          invalid.push(version.invalid);
          continue;
        }
        const known = this.#versions.get(version.versionId);
        // A run recorded twice (its ready row committed, then a failure recorded): the ready row wins.
        if (known?.status === 'ready' && version.status === 'failed') continue;
        this.#versions.set(version.versionId, version);
      }
      if (result.reset || result.rows.length) this.#sorted = undefined;
      this.#failure = undefined;
      if (invalid.length) {
        logger.warn(
          `Left out ${invalid.length} row(s) of ${this.table} that are not model versions, e.g. ${invalid[0]}`,
        );
      }
    } catch (e) {
      if (signal.aborted) return;
      this.#failed(`Reading ${this.table} failed: ${(e as Error).message}`);
    }
  }
}
